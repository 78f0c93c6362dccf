/// How the outermost transaction of a ``SQLiteConnection`` begins.
public enum SQLiteTransactionKind: String, Sendable {
    /// Locks on first read or write; may fail with `SQLITE_BUSY` on upgrade.
    case deferred = "DEFERRED"
    /// Takes the write lock at once: the right kind for writers.
    case immediate = "IMMEDIATE"
    /// Like `.immediate` (WAL readers are never blocked).
    case exclusive = "EXCLUSIVE"
}
