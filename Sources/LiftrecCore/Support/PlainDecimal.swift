extension Double {
    /// The value of plain decimal text such as `180`, `2.5` or `.5`: ASCII digits and at most one point (too many
    /// digits read as infinity, for the caller's range check); nil for the signs, exponents, `inf`, `nan` and hex
    /// that `Double(_:)` also reads.
    init?<Text: StringProtocol>(plainDecimal text: Text) {
        let parts = text.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        guard parts.allSatisfy({ $0.allSatisfy { $0.isASCII && $0.isNumber } }), parts.contains(where: { !$0.isEmpty }),
              let value = Double(String(text))
        else { return nil }
        self = value
    }
}
