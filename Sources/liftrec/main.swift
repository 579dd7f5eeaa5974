import Glibc
import LiftrecCore

exit(await Liftrec.run(Environment.live(arguments: Array(CommandLine.arguments.dropFirst()))))
