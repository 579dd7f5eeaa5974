import LiftrecCore

/// The target this binary fuzzes, named by the binary: `fuzz-json` runs `FuzzEntry.json`.
let target: FuzzEntry = {
    let name = CommandLine.arguments.first.map { String($0.split(separator: "/").last ?? "") } ?? ""
    guard name.hasPrefix("fuzz-"), let target = FuzzEntry(rawValue: String(name.dropFirst("fuzz-".count))) else {
        fatalError("run this binary as fuzz-TARGET, TARGET one of \(FuzzEntry.allCases.map(\.rawValue).joined(separator: ", ")); it is named \(name)")
    }
    return target
}()

/// libFuzzer's entry point: runs the target on one input and crashes when a property it checks does not hold.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    if let problem = target.run(UnsafeBufferPointer(start: data, count: size)) {
        fatalError(problem)
    }
    return 0
}
