import CSQLite

/// A prepared SQL statement of one ``SQLiteConnection``.
///
/// Bind parameters (1-based, as in SQLite), then ``step()`` through the rows.
/// A statement belongs to the connection that prepared it and, like the
/// connection, is used only inside the ``SQLiteDatabase`` closure that handed
/// the connection out; it is deliberately not `Sendable`.
public final class SQLiteStatement {
    /// The SQL text the statement was prepared from.
    public let sql: String
    let handle: OpaquePointer

    init(handle: OpaquePointer, sql: String) {
        self.handle = handle
        self.sql = sql
    }

    deinit { sqlite3_finalize(handle) }

    /// The number of `?` parameters the SQL declares.
    public var parameterCount: Int { Int(sqlite3_bind_parameter_count(handle)) }

    /// Binds `values` to parameters 1...n; their count must match the SQL's.
    public func bind(_ values: [SQLiteValue]) throws(SQLiteError) {
        guard values.count == parameterCount else {
            throw SQLiteError(
                code: SQLITE_RANGE,
                message: "the statement has \(parameterCount) parameters but \(values.count) values were given",
                sql: sql)
        }
        for (offset, value) in values.enumerated() {
            try bind(value, at: offset + 1)
        }
    }

    /// Binds one value to the parameter at `index` (1-based).
    public func bind(_ value: SQLiteValue, at index: Int) throws(SQLiteError) {
        switch value {
        case .integer(let integer): try bind(integer, at: index)
        case .real(let real): try bind(real, at: index)
        case .text(let text): try bind(text, at: index)
        case .blob(let bytes): try bind(bytes, at: index)
        case .null: try bindNull(at: index)
        }
    }

    /// Binds a 64-bit integer to the parameter at `index` (1-based).
    public func bind(_ value: Int64, at index: Int) throws(SQLiteError) {
        try check(sqlite3_bind_int64(handle, Int32(index), value))
    }

    /// Binds a double to the parameter at `index` (1-based).
    public func bind(_ value: Double, at index: Int) throws(SQLiteError) {
        try check(sqlite3_bind_double(handle, Int32(index), value))
    }

    /// Binds text to the parameter at `index` (1-based). The whole string is
    /// bound, including any NUL characters inside it.
    public func bind(_ value: String, at index: Int) throws(SQLiteError) {
        var text = value
        let result = text.withUTF8 { utf8 -> Int32 in
            guard let base = utf8.baseAddress, !utf8.isEmpty else {
                // A null pointer would bind NULL, not the empty string.
                return sqlite3_bind_text(handle, Int32(index), "", 0, Self.transient)
            }
            return base.withMemoryRebound(to: CChar.self, capacity: utf8.count) {
                sqlite3_bind_text64(handle, Int32(index), $0, UInt64(utf8.count), Self.transient, UInt8(SQLITE_UTF8))
            }
        }
        try check(result)
    }

    /// Binds bytes as a blob to the parameter at `index` (1-based).
    public func bind(_ value: [UInt8], at index: Int) throws(SQLiteError) {
        let result = value.withUnsafeBytes { bytes -> Int32 in
            guard let base = bytes.baseAddress, !bytes.isEmpty else {
                // A null pointer would bind NULL, not an empty blob.
                return sqlite3_bind_zeroblob(handle, Int32(index), 0)
            }
            return sqlite3_bind_blob64(handle, Int32(index), base, UInt64(bytes.count), Self.transient)
        }
        try check(result)
    }

    /// Binds SQL `NULL` to the parameter at `index` (1-based).
    public func bindNull(at index: Int) throws(SQLiteError) {
        try check(sqlite3_bind_null(handle, Int32(index)))
    }

    /// Runs the statement to its next row. Returns the row, valid until the
    /// next `step()` or `reset()`, or nil when the statement is done.
    public func step() throws(SQLiteError) -> SQLiteRow? {
        switch sqlite3_step(handle) {
        case SQLITE_ROW: return SQLiteRow(statement: self)
        case SQLITE_DONE: return nil
        case let code: throw SQLiteError.lastError(of: sqlite3_db_handle(handle), code: code, sql: sql)
        }
    }

    /// Rewinds the statement so it can run again and clears its bindings.
    /// Ends the read it was doing, so a finished query holds no snapshot open.
    public func reset() {
        // sqlite3_reset repeats the error of the last step, which step() already threw.
        sqlite3_reset(handle)
        sqlite3_clear_bindings(handle)
    }

    private func check(_ result: Int32) throws(SQLiteError) {
        guard result == SQLITE_OK else {
            throw SQLiteError.lastError(of: sqlite3_db_handle(handle), code: result, sql: sql)
        }
    }

    /// `SQLITE_TRANSIENT`: SQLite copies bound text and blobs before returning,
    /// so the Swift buffers need to live only for the call. The C macro is a
    /// cast of -1, which Swift cannot import.
    private static var transient: sqlite3_destructor_type {
        unsafeBitCast(OpaquePointer(bitPattern: -1), to: sqlite3_destructor_type.self)
    }
}
