// TEMPORARY placeholder until the sampler branch lands; removed before that merge.
public struct SchemaSampler: Sendable {
    public init(seed: Int, salt: String) {}
    public func sample(_ schema: JSONValue) -> JSONValue { .object(JSONObject()) }
}
