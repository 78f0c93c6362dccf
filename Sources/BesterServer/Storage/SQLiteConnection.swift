import CSQLite

/// One open SQLite connection: running SQL, cached prepared statements,
/// transactions.
///
/// You never create one: ``SQLiteDatabase`` owns the only connection and lends
/// it to a closure while holding its lock. It is deliberately not `Sendable`;
/// use it only inside that closure and do not keep it (nor statements or rows
/// from it) after the closure returns.
public final class SQLiteConnection {
    let handle: OpaquePointer
    /// Prepared statements by SQL text. A statement in use is taken out, so a
    /// nested use of the same SQL (from inside a row closure) prepares its own.
    private var cachedStatements: [String: SQLiteStatement] = [:]
    private var savepointDepth = 0
    private static let statementCacheLimit = 64

    init(path: String, options: SQLiteDatabase.Options) throws {
        var opened: OpaquePointer?
        // NOMUTEX: SQLiteDatabase's lock already serialises every use.
        let flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_EXRESCODE
        let result = sqlite3_open_v2(path, &opened, flags, nil)
        guard result == SQLITE_OK, let opened else {
            let error = SQLiteError.lastError(of: opened, code: result, sql: nil)
            sqlite3_close_v2(opened)
            throw SQLiteError(code: error.code, message: "cannot open \(path): \(error.message)", sql: nil)
        }
        handle = opened
        try configure(path: path, options: options)
    }

    deinit {
        cachedStatements.removeAll()
        // close_v2 defers the close if a statement somehow outlives us.
        sqlite3_close_v2(handle)
    }

    private func configure(path: String, options: SQLiteDatabase.Options) throws {
        let milliseconds = options.busyTimeout.components.seconds * 1000
            + options.busyTimeout.components.attoseconds / 1_000_000_000_000_000
        sqlite3_busy_timeout(handle, Int32(clamping: milliseconds))
        let journalMode = try queryFirst("PRAGMA journal_mode = WAL") { try $0.string(at: 0) }
        // An in-memory database has no file to journal to and answers "memory".
        guard journalMode == "wal" || SQLiteDatabase.isInMemory(path: path) else {
            throw SQLiteError(
                code: SQLITE_ERROR,
                message: "cannot switch \(path) to WAL journaling (journal_mode is \(journalMode ?? "unknown"))",
                sql: "PRAGMA journal_mode = WAL")
        }
        try execute("PRAGMA synchronous = \(options.synchronous.rawValue)")
        try execute("PRAGMA foreign_keys = ON")
    }

    /// Runs one or more SQL statements with no parameters and no results,
    /// e.g. a migration script.
    public func execute(_ sql: String) throws(SQLiteError) {
        var message: UnsafeMutablePointer<CChar>?
        let result = sqlite3_exec(handle, sql, nil, nil, &message)
        guard result == SQLITE_OK else {
            let text = message.map { String(cString: $0) } ?? String(cString: sqlite3_errstr(result))
            sqlite3_free(message)
            throw SQLiteError(code: sqlite3_extended_errcode(handle), message: text, sql: sql)
        }
    }

    /// Prepares a statement the caller owns (not cached). ``run(_:_:)`` and
    /// ``query(_:_:row:)`` are usually simpler.
    public func prepare(_ sql: String) throws(SQLiteError) -> SQLiteStatement {
        var statement: OpaquePointer?
        let result = sqlite3_prepare_v3(handle, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &statement, nil)
        guard result == SQLITE_OK, let statement else {
            throw SQLiteError.lastError(of: handle, code: result == SQLITE_OK ? SQLITE_MISUSE : result, sql: sql)
        }
        return SQLiteStatement(handle: statement, sql: sql)
    }

