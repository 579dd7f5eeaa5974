/// `liftrec merge STORE...`: folds shard stores into the suite's store, keeping for each key the fixture recorded last.
struct MergeCommand: Sendable {
    /// Seconds to wait for another liftrec's lock.
    var waitLock: Double = 0

    /// A merge with default options.
    init() {}

    /// Merges `inputs` (in command-line order) into the one store of the selected suites.
    func run(_ workspace: Workspace, inputs: [Store], environment: Environment) async throws(LiftrecError) -> CommandResult {
        guard !inputs.isEmpty else {
            throw .usage("nothing to merge; give the shard stores, as in 'liftrec merge shards/1/provider.json shards/2/provider.json'")
        }
        let target = try Self.target(workspace, inputs: inputs)
        for input in inputs {
            if let format = input["format"]?.stringValue {
                throw .store(file: input.display, reason: "is a \(quoted(format)) file, not a store of fixtures; give the stores that 'record --shard' wrote")
            }
        }
        return try await StoreTransaction.run([target], writing: true, wait: waitLock, environment: environment) {
            (transaction: inout StoreTransaction) throws(LiftrecError) -> CommandResult in
            let current = transaction.store(target.path, display: target.display)
            var winners: [String: (entry: JSONValue, source: Int, time: Double?)] = [:]
            var order: [String] = []
            // Source 0 is the store itself; inputs follow in command-line order, so a later file wins a tie.
            for (source, store) in ([current] + inputs).enumerated() {
                for fixture in store.fixtures {
                    let time = Self.recordedAt(fixture)
                    if let held = winners[fixture.key], Self.isNewer(held.time, than: time) { continue }
                    if winners[fixture.key] == nil { order.append(fixture.key) }
                    winners[fixture.key] = (fixture.entry.value, source, time)
                }
            }
            let names = workspace.selected.filter { $0.storePath == target.path }.map(\.name)
            var report = SuiteReport(name: names.joined(separator: ","), store: target.display)
            var counts = Array(repeating: 0, count: inputs.count + 1)
            for key in order {
                guard let winner = winners[key] else { continue }
                counts[winner.source] += 1
                guard winner.source > 0 else {
                    report.cases.append(CaseReport(key: key, status: .kept))
                    continue
                }
                if current[key] != winner.entry { try transaction.set(winner.entry, key: key, in: target.path) }
                report.cases.append(CaseReport(key: key, status: .merged, details: JSONObject([("from", .string(inputs[winner.source - 1].display))])))
            }
            var text = ""
            for (index, input) in inputs.enumerated() {
                text += "merge: \(counts[index + 1]) fixture\(counts[index + 1] == 1 ? "" : "s") from \(input.display)\n"
            }
            text += "merge: \(target.display) now holds \(order.count) fixture\(order.count == 1 ? "" : "s"); \(counts[0]) kept from before\n"
            var summary = JSONObject([("fixtures", .number(JSONNumber(order.count))), ("kept", .number(JSONNumber(counts[0])))])
            summary["from"] = .object(JSONObject(inputs.enumerated().map { ($1.display, .number(JSONNumber(counts[$0 + 1]))) }))
            return CommandResult(report: CommandReport(command: "merge", ok: true, suites: [report], summary: summary), text: text, exitStatus: 0)
        }
    }

    /// The store to merge into: the selected suites' one store, else the one whose file name the shards share.
    ///
    /// `record --shard` writes the suite's store under the store's own file name, so `shards/*/provider.json` can
    /// only be meant for the store named `provider.json`, unless two stores in different folders share that name.
    static func target(_ workspace: Workspace, inputs: [Store]) throws(LiftrecError) -> (path: String, display: String) {
        let stores = workspace.selectedStores
        if stores.count == 1, let only = stores.first { return only }
        let fileNames = Array(Set(inputs.map { FileSystem.baseName($0.path) })).sorted()
        let matching = stores.filter { fileNames == [FileSystem.baseName($0.path)] }
        if matching.count == 1, let only = matching.first { return only }
        let example = "as in 'liftrec merge --suite \(workspace.selected.first?.name ?? "NAME") \(inputs.map(\.display).joined(separator: " "))'"
        if fileNames.count > 1 {
            throw .usage("the shard stores have different file names (\(fileNames.joined(separator: ", "))), so they are not one suite's; merge one suite's shards at a time, naming it with --suite NAME")
        }
        let name = fileNames.first ?? ""
        if matching.isEmpty {
            throw .usage("no store of the suites \(workspace.selected.map(\.name).joined(separator: ", ")) is named \(singleQuoted(name)), so the suite to merge into is unclear; name it with --suite NAME, \(example)")
        }
        throw .usage("\(matching.count) stores are named \(singleQuoted(name)) (\(matching.map(\.display).joined(separator: ", "))); name the suite to merge into with --suite NAME, \(example)")
    }

    private static func recordedAt(_ fixture: Fixture) -> Double? {
        (try? fixture.facts())??.recordedAt.flatMap(Timestamp.parse)
    }

    // An undated fixture is older than any dated one; equal times let the later source win.
    private static func isNewer(_ held: Double?, than candidate: Double?) -> Bool {
        switch (held, candidate) {
        case (.some(let held), .some(let candidate)): return held > candidate
        case (.some, .none): return true
        case (.none, _): return false
        }
    }
}
