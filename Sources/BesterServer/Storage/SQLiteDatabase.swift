import CSQLite
import Dispatch
import Synchronization

/// An SQLite database (a file, or `:memory:`) behind one connection and a lock,
/// usable from any thread.
///
/// Opening sets the connection up the same way every time:
/// - `journal_mode = WAL`: readers never block the writer, and a commit is one
///   append to the `-wal` file.
/// - `synchronous = NORMAL` (see ``Options/Synchronous``): a committed
///   transaction survives the process being killed (`kill -9`, a crash); only
///   an operating-system crash or power loss can undo the last few commits.
///   `FULL` closes that gap at the cost of an `fsync` per commit.
/// - a busy timeout, so a second process (an admin command) waits its turn;
/// - `foreign_keys = ON`.
///
/// Every use goes through ``withConnection(_:)`` (on the caller's thread) or
/// ``perform(_:)`` (on the database's own serial queue, for async callers such
/// as event loops that must not block). Both hold the lock for the whole
/// closure, so one closure sees no interleaving from another.
public final class SQLiteDatabase: Sendable {
    /// The path the database was opened at (`:memory:` for an in-memory one).
    public let path: String
    /// Nil once closed. The mutex is the only way to the connection.
    private let connection: Mutex<SQLiteConnection?>
    private let queue: DispatchQueue

    /// Opens (creating if needed) the database file at `path`.
    /// `":memory:"` opens a private in-memory database.
    public init(path: String, options: Options = Options()) throws {
        self.path = path
        connection = Mutex(try SQLiteConnection(path: path, options: options))
        queue = DispatchQueue(label: "bester.sqlite")
    }

    /// Opens a private in-memory database, for tests and embedders that keep
    /// nothing across restarts.
    public static func inMemory(options: Options = Options()) throws -> SQLiteDatabase {
        try SQLiteDatabase(path: ":memory:", options: options)
    }

    /// Runs `body` with the connection, holding the lock, on the calling
    /// thread. Keep nothing from the connection after `body` returns.
    @discardableResult
    public func withConnection<Result: Sendable>(_ body: (SQLiteConnection) throws -> Result) throws -> Result {
        try connection.withLock { connection in
            guard let connection else { throw SQLiteError.databaseClosed }
            return try body(connection)
        }
    }

    /// Runs `body` in a transaction (see ``SQLiteConnection/transaction(_:_:)``),
    /// holding the lock, on the calling thread.
    @discardableResult
    public func transaction<Result: Sendable>(
        _ kind: SQLiteTransactionKind = .immediate, _ body: (SQLiteConnection) throws -> Result
    ) throws -> Result {
        try withConnection { connection in
            try connection.transaction(kind) { try body(connection) }
        }
    }

    /// Runs `body` with the connection on the database's serial queue and
    /// resumes the caller with its result: the way for code on an event loop
    /// (or any async context) to reach the database without blocking.
    /// The commit is done (and has reached the `-wal` file) when this returns.
    @discardableResult
    public func perform<Result: Sendable>(
        _ body: @escaping @Sendable (SQLiteConnection) throws -> Result
    ) async throws -> Result {
        try await withCheckedThrowingContinuation { continuation in
            queue.async {
                continuation.resume(with: Swift.Result { try self.withConnection(body) })
            }
        }
    }

    /// Closes the connection. Later uses throw `SQLITE_MISUSE` ("the database
    /// is closed"). Closing the last connection checkpoints the `-wal` file
    /// into the database and removes it. Closing twice is harmless.
    public func close() {
        connection.withLock { $0 = nil }
    }

    static func isInMemory(path: String) -> Bool {
        path == ":memory:" || path.isEmpty
    }
}
