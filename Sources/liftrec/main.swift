import LiftrecCore

#if canImport(Glibc)
import Glibc
#endif

exit(await Liftrec.run(Environment.live(arguments: Array(CommandLine.arguments.dropFirst()))))
