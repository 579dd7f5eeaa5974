import Foundation
import Testing
@testable import LiftrecCore

@Suite struct CertificateBundleTests {
    private static let pem = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n"

    @Test func cacertWinsOverCurlCABundleWhichWinsOverSSLCertFile() throws {
        let project = try TestProject(suites: [:])
        for name in ["flag.pem", "curl.pem", "ssl.pem"] {
            try Data(Self.pem.utf8).write(to: URL(fileURLWithPath: project.root + "/" + name))
        }
        let both = ["CURL_CA_BUNDLE": "curl.pem", "SSL_CERT_FILE": "ssl.pem"]
        func resolve(_ flag: String?, _ variables: [String: String]) throws -> CertificateBundle? {
            try CertificateBundle.resolve(flag: flag, variables: variables, workingDirectory: project.root)
        }
        #expect(try resolve("flag.pem", both) == CertificateBundle(path: project.root + "/flag.pem", source: "--cacert"))
        #expect(try resolve(nil, both) == CertificateBundle(path: project.root + "/curl.pem", source: "CURL_CA_BUNDLE"))
        #expect(try resolve(nil, ["CURL_CA_BUNDLE": "", "SSL_CERT_FILE": "ssl.pem"])?.source == "SSL_CERT_FILE")
        #expect(try resolve(nil, [:]) == nil)
    }

    @Test func aDirectoryIsRefusedWithTheVariableThatNamedIt() throws {
        let project = try TestProject(suites: [:])
        #expect(throws: LiftrecError.endpoint(
            "CA certificates from SSL_CERT_FILE: cannot read '\(project.root)': Is a directory; "
                + "point SSL_CERT_FILE at a PEM file of CA certificates, or unset it"
        )) {
            try CertificateBundle.resolve(flag: nil, variables: ["SSL_CERT_FILE": project.root], workingDirectory: "/")
        }
    }
}
