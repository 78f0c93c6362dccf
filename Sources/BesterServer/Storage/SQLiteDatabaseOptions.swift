extension SQLiteDatabase {
    /// How a database connection is set up when it opens.
    public struct Options: Sendable, Equatable {
        /// How long a statement waits for a lock held by another connection
        /// (another process) before failing with `SQLITE_BUSY`. Default 5 s.
        public var busyTimeout: Duration
        /// When a commit is forced to stable storage. Default `.normal`.
        public var synchronous: Synchronous

        /// Creates options; the defaults suit a server.
        public init(busyTimeout: Duration = .seconds(5), synchronous: Synchronous = .normal) {
            self.busyTimeout = busyTimeout
            self.synchronous = synchronous
        }

        /// SQLite's `PRAGMA synchronous` levels that make sense with WAL.
        public enum Synchronous: String, Sendable {
            /// A commit is written to the `-wal` file (the OS page cache) but
            /// not `fsync`ed; the WAL is synced at each checkpoint. Survives a
            /// killed or crashed process; a power loss or kernel crash may
            /// roll back the most recent commits (never corrupts the file).
            case normal = "NORMAL"
            /// Every commit is `fsync`ed before it returns: survives power loss
            /// too, at the cost of one disk flush per transaction.
            case full = "FULL"
        }
    }
}
