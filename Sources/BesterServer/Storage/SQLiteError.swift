import CSQLite

/// An error reported by SQLite, or by this layer when a result does not have
/// the shape the caller asked for.
///
/// It carries SQLite's own message and the SQL that failed, so a log line
/// names both what went wrong and where.
public struct SQLiteError: Error, Equatable, CustomStringConvertible {
    /// SQLite's extended result code (for example `SQLITE_CONSTRAINT_UNIQUE`).
    /// Errors raised by this layer itself use `SQLITE_MISUSE` (database
    /// closed), `SQLITE_RANGE` (bad column or parameter index) or
    /// `SQLITE_MISMATCH` (a column read with the wrong type).
    public let code: Int32
    /// What SQLite (or this layer) said.
    public let message: String
    /// The statement that failed, when there was one.
    public let sql: String?

    /// Creates an error from a result code, a message and the SQL involved.
    public init(code: Int32, message: String, sql: String?) {
        self.code = code
        self.message = message
        self.sql = sql
    }

    /// The primary result code (the low byte of ``code``), e.g. `SQLITE_CONSTRAINT`.
    public var primaryCode: Int32 { code & 0xFF }

    /// True for any constraint violation (unique, foreign key, not null, check).
    public var isConstraintViolation: Bool { primaryCode == SQLITE_CONSTRAINT }

    public var description: String {
        let name = String(cString: sqlite3_errstr(code))
        var text = "SQLite error \(code) (\(name)): \(message)"
        if let sql { text += " [in: \(sql)]" }
        return text
    }

    /// The error the connection `database` reports for `code` right now.
    static func lastError(of database: OpaquePointer?, code: Int32, sql: String?) -> SQLiteError {
        let message = database.flatMap { sqlite3_errmsg($0) }.map { String(cString: $0) }
            ?? String(cString: sqlite3_errstr(code))
        let extended = database.map { sqlite3_extended_errcode($0) } ?? code
        // The extended code refines the one we were handed; keep ours if they disagree.
        return SQLiteError(code: extended & 0xFF == code & 0xFF ? extended : code, message: message, sql: sql)
    }

    static let databaseClosed = SQLiteError(code: SQLITE_MISUSE, message: "the database is closed", sql: nil)
}