    /// Runs a statement that returns no rows (INSERT, UPDATE, DELETE, DDL)
    /// with `parameters` bound to its `?`s, and returns how many rows it changed.
    @discardableResult
    public func run(_ sql: String, _ parameters: [SQLiteValue] = []) throws -> Int {
        try withCachedStatement(sql) { statement in
            try statement.bind(parameters)
            while try statement.step() != nil {}
            return Int(sqlite3_changes64(handle))
        }
    }

    /// Runs a query with `parameters` bound and maps every row through `row`.
    public func query<Row>(
        _ sql: String, _ parameters: [SQLiteValue] = [], row: (SQLiteRow) throws -> Row
    ) throws -> [Row] {
        try withCachedStatement(sql) { statement in
            try statement.bind(parameters)
            var rows: [Row] = []
            while let current = try statement.step() {
                rows.append(try row(current))
            }
            return rows
        }
    }

    /// Runs a query and maps its first row, or returns nil when there is none.
    public func queryFirst<Row>(
        _ sql: String, _ parameters: [SQLiteValue] = [], row: (SQLiteRow) throws -> Row
    ) throws -> Row? {
        try withCachedStatement(sql) { statement in
            try statement.bind(parameters)
            return try statement.step().map(row)
        }
    }

    /// The rowid of the last row this connection inserted.
    public var lastInsertedRowID: Int64 { sqlite3_last_insert_rowid(handle) }

    /// True while a transaction is open on this connection.
    public var isInTransaction: Bool { sqlite3_get_autocommit(handle) == 0 }

    /// The schema version stored in the database header (`PRAGMA user_version`).
    public func userVersion() throws -> Int {
        try queryFirst("PRAGMA user_version") { try $0.int(at: 0) } ?? 0
    }

    /// Sets `PRAGMA user_version`; inside a transaction it commits or rolls back with it.
    public func setUserVersion(_ version: Int) throws(SQLiteError) {
        try execute("PRAGMA user_version = \(Int32(clamping: version))")
    }

    /// Runs `body` in a transaction: committed when it returns, rolled back
    /// when it throws. Inside another transaction it becomes a savepoint, so
    /// it nests and rolls back only its own part.
    ///
    /// `kind` matters only for the outermost one. `.immediate` (the default)
    /// takes the write lock at `BEGIN`, so a writer waits (up to the busy
    /// timeout) at the start rather than failing half-way when another
    /// process, such as an admin command, holds the database.
    @discardableResult
    public func transaction<Result>(
        _ kind: SQLiteTransactionKind = .immediate, _ body: () throws -> Result
    ) throws -> Result {
        if isInTransaction {
            return try inSavepoint(body)
        }
        try execute("BEGIN \(kind.rawValue)")
        let result: Result
        do {
            result = try body()
            try execute("COMMIT")
        } catch {
            // A failed COMMIT may leave the transaction open; close it either way.
            if isInTransaction { try? execute("ROLLBACK") }
            throw error
        }
        return result
    }

    private func inSavepoint<Result>(_ body: () throws -> Result) throws -> Result {
        savepointDepth += 1
        defer { savepointDepth -= 1 }
        let name = "bester_savepoint_\(savepointDepth)"
        try execute("SAVEPOINT \(name)")
        do {
            let result = try body()
            try execute("RELEASE \(name)")
            return result
        } catch {
            try? execute("ROLLBACK TO \(name)")
            try? execute("RELEASE \(name)")
            throw error
        }
    }

    private func withCachedStatement<Result>(_ sql: String, _ body: (SQLiteStatement) throws -> Result) throws -> Result {
        let statement: SQLiteStatement
        if let cached = cachedStatements.removeValue(forKey: sql) {
            statement = cached
        } else {
            statement = try prepare(sql)
        }
        // Reset even on error: an unfinished read would pin a WAL snapshot
        // and keep checkpoints from completing.
        defer {
            statement.reset()
            if cachedStatements.count < Self.statementCacheLimit {
                cachedStatements[sql] = statement
            }
        }
        return try body(statement)
    }
}
