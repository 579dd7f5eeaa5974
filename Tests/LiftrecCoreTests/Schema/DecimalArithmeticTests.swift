import Testing
@testable import LiftrecCore

@Suite struct DecimalArithmeticTests {
    private func decimal(_ text: String) -> JSONNumber.Decimal {
        JSONNumber(text: text).decimal
    }

    @Test(arguments: [
        ("-1", "0"), ("0", "1e-300"), ("0.1", "0.10000000000000001"), ("-2", "-1.5"),
        ("9.99", "10"), ("1e2", "101"), ("-1e3", "-999"), ("123", "1234"),
    ])
    func ordersByExactValue(smaller: String, larger: String) {
        #expect(decimal(smaller) < decimal(larger))
        #expect(!(decimal(larger) < decimal(smaller)))
    }

    @Test func equalValuesAreNotLess() {
        #expect(!(decimal("1.0") < decimal("1")))
        #expect(!(decimal("-0") < decimal("0")))
    }

    @Test(arguments: [
        ("0.3", "0.1", true), ("0.35", "0.1", false), ("1e-2", "0.01", true), ("100", "0.01", true),
        ("12", "4", true), ("13", "4", false), ("1e20", "7", false), ("7e20", "7", true),
        ("0", "0.37", true), ("-0.74", "0.37", true), ("999999999999999999", "999999999999999999", true),
        ("4.5", "1.5", true), ("4.6", "1.5", false),
    ])
    func multiplesAreExact(value: String, divisor: String, expected: Bool) {
        #expect(decimal(value).isMultiple(of: decimal(divisor)) == expected)
    }
}
