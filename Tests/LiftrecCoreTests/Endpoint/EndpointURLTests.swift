import Testing
@testable import LiftrecCore

@Suite struct EndpointURLTests {
    private func siblings(_ text: String) throws -> [String] {
        let url = try EndpointURL(parsing: text)
        return try EndpointURL.Sibling.allCases.map { try url.sibling($0).absoluteString }
    }

    @Test func labelStyleReplacesTheGenerateSuffixOfTheFirstLabel() throws {
        #expect(try siblings("https://ws--generate.modal.run") == ["https://ws--health.modal.run", "https://ws--warmup.modal.run"])
        #expect(try siblings("https://ws--myapp-generate.modal.run/") == ["https://ws--myapp-health.modal.run/", "https://ws--myapp-warmup.modal.run/"])
        #expect(try siblings("https://WS--GENERATE.Modal.run") == ["https://WS--health.Modal.run", "https://WS--warmup.Modal.run"])
    }

    @Test func pathStyleReplacesTheLastPathSegment() throws {
        #expect(try siblings("http://127.0.0.1:8080/generate") == ["http://127.0.0.1:8080/health", "http://127.0.0.1:8080/warmup"])
        #expect(try siblings("http://[::1]:9/api/v1/generate") == ["http://[::1]:9/api/v1/health", "http://[::1]:9/api/v1/warmup"])
        // The path wins when both could apply: an app serving routes under one label.
        #expect(try siblings("https://ws--generate.modal.run/generate") == ["https://ws--generate.modal.run/health", "https://ws--generate.modal.run/warmup"])
    }

    @Test func siblingsKeepCredentialsPortAndQuery() throws {
        #expect(try siblings("https://u:p@ws--generate.modal.run:8443/?token=x")
            == ["https://u:p@ws--health.modal.run:8443/?token=x", "https://u:p@ws--warmup.modal.run:8443/?token=x"])
    }

    @Test(arguments: ["https://example.com/v1/complete", "http://127.0.0.1:8080/", "https://regenerate.example.com",
                      "http://10.0.0.1/generate/", "https://ws--generate-x.modal.run"])
    func urlsOfNeitherStyleHaveNoSiblings(text: String) throws {
        let url = try EndpointURL(parsing: text)
        #expect(throws: EndpointURL.ParseError.noSiblings(url: url.redacted, sibling: .health)) { try url.sibling(.health) }
    }

    @Test func redactionDropsUserinfoQueryAndFragment() throws {
        let url = try EndpointURL(parsing: "https://user:pw@host/generate?token=x#part")
        #expect(url.redacted == "https://host/generate")
        #expect(url.description == "https://host/generate")
        #expect("\(url)" == "https://host/generate")
        #expect(url.absoluteString == "https://user:pw@host/generate?token=x")
        #expect(url.userinfo == "user:pw")
        #expect(url.query == "token=x")
    }

    @Test func partsAreParsed() throws {
        let url = try EndpointURL(parsing: "HTTP://Example.COM:8080")
        #expect(url.scheme == .http)
        #expect(url.host == "Example.COM")
        #expect(url.port == 8080)
        #expect(url.path == "")
        #expect(url.query == nil)
        #expect(url.absoluteString == "http://Example.COM:8080")
        #expect(try EndpointURL(parsing: "https://h/x?").query == nil)
    }

    @Test(arguments: [
        ("ftp://user:pw@host/x?token=t", EndpointURL.ParseError.unsupportedScheme(url: "ftp://host/x", scheme: "ftp")),
        ("user:pw@host/generate?token=t", .missingScheme(url: "host/generate")),
        ("", .missingScheme(url: "")),
        ("sim", .missingScheme(url: "sim")),
        ("https://user:pw@/generate?token=t", .invalidHost(url: "https:///generate")),
        ("https://-host/", .invalidHost(url: "https://-host/")),
        ("http://[::1/", .invalidHost(url: "http://[::1/")),
        ("http://[]/", .invalidHost(url: "http://[]/")),
        ("http://host:0/", .invalidPort(url: "http://host:0/")),
        ("http://host:65536/", .invalidPort(url: "http://host:65536/")),
        ("http://host:+80/", .invalidPort(url: "http://host:+80/")),
        ("http://host:/", .invalidPort(url: "http://host:/")),
        ("http://host:80:80/", .invalidPort(url: "http://host:80:80/")),
        ("http://ho st/", .invalidCharacter(offset: 9)),
        ("http://höst/", .invalidCharacter(offset: 8)),
        ("http://host/\u{0}", .invalidCharacter(offset: 12)),
    ])
    func malformedURLsAreRejectedWithoutLeakingSecrets(text: String, expected: EndpointURL.ParseError) {
        #expect(throws: expected) { try EndpointURL(parsing: text) }
        #expect(!expected.description.contains("pw") && !expected.description.contains("token"))
    }

    @Test func errorMessagesQuoteTheURLAndSayWhatToDo() {
        #expect(EndpointURL.ParseError.unsupportedScheme(url: "ftp://host/x", scheme: "ftp").description
            == #"endpoint URL "ftp://host/x" uses scheme "ftp"; only http and https are supported"#)
        #expect(EndpointURL.ParseError.noSiblings(url: "https://h/x", sibling: .warmup).description.hasPrefix(
            #"cannot derive the warmup URL from "https://h/x": the first host label must end in "generate""#))
    }
}
