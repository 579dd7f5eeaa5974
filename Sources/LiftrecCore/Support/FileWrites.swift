/// The writes that make fixtures and reports durable, as one value the environment carries, so a test can make the
/// disk fail, or fill, without root or a real device.
struct FileWrites: Sendable {
    /// Appends `bytes` to the open file `fd` (named `path`) and syncs it to disk.
    var appendDurably: @Sendable (_ bytes: [UInt8], _ fd: Int32, _ path: String) throws(FileError) -> Void
    /// Replaces the store at `path` atomically and durably, through a symlink to its target.
    var writeStore: @Sendable (_ bytes: UnsafeRawBufferPointer, _ path: String) throws(FileError) -> Void
    /// Writes a report file by the rules for report paths.
    var writeReport: @Sendable (_ bytes: [UInt8], _ path: String) throws(FileError) -> Void

    /// Writes from their parts.
    init(
        appendDurably: @escaping @Sendable (_ bytes: [UInt8], _ fd: Int32, _ path: String) throws(FileError) -> Void,
        writeStore: @escaping @Sendable (_ bytes: UnsafeRawBufferPointer, _ path: String) throws(FileError) -> Void,
        writeReport: @escaping @Sendable (_ bytes: [UInt8], _ path: String) throws(FileError) -> Void
    ) {
        self.appendDurably = appendDurably
        self.writeStore = writeStore
        self.writeReport = writeReport
    }

    /// The real file system's writes.
    static let live = FileWrites(
        appendDurably: { (bytes, fd, path) throws(FileError) in try FileSystem.appendDurably(bytes, to: fd, path: path) },
        writeStore: { (bytes, path) throws(FileError) in try FileSystem.writeStore(bytes, to: path) },
        writeReport: { (bytes, path) throws(FileError) in try FileSystem.writeReport(bytes, to: path) }
    )
}
