/// Where a project keeps its suites and stores, and how paths are shown relative to its root.
enum ProjectLayout {
    /// The folder, relative to the root, that holds suite files.
    static let suitesFolder = "fixtures/suites"

    /// The root: `--root` when given, else the nearest ancestor of `workingDirectory` that holds `fixtures/suites/`.
    static func findRoot(explicit: String?, workingDirectory: String) throws(LiftrecError) -> String {
        if let explicit {
            let root = normalized(FileSystem.resolve(explicit, against: workingDirectory))
            guard FileSystem.isDirectory(root) else {
                throw .usage("--root \(quoted(explicit)) is not a directory; pass the folder that holds fixtures/suites/")
            }
            return root
        }
        var candidate = normalized(workingDirectory)
        while true {
            if FileSystem.isDirectory(candidate + "/" + suitesFolder) { return candidate }
            let parent = FileSystem.directoryName(candidate)
            if parent == candidate { break }
            candidate = parent
        }
        throw .usage("no \(suitesFolder)/ folder in \(quoted(workingDirectory)) or any parent; run liftrec inside a project, or pass --root DIR")
    }

    /// Whether `workingDirectory` or a parent holds `fixtures/suites/`.
    static func isInsideProject(_ workingDirectory: String) -> Bool {
        (try? findRoot(explicit: nil, workingDirectory: workingDirectory)) != nil
    }

    /// The names of every suite under the root, sorted.
    static func suiteNames(root: String) throws(LiftrecError) -> [String] {
        let folder = root + "/" + suitesFolder
        let names: [String]
        do {
            names = try FileSystem.list(folder)
        } catch {
            throw .io(error)
        }
        // A learned suite whose run was killed before it wrote the suite file exists only as its journal; an empty
        // journal (left by an older liftrec) holds no case, so it makes no suite.
        let files = names.filter { $0.hasSuffix(".json") && !$0.hasPrefix(".") }.map { String($0.dropLast(5)) }
        let journaled = names.filter { $0.hasPrefix(".") && $0.hasSuffix(".json.journal") }.map { String($0.dropFirst().dropLast(13)) }
            .filter { !$0.isEmpty && !$0.hasPrefix(".") && Journal.holdsEntries(storePath: suitePath(root: root, name: $0)) }
        return Array(Set(files + journaled)).sorted()
    }

    /// The file of suite `name`.
    static func suitePath(root: String, name: String) -> String {
        root + "/" + suitesFolder + "/" + name + ".json"
    }

    /// `path` relative to `root` when it lies inside it, else unchanged.
    static func display(_ path: String, root: String) -> String {
        let prefix = root.hasSuffix("/") ? root : root + "/"
        return path.hasPrefix(prefix) ? String(path.dropFirst(prefix.count)) : path
    }

    /// `path` with `.` and `..` components and repeated slashes removed.
    static func normalized(_ path: String) -> String {
        var parts: [Substring] = []
        for part in path.split(separator: "/", omittingEmptySubsequences: true) {
            switch part {
            case ".": continue
            case "..": if !parts.isEmpty { parts.removeLast() }
            default: parts.append(part)
            }
        }
        return "/" + parts.joined(separator: "/")
    }
}
