/// A MessagePack value (https://github.com/msgpack/msgpack/blob/master/spec.md).
///
/// The value is what was meant, not how it was spelled: every integer
/// encoding of the same number decodes to the same case (``integer(_:)``
/// for the signed 64-bit range, ``unsignedInteger(_:)`` only above
/// `Int64.max`), every string, binary, array, map and extension width alike.
/// The two float widths stay distinct, because a peer chose one of them.
/// The timestamp extension (type -1) is decoded into ``timestamp(_:)``.
///
/// Maps keep their entries in order, duplicates included (the format leaves
/// duplicates to the implementation); equality compares entries in order.
public enum MessagePackValue: Sendable, Hashable {
    /// nil (0xc0).
    case `nil`
    /// false (0xc2) or true (0xc3).
    case bool(Bool)
    /// An integer in the signed 64-bit range, however it was encoded.
    case integer(Int64)
    /// An integer above `Int64.max`; smaller ones are always ``integer(_:)``.
    case unsignedInteger(UInt64)
    /// A float 32.
    case float(Float)
    /// A float 64.
    case double(Double)
    /// A str: valid UTF-8 text.
    case string(String)
    /// A bin: raw bytes.
    case binary([UInt8])
    /// An array of any values.
    case array([MessagePackValue])
    /// A map: entries in order, keys of any kind.
    case map([MessagePackMapEntry])
    /// An application extension. Type -1 is the timestamp and never appears
    /// here when decoded; values with type -1 are written as given.
    case `extension`(type: Int8, data: [UInt8])
    /// The timestamp extension (type -1) in any of its three sizes.
    case timestamp(MessagePackTimestamp)
}

extension MessagePackValue {
    /// An integer, as ``integer(_:)``.
    public init(_ value: Int) { self = .integer(Int64(value)) }

    /// An unsigned integer, stored as ``integer(_:)`` whenever it fits.
    public init(_ value: UInt64) {
        self = value <= UInt64(Int64.max) ? .integer(Int64(value)) : .unsignedInteger(value)
    }
}

extension MessagePackValue: ExpressibleByBooleanLiteral, ExpressibleByIntegerLiteral, ExpressibleByFloatLiteral,
    ExpressibleByStringLiteral, ExpressibleByArrayLiteral
{
    /// A Boolean literal.
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    /// An integer literal.
    public init(integerLiteral value: Int64) { self = .integer(value) }
    /// A floating-point literal, as a float 64.
    public init(floatLiteral value: Double) { self = .double(value) }
    /// A string literal.
    public init(stringLiteral value: String) { self = .string(value) }
    /// An array literal.
    public init(arrayLiteral elements: MessagePackValue...) { self = .array(elements) }
}
