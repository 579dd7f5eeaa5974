/// The PEM file of CA certificates that HTTPS endpoints are verified against, when the system's are not enough.
///
/// Chosen as curl chooses: `--cacert`, else `CURL_CA_BUNDLE`, else `SSL_CERT_FILE`; with none of them the
/// system's CA certificates apply. Like curl's `--cacert`, the file is trusted besides the system's CA directory.
struct CertificateBundle: Sendable, Equatable {
    /// The file's path, absolute.
    let path: String
    /// Where the path came from, for messages: `--cacert` or the variable's name.
    let source: String

    /// The variables read, in order of precedence after `--cacert`.
    static let variableNames = ["CURL_CA_BUNDLE", "SSL_CERT_FILE"]

    /// The bundle chosen by `flag` or `variables`, checked to be a readable PEM file; nil when none is chosen.
    static func resolve(
        flag: String?, variables: [String: String], workingDirectory: String
    ) throws(LiftrecError) -> CertificateBundle? {
        let chosen = flag.map { ("--cacert", $0) }
            ?? variableNames.lazy.compactMap { name in variables[name].flatMap { $0.isEmpty ? nil : (name, $0) } }.first
        guard let (source, given) = chosen else { return nil }
        let path = FileSystem.resolve(given, against: workingDirectory)
        let bytes: [UInt8]
        do {
            bytes = try FileSystem.read(path)
        } catch {
            throw .endpoint("CA certificates from \(source): \(error.message); \(remedy(source))")
        }
        guard containsCertificate(bytes) else {
            throw .endpoint("CA certificates from \(source): '\(given)' holds no PEM certificate; \(remedy(source))")
        }
        return CertificateBundle(path: path, source: source)
    }

    private static func remedy(_ source: String) -> String {
        source == "--cacert"
            ? "give a PEM file of CA certificates"
            : "point \(source) at a PEM file of CA certificates, or unset it"
    }

    private static func containsCertificate(_ bytes: [UInt8]) -> Bool {
        let marker = Array("-----BEGIN CERTIFICATE-----".utf8)
        guard bytes.count >= marker.count else { return false }
        return (0...(bytes.count - marker.count)).contains { start in bytes[start..<(start + marker.count)].elementsEqual(marker) }
    }
}
