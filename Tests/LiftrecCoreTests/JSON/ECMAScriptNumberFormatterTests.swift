import Testing
@testable import LiftrecCore

@Suite struct ECMAScriptNumberFormatterTests {
    /// Decimal texts written without a double must read as their nearest double prints.
    static let decimals = [
        "0.0", "-0.0", "0.7", "1.0", "1.50", "0.10", "-2.250", "123456789.012345", "0.000001", "0.0000001",
        "0.0000012345", "999999999999999.0", "1234567890123456.0", "0.1234567890123456", "10.000", "-0.000100",
        "5e-7", "1.5e3", "100",
    ]

    @Test(arguments: decimals)
    func aDecimalReadsAsItsNearestDoublePrints(_ text: String) throws {
        let written = try ECMAScriptNumberFormatter.text(of: JSONNumber(text: text))
        #expect(written == ECMAScriptNumberFormatter.text(of: try #require(Double(text))))
    }

    @Test func plainDecimalsKeepTheirOwnDigits() throws {
        #expect(try ECMAScriptNumberFormatter.text(of: JSONNumber(text: "0.70")) == "0.7")
        #expect(try ECMAScriptNumberFormatter.text(of: JSONNumber(text: "-0.0")) == "0")
        #expect(try ECMAScriptNumberFormatter.text(of: JSONNumber(text: "0.0000001")) == "1e-7")
    }
}
