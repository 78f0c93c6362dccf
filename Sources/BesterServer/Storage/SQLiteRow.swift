import CSQLite

/// The current row of a stepping ``SQLiteStatement``, with typed reads by
/// column index (0-based, as in SQLite).
///
/// Reads are strict: `string(at:)` of an `INTEGER` or `NULL` column throws
/// rather than converting, so a schema mistake surfaces at once. Read a
/// nullable column with `isNull(at:)` first, or whole with `value(at:)`.
/// A row is valid only until its statement steps again or is reset.
public struct SQLiteRow {
    let statement: SQLiteStatement

    /// The number of columns in the result.
    public var columnCount: Int { Int(sqlite3_column_count(statement.handle)) }

    /// True when the column at `index` holds SQL `NULL`.
    public func isNull(at index: Int) throws(SQLiteError) -> Bool {
        try storageType(at: index) == SQLITE_NULL
    }

    /// The `INTEGER` at `index`.
    public func int64(at index: Int) throws(SQLiteError) -> Int64 {
        let column = try expect(SQLITE_INTEGER, at: index)
        return sqlite3_column_int64(statement.handle, column)
    }

    /// The `INTEGER` at `index`, as an `Int`.
    public func int(at index: Int) throws(SQLiteError) -> Int {
        Int(try int64(at: index))
    }

    /// The `REAL` at `index`; an `INTEGER` is converted, as SQL arithmetic would.
    public func double(at index: Int) throws(SQLiteError) -> Double {
        let column = try checkedColumn(index)
        let type = sqlite3_column_type(statement.handle, column)
        guard type == SQLITE_FLOAT || type == SQLITE_INTEGER else {
            throw mismatch(index, expected: "REAL", found: type)
        }
        return sqlite3_column_double(statement.handle, column)
    }

    /// The `TEXT` at `index`. Invalid UTF-8 (which only a foreign writer could
    /// have stored) is repaired with U+FFFD.
    public func string(at index: Int) throws(SQLiteError) -> String {
        let column = try expect(SQLITE_TEXT, at: index)
        let count = Int(sqlite3_column_bytes(statement.handle, column))
        guard let text = sqlite3_column_text(statement.handle, column) else { return "" }
        return String(decoding: UnsafeBufferPointer(start: text, count: count), as: UTF8.self)
    }

    /// The `BLOB` at `index`.
    public func bytes(at index: Int) throws(SQLiteError) -> [UInt8] {
        let column = try expect(SQLITE_BLOB, at: index)
        let count = Int(sqlite3_column_bytes(statement.handle, column))
        guard let blob = sqlite3_column_blob(statement.handle, column) else { return [] }
        return Array(UnsafeRawBufferPointer(start: blob, count: count))
    }

    /// The column at `index` whatever its type.
    public func value(at index: Int) throws(SQLiteError) -> SQLiteValue {
        switch try storageType(at: index) {
        case SQLITE_INTEGER: return .integer(try int64(at: index))
        case SQLITE_FLOAT: return .real(try double(at: index))
        case SQLITE_TEXT: return .text(try string(at: index))
        case SQLITE_BLOB: return .blob(try bytes(at: index))
        default: return .null
        }
    }

    private func storageType(at index: Int) throws(SQLiteError) -> Int32 {
        sqlite3_column_type(statement.handle, try checkedColumn(index))
    }

    private func expect(_ type: Int32, at index: Int) throws(SQLiteError) -> Int32 {
        let column = try checkedColumn(index)
        let found = sqlite3_column_type(statement.handle, column)
        guard found == type else { throw mismatch(index, expected: Self.typeName(type), found: found) }
        return column
    }

    private func checkedColumn(_ index: Int) throws(SQLiteError) -> Int32 {
        guard index >= 0, index < columnCount else {
            throw SQLiteError(
                code: SQLITE_RANGE,
                message: "column \(index) does not exist; the result has \(columnCount) columns",
                sql: statement.sql)
        }
        return Int32(index)
    }

    private func mismatch(_ index: Int, expected: String, found: Int32) -> SQLiteError {
        let name = sqlite3_column_name(statement.handle, Int32(index)).map { String(cString: $0) } ?? "?"
        return SQLiteError(
            code: SQLITE_MISMATCH,
            message: "column \(index) (\(name)) holds \(Self.typeName(found)), expected \(expected)",
            sql: statement.sql)
    }

    private static func typeName(_ type: Int32) -> String {
        switch type {
        case SQLITE_INTEGER: "INTEGER"
        case SQLITE_FLOAT: "REAL"
        case SQLITE_TEXT: "TEXT"
        case SQLITE_BLOB: "BLOB"
        default: "NULL"
        }
    }
}
