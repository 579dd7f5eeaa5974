import Testing
@testable import LiftrecCore

@Suite struct TransportErrorTests {
    @Test func everyMessageNamesTheURLWithoutItsSecrets() throws {
        let url = try EndpointURL(parsing: "https://user:pw@ws--generate.modal.run/?token=secret")
        let errors: [TransportError] = [
            .invalidHeader(url: url, name: "Modal-Key"), .refused(url: url, detail: "d"), .dns(url: url, detail: "d"),
            .tls(url: url, detail: "d"), .connectTimeout(url: url, seconds: 10), .timeout(url: url, seconds: 1),
            .tooLarge(url: url, limit: 1), .cancelled(url: url), .other(url: url, code: 52, text: "empty reply"),
        ]
        for error in errors {
            #expect(error.description.contains("https://ws--generate.modal.run/"))
            #expect(!error.description.contains("pw") && !error.description.contains("secret"))
            #expect(!error.description.contains("\n"))
        }
    }

    @Test func messagesReadAsWritten() throws {
        let url = try EndpointURL(parsing: "http://127.0.0.1:9/generate")
        #expect(TransportError.unavailable(library: "libcurl.so.4").description
            == "libcurl is not installed (libcurl.so.4); install the libcurl4 package to record or diff live")
        #expect(TransportError.timeout(url: url, seconds: 0.3).description
            == "no complete response from http://127.0.0.1:9/generate within 300ms; raise the timeout or check the endpoint's health")
        #expect(TransportError.connectTimeout(url: url, seconds: 10).description
            == "could not connect to http://127.0.0.1:9/generate within 10s; check the URL and the network")
        #expect(TransportError.other(url: url, code: 52, text: "Empty reply from server").description
            == "request to http://127.0.0.1:9/generate failed: Empty reply from server (libcurl error 52)")
        #expect(TransportError.other(url: url, code: 0, text: "cannot start a thread").description
            == "request to http://127.0.0.1:9/generate failed: cannot start a thread")
    }

    @Test func invalidHeaderQuotesTheNameEscapedAndNeverTheValue() throws {
        let url = try EndpointURL(parsing: "http://127.0.0.1:9/generate")
        let message = TransportError.invalidHeader(url: url, name: "Bad\r\nName").description
        #expect(message.hasPrefix(#"header "Bad\r\nName" for http://127.0.0.1:9/generate"#))
        #expect(!message.contains("\n"))
    }
}
