import Glibc

/// An append-only side file of recorded fixtures, so a paid-for reply survives `kill -9` without rewriting the store per fixture.
///
/// Each line is `{"key": K, "entry": E}`, written whole and fsynced before the fixture is reported as recorded.
/// Readers overlay it on the store; the next writer folds it into the store and removes it.
struct Journal: Sendable {
    /// The journal file (`.NAME.json.journal` beside the store).
    let path: String
    private let fd: Int32
    private let writes: FileWrites

    /// The journal file for `storePath`.
    static func path(for storePath: String) -> String {
        FileSystem.directoryName(storePath) + "/." + FileSystem.baseName(storePath) + ".journal"
    }

    /// Opens (creating if needed) the journal of `storePath` for appending; hold the store lock first.
    static func open(storePath: String, writes: FileWrites = .live) throws(LiftrecError) -> Journal {
        let path = path(for: storePath)
        let fd = Glibc.open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw .io(FileError(path: path, operation: "open journal", code: errno)) }
        return Journal(path: path, fd: fd, writes: writes)
    }

    /// Appends one fixture durably: when this returns, the entry survives a crash.
    ///
    /// A failed append is cut back off the file, so a torn line never swallows the next entry appended after it.
    func append(key: String, entry: JSONValue) throws(LiftrecError) {
        var line = JSONWriter.compact(.object(JSONObject([("key", .string(key)), ("entry", entry)])))
        line.append(UInt8(ascii: "\n"))
        var status = stat()
        let end = fstat(fd, &status) == 0 ? status.st_size : -1
        func undo() {
            if end >= 0 { _ = ftruncate(fd, end) }
        }
        do {
            try writes.appendDurably(line, fd, path)
        } catch {
            undo()
            throw .io(error)
        }
    }

    /// Closes the file.
    func close() {
        _ = Glibc.close(fd)
    }

    /// The complete entries of the journal of `storePath`, in order; a torn last line from a crash is skipped.
    static func entries(storePath: String) throws(LiftrecError) -> [(key: String, entry: JSONValue)] {
        let bytes: [UInt8]
        do {
            bytes = try FileSystem.read(path(for: storePath))
        } catch {
            if error.isNotFound { return [] }
            throw .io(error)
        }
        var result: [(String, JSONValue)] = []
        for line in bytes.split(separator: UInt8(ascii: "\n")) {
            guard let value = try? JSONParser.parse(Array(line)),
                  let key = value["key"]?.stringValue, let entry = value["entry"] else { continue }
            result.append((key, entry))
        }
        return result
    }

    /// True when the journal of `storePath` holds at least one byte, so there may be fixtures to fold in.
    static func holdsEntries(storePath: String) -> Bool {
        var status = stat()
        return stat(path(for: storePath), &status) == 0 && status.st_size > 0
    }

    /// Deletes the journal of `storePath` when it is an empty file; call it holding the store lock, before releasing it.
    ///
    /// Journals are opened before the first request, so that no reply is paid for that could not be kept; a run that
    /// kept nothing must not leave that empty file behind for `git add -A` to commit.
    static func removeIfEmpty(storePath: String) {
        let path = path(for: storePath)
        var status = stat()
        guard lstat(path, &status) == 0, (status.st_mode & S_IFMT) == S_IFREG, status.st_size == 0 else { return }
        unlink(path)
    }

    /// Deletes the journal of `storePath` once its entries are in the store.
    static func remove(storePath: String) throws(LiftrecError) {
        let path = path(for: storePath)
        if unlink(path) != 0 && errno != ENOENT {
            throw .io(FileError(path: path, operation: "remove journal", code: errno))
        }
    }
}
