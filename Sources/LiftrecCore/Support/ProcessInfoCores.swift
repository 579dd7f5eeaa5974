import Glibc

/// The number of online cores, read once.
enum ProcessInfoCores {
    /// Online processors, at least 1.
    static let count = max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))
}
