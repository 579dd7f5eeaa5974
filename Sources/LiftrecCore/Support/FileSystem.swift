import Glibc

/// Thin, typed wrappers over the POSIX file calls liftrec needs, so no command imports Foundation for files.
enum FileSystem {
    /// The most bytes liftrec reads from one file, 1 GiB: far above any real suite, store, journal or certificate
    /// bundle, yet a wrong path fails at once instead of filling memory.
    static let readLimit = 1 << 30

    /// Reads a whole regular file of at most `limit` bytes; a missing file is reported as `.notFound`.
    ///
    /// Anything else at the path (a FIFO, a device, a directory) is refused without reading, and opening never waits
    /// for a FIFO's writer.
    static func read(_ path: String, limit: Int = readLimit) throws(FileError) -> [UInt8] {
        let fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard fd >= 0 else { throw FileError(path: path, operation: "read", code: errno) }
        defer { close(fd) }
        var status = stat()
        guard fstat(fd, &status) == 0 else { throw FileError(path: path, operation: "read", code: errno) }
        if (status.st_mode & S_IFMT) == S_IFDIR { throw FileError(path: path, operation: "read", code: EISDIR) }
        guard (status.st_mode & S_IFMT) == S_IFREG else {
            throw FileError(path: path, operation: "read", code: EINVAL, detail: "it is \(kindName(status.st_mode)), not a regular file; give the path of a file")
        }
        let tooLarge = FileError(path: path, operation: "read", code: EFBIG, detail: "it is larger than liftrec's limit of \(limit) bytes for a file it reads")
        let size = Int(status.st_size)
        guard size <= limit else { throw tooLarge }
        // Read straight into the result, sized from fstat, so a large store is copied once.
        var failure: Int32 = 0
        var bytes = [UInt8](unsafeUninitializedCapacity: size) { buffer, initialized in
            initialized = 0
            guard let base = buffer.baseAddress else { return }
            while initialized < size {
                let count = Glibc.read(fd, base + initialized, size - initialized)
                if count < 0 && errno == EINTR { continue }
                if count < 0 { failure = errno }
                if count <= 0 { break }
                initialized += count
            }
        }
        if failure != 0 { throw FileError(path: path, operation: "read", code: failure) }
        // A file that grew after fstat is read on in chunks, still within the limit.
        var chunk = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw FileError(path: path, operation: "read", code: errno)
            }
            if count == 0 { break }
            guard bytes.count + count <= limit else { throw tooLarge }
            bytes.append(contentsOf: chunk[0..<count])
        }
        return bytes
    }

    /// Writes a report the way a careful tool treats a path that may not be its own.
    ///
    /// `-` is standard output; a device or FIFO gets a plain write; a symlink is followed to its target; a regular
    /// file, or a path that does not exist yet, is replaced atomically. A missing directory is an error, never created.
    static func writeReport(_ bytes: [UInt8], to path: String) throws(FileError) {
        if path == "-" { return try writeAll(bytes, to: 1, path: "standard output") }
        let (target, status) = try followLinks(path)
        guard let status else {
            let directory = directoryName(target)
            guard isDirectory(directory) else {
                throw FileError(path: path, operation: "write", code: ENOENT, detail: "directory '\(directory)' does not exist; create it first")
            }
            return try writeAtomically(bytes, to: target)
        }
        switch status.st_mode & S_IFMT {
        case S_IFREG:
            try checkWritable(target, status: status, display: path)
            try writeAtomically(bytes, to: target, mode: status.st_mode & 0o7777)
        case S_IFCHR, S_IFBLK, S_IFIFO, S_IFLNK:
            // A device, a FIFO, or a /proc/self/fd link to whatever stdout is: the reader owns it, so write into it.
            let fd = open(target, O_WRONLY | O_APPEND | O_CLOEXEC)
            guard fd >= 0 else { throw FileError(path: path, operation: "write", code: errno) }
            do throws(FileError) {
                try writeAll(bytes, to: fd, path: path)
            } catch {
                close(fd)
                throw error
            }
            guard close(fd) == 0 else { throw FileError(path: path, operation: "write", code: errno) }
        default:
            throw FileError(path: path, operation: "write", code: EINVAL, detail: "it is \(kindName(status.st_mode)); give the path of a file")
        }
    }

    /// Where a store at `path` is written: symlinks followed, and refused unless it is a writable regular file or absent.
    ///
    /// A symlink whose target is missing is refused too: writing through it would create the target, and the
    /// directories on the way to it, wherever the link happens to point.
    static func storeTarget(_ path: String) throws(FileError) -> String {
        let (target, status) = try followLinks(path)
        guard let status else {
            guard target == path else {
                throw FileError(path: path, operation: "write", code: ENOENT,
                                detail: "it is a symbolic link to '\(target)', which does not exist; create that store (a new one may hold just {}) or remove the link")
            }
            return target
        }
        guard (status.st_mode & S_IFMT) == S_IFREG else {
            throw FileError(path: path, operation: "write", code: EINVAL, detail: "it is \(kindName(status.st_mode)); a store must be a regular file")
        }
        try checkWritable(target, status: status, display: path)
        return target
    }

    /// Writes a store through any symlink to its target, atomically in the target's directory, leaving the link intact.
    static func writeStore(_ bytes: [UInt8], to path: String) throws(FileError) {
        try bytes.withUnsafeBytes { buffer in Result { () throws(FileError) in try writeStore(buffer, to: path) } }.get()
    }

    /// Replaces the store at `path` with `bytes` (see the `[UInt8]` form), from memory the caller holds.
    static func writeStore(_ bytes: UnsafeRawBufferPointer, to path: String) throws(FileError) {
        let target = try storeTarget(path)
        try createDirectories(directoryName(target))
        var status = stat()
        let mode = stat(target, &status) == 0 ? status.st_mode & 0o7777 : 0o644
        try writeAtomically(bytes, to: target, mode: mode)
    }

    // Root may write anything, so the mode bits are checked too: a file someone made read-only is not ours to replace.
    private static func checkWritable(_ path: String, status: stat, display: String) throws(FileError) {
        if (status.st_mode & 0o222) == 0 || access(path, W_OK) != 0 {
            let mode = String(status.st_mode & 0o7777, radix: 8)
            throw FileError(path: display, operation: "write", code: EACCES,
                            detail: "permission denied: the file is read-only (mode 0\(mode)); make it writable (chmod u+w) or choose another path")
        }
    }

    /// The path a write to `path` lands on after following symlinks, and its status; nil status when nothing is there.
    ///
    /// A link under /proc (such as /dev/stdout's target) is not followed: it names an open file, not a path.
    private static func followLinks(_ path: String) throws(FileError) -> (path: String, status: stat?) {
        var current = path
        for _ in 0..<40 {
            var status = stat()
            guard lstat(current, &status) == 0 else {
                if errno == ENOENT { return (current, nil) }
                throw FileError(path: path, operation: "write", code: errno)
            }
            guard (status.st_mode & S_IFMT) == S_IFLNK else { return (current, status) }
            if current.hasPrefix("/proc/") { return (current, status) }
            var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
            let count = readlink(current, &buffer, buffer.count - 1)
            guard count >= 0 else { throw FileError(path: path, operation: "follow link", code: errno) }
            let target = String(decoding: buffer[0..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
            current = target.hasPrefix("/") ? target : directoryName(current) + "/" + target
        }
        throw FileError(path: path, operation: "follow link", code: ELOOP)
    }

    /// "a FIFO", "a directory", … for a file mode.
    private static func kindName(_ mode: mode_t) -> String {
        switch mode & S_IFMT {
        case S_IFDIR: return "a directory"
        case S_IFIFO: return "a FIFO"
        case S_IFCHR: return "a character device"
        case S_IFBLK: return "a block device"
        case S_IFSOCK: return "a socket"
        case S_IFLNK: return "a symbolic link"
        default: return "a regular file"
        }
    }

    /// True when something exists at `path`.
    static func exists(_ path: String) -> Bool {
        access(path, F_OK) == 0
    }

    /// True when `path` is a directory.
    static func isDirectory(_ path: String) -> Bool {
        var status = stat()
        return stat(path, &status) == 0 && (status.st_mode & S_IFMT) == S_IFDIR
    }

    /// The names in a directory, sorted, without `.` and `..`.
    static func list(_ path: String) throws(FileError) -> [String] {
        guard let directory = opendir(path) else { throw FileError(path: path, operation: "list", code: errno) }
        defer { closedir(directory) }
        var names: [String] = []
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
    }

    /// Creates `path` and any missing parents.
    static func createDirectories(_ path: String) throws(FileError) {
        if isDirectory(path) { return }
        let parent = directoryName(path)
        if parent != path && !parent.isEmpty { try createDirectories(parent) }
        if mkdir(path, 0o755) != 0 && errno != EEXIST {
            throw FileError(path: path, operation: "create directory", code: errno)
        }
    }

    /// Replaces `path` with `bytes` so that no reader or crash ever sees a partial file.
    ///
    /// The bytes go to a temporary file in the same directory, are fsynced, renamed over the target,
    /// and the directory is fsynced, as git does for its lockfile-protected files.
    /// The caller makes sure the directory exists and that `path` is a regular file of its own or absent.
    static func writeAtomically(_ bytes: [UInt8], to path: String, mode: mode_t = 0o644) throws(FileError) {
        try bytes.withUnsafeBytes { buffer in Result { () throws(FileError) in try writeAtomically(buffer, to: path, mode: mode) } }.get()
    }

    /// Writes `bytes` atomically and durably (see the `[UInt8]` form), from memory the caller holds.
    static func writeAtomically(_ bytes: UnsafeRawBufferPointer, to path: String, mode: mode_t = 0o644) throws(FileError) {
        let directory = directoryName(path)
        var template = Array("\(directory)/.\(baseName(path)).tmp-XXXXXX".utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard fd >= 0 else { throw FileError(path: path, operation: "write", code: errno) }
        let temporary = template.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
        var committed = false
        defer {
            if !committed { unlink(temporary) }
        }
        do throws(FileError) {
            try writeAll(bytes, to: fd, path: path)
            guard fchmod(fd, mode) == 0, fsync(fd) == 0 else {
                throw FileError(path: path, operation: "write", code: errno)
            }
        } catch {
            close(fd)
            throw error
        }
        guard close(fd) == 0 else { throw FileError(path: path, operation: "write", code: errno) }
        guard rename(temporary, path) == 0 else { throw FileError(path: path, operation: "rename", code: errno) }
        committed = true
        try syncDirectory(directory)
    }

    /// Writes every byte to `fd`, retrying short writes and interruptions.
    static func writeAll(_ bytes: [UInt8], to fd: Int32, path: String) throws(FileError) {
        try bytes.withUnsafeBytes { buffer in Result { () throws(FileError) in try writeAll(buffer, to: fd, path: path) } }.get()
    }

    /// Writes every byte to `fd` (see the `[UInt8]` form), from memory the caller holds.
    static func writeAll(_ bytes: UnsafeRawBufferPointer, to fd: Int32, path: String) throws(FileError) {
        var offset = 0
        while offset < bytes.count {
            let written = Glibc.write(fd, bytes.baseAddress! + offset, bytes.count - offset)
            if written < 0 {
                if errno == EINTR { continue }
                throw FileError(path: path, operation: "write", code: errno)
            }
            // A write that takes nothing will never finish; say so rather than spin.
            if written == 0 { throw FileError(path: path, operation: "write", code: EIO, detail: "short write: the device took no more bytes") }
            offset += written
        }
    }

    /// Appends every byte to the open file `fd` and syncs it, so the bytes survive a crash once this returns.
    static func appendDurably(_ bytes: [UInt8], to fd: Int32, path: String) throws(FileError) {
        try writeAll(bytes, to: fd, path: path)
        guard fsync(fd) == 0 else { throw FileError(path: path, operation: "sync", code: errno) }
    }

    /// Flushes a directory's entries to disk so a rename inside it survives a crash.
    static func syncDirectory(_ directory: String) throws(FileError) {
        let fd = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { throw FileError(path: directory, operation: "sync", code: errno) }
        defer { close(fd) }
        guard fsync(fd) == 0 else { throw FileError(path: directory, operation: "sync", code: errno) }
    }

    /// The directory part of `path` (`.` when it has none).
    static func directoryName(_ path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        if slash == path.startIndex { return "/" }
        return String(path[..<slash])
    }

    /// The last component of `path`.
    static func baseName(_ path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return path }
        return String(path[path.index(after: slash)...])
    }

    /// `path` made absolute against `base` when it is relative.
    static func resolve(_ path: String, against base: String) -> String {
        if path.hasPrefix("/") { return path }
        if path == "." { return base }
        return base.hasSuffix("/") ? base + path : base + "/" + path
    }
}
