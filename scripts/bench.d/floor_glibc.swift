// Start-up floor: a Swift program that loads only the standard library and Glibc.
import Glibc

let message = "floor: glibc\n"
_ = message.withCString { fputs($0, stdout) }
