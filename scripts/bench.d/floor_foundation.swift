// Start-up floor: a Swift program that loads Foundation (and so also Dispatch and the ICU data it links).
import Foundation

let now = Date()
print("floor: foundation \(now.timeIntervalSince1970 > 0)")
