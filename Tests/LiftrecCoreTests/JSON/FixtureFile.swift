import Glibc

/// Reads test data from Tests/Fixtures, located relative to this source file.
enum FixtureFile {
    /// The bytes of `Tests/Fixtures/<relativePath>`, or nil when the file cannot be read.
    static func bytes(_ relativePath: String, filePath: String = #filePath) -> [UInt8]? {
        // This file is Tests/LiftrecCoreTests/JSON/FixtureFile.swift; Tests/ is three components up.
        var components = filePath.split(separator: "/", omittingEmptySubsequences: false)
        components.removeLast(3)
        let path = components.joined(separator: "/") + "/Fixtures/" + relativePath
        guard let file = fopen(path, "rb") else { return nil }
        defer { fclose(file) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let read = fread(&chunk, 1, chunk.count, file)
            guard read > 0 else { break }
            bytes.append(contentsOf: chunk[..<read])
        }
        return ferror(file) == 0 ? bytes : nil
    }
}
