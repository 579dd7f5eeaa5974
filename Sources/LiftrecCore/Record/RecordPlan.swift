/// Which cases a recording will send, and why each is sent or skipped.
struct RecordPlan: Sendable {
    /// One case to record.
    struct Item: Sendable {
        /// The suite it belongs to.
        let suite: Suite
        /// The case.
        let suiteCase: SuiteCase
        /// Why it is recorded (`missing`, `stale: prompt changed`, `--all`).
        let reason: String
    }

    /// Cases to record, warm-up cases first, then suite order.
    let items: [Item]
    /// Cases left alone, with the reason.
    let skipped: [(suite: String, key: String, reason: SkipReason)]
    /// Each planned suite's store, as shown to the user.
    let storeDisplay: [String: String]

    /// Plans the selected suites against their stores: every case whose fixture `verify` would fail is recorded
    /// again (missing, stale, invalid, truncated, an unexpected error or result, or older than `expiry`'s limit),
    /// and `shard` takes an equal share of the cases, the shares differing by at most one.
    init(
        workspace: Workspace, stores: [String: Store], only: [String], all: Bool, shard: (index: Int, count: Int)?,
        expiry: FixtureCheck.Expiry? = nil
    ) {
        var items: [Item] = []
        var skipped: [(String, String, SkipReason)] = []
        var candidates: [(suite: Suite, suiteCase: SuiteCase)] = []
        for suite in workspace.selected {
            for suiteCase in CaseSelection.filter(suite.cases, only: only) { candidates.append((suite, suiteCase)) }
        }
        let owners = shard.map { Self.shards(of: candidates.map { "\($0.suite.name)/\($0.suiteCase.key)" }, count: $0.count) }
        for (position, (suite, suiteCase)) in candidates.enumerated() {
            if let shard, let owners, owners[position] != shard.index {
                skipped.append((suite.name, suiteCase.key, .otherShard))
                continue
            }
            if all {
                items.append(Item(suite: suite, suiteCase: suiteCase, reason: "--all"))
                continue
            }
            let fixture = stores[suite.storePath]?.fixture(suiteCase.storeKey)
            switch Freshness(of: fixture, for: suiteCase) {
            case .missing:
                items.append(Item(suite: suite, suiteCase: suiteCase, reason: "missing"))
            case .unreadable:
                items.append(Item(suite: suite, suiteCase: suiteCase, reason: "unreadable metadata"))
            case .stale(let changed):
                items.append(Item(suite: suite, suiteCase: suiteCase, reason: "stale: \(changed.joined(separator: " and ")) changed"))
            case .legacy, .fresh:
                let check = FixtureCheck(suiteCase, fixture: fixture, suiteName: suite.name, strict: false, expiry: expiry)
                if Self.repaired.contains(check.status) {
                    items.append(Item(suite: suite, suiteCase: suiteCase, reason: "\(check.status.rawValue): \(check.problems.first?.message ?? "")"))
                } else {
                    skipped.append((suite.name, suiteCase.key, fixture?.isLegacy == true ? .legacy : .fresh))
                }
            }
        }
        self.items = items.filter { $0.suiteCase.warmup } + items.filter { !$0.suiteCase.warmup }
        self.skipped = skipped
        storeDisplay = Dictionary(workspace.selected.map { ($0.name, $0.storeDisplay) }, uniquingKeysWith: { first, _ in first })
    }

    /// The statuses of a present, fresh fixture that `record` repairs by recording the case again.
    static let repaired: Set<CaseStatus> = [.invalid, .truncated, .error, .unexpectedOK, .expired]

    /// The shard (1-based) of each label: labels sorted by a stable hash and dealt out in turn, so every machine
    /// splits the same cases the same way and the shards differ in size by at most one.
    static func shards(of labels: [String], count: Int) -> [Int] {
        let order = labels.indices.sorted { (hashKey(labels[$0]), labels[$0]) < (hashKey(labels[$1]), labels[$1]) }
        var result = Array(repeating: 1, count: labels.count)
        for (rank, index) in order.enumerated() { result[index] = rank % max(1, count) + 1 }
        return result
    }

    private static func hashKey(_ label: String) -> UInt64 {
        var value: UInt64 = 0
        for byte in SHA256.hash(Array(label.utf8)).prefix(8) { value = value << 8 | UInt64(byte) }
        return value
    }
}
