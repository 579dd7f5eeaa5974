/// Which cases a recording will send, and why each is sent or skipped.
public struct RecordPlan: Sendable {
    /// One case to record.
    public struct Item: Sendable {
        /// The suite it belongs to.
        public let suite: Suite
        /// The case.
        public let suiteCase: SuiteCase
        /// Why it is recorded (`missing`, `stale: prompt changed`, `--all`).
        public let reason: String
    }

    /// Cases to record, warm-up cases first, then suite order.
    public let items: [Item]
    /// Cases left alone, with the reason.
    public let skipped: [(suite: String, key: String, reason: SkipReason)]
    /// Each planned suite's store, as shown to the user.
    public let storeDisplay: [String: String]

    /// Plans the selected suites against their stores.
    public init(workspace: Workspace, stores: [String: Store], only: [String], all: Bool, shard: (index: Int, count: Int)?) {
        var items: [Item] = []
        var skipped: [(String, String, SkipReason)] = []
        for suite in workspace.selected {
            let store = stores[suite.storePath]
            for suiteCase in CaseSelection.filter(suite.cases, only: only) {
                if let shard, Self.shard(of: suiteCase.key, count: shard.count) != shard.index {
                    skipped.append((suite.name, suiteCase.key, .otherShard))
                    continue
                }
                if all {
                    items.append(Item(suite: suite, suiteCase: suiteCase, reason: "--all"))
                    continue
                }
                switch Freshness(of: store?.fixture(suiteCase.storeKey), for: suiteCase) {
                case .missing:
                    items.append(Item(suite: suite, suiteCase: suiteCase, reason: "missing"))
                case .legacy:
                    skipped.append((suite.name, suiteCase.key, .legacy))
                case .unreadable:
                    items.append(Item(suite: suite, suiteCase: suiteCase, reason: "unreadable metadata"))
                case .stale(let changed):
                    items.append(Item(suite: suite, suiteCase: suiteCase, reason: "stale: \(changed.joined(separator: " and ")) changed"))
                case .fresh:
                    skipped.append((suite.name, suiteCase.key, .fresh))
                }
            }
        }
        self.items = items.filter { $0.suiteCase.warmup } + items.filter { !$0.suiteCase.warmup }
        self.skipped = skipped
        storeDisplay = Dictionary(workspace.selected.map { ($0.name, $0.storeDisplay) }, uniquingKeysWith: { first, _ in first })
    }

    /// The shard (1-based) a key belongs to: a stable hash of the key, so shards split the same way on every machine.
    public static func shard(of key: String, count: Int) -> Int {
        let digest = SHA256.hash(Array(key.utf8))
        var value: UInt64 = 0
        for byte in digest.prefix(8) { value = value << 8 | UInt64(byte) }
        return Int(value % UInt64(max(1, count))) + 1
    }
}
