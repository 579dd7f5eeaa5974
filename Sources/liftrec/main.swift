import LiftrecCore

#if canImport(Glibc)
import Glibc
#endif

exit(Liftrec.run(Environment.live(arguments: Array(CommandLine.arguments.dropFirst()))))
