/// One value as SQLite stores it: a bound parameter or a column read whole.
///
/// Literals make parameter lists short: `["alice", 42, nil]`.
public enum SQLiteValue: Sendable, Hashable {
    /// A 64-bit signed integer (SQLite `INTEGER`).
    case integer(Int64)
    /// A double-precision float (SQLite `REAL`).
    case real(Double)
    /// UTF-8 text (SQLite `TEXT`).
    case text(String)
    /// Raw bytes (SQLite `BLOB`).
    case blob([UInt8])
    /// SQL `NULL`.
    case null
}

extension SQLiteValue: ExpressibleByIntegerLiteral {
    public init(integerLiteral value: Int64) { self = .integer(value) }
}

extension SQLiteValue: ExpressibleByFloatLiteral {
    public init(floatLiteral value: Double) { self = .real(value) }
}

extension SQLiteValue: ExpressibleByStringLiteral {
    public init(stringLiteral value: String) { self = .text(value) }
}

extension SQLiteValue: ExpressibleByNilLiteral {
    public init(nilLiteral: ()) { self = .null }
}
