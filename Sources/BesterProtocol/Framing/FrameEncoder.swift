/// Writes Bester frames: `[u32 little-endian length][body]`.
public enum FrameEncoder {
    /// Appends one frame holding `body` to `buffer`.
    public static func encode<Body: Collection>(body: Body, into buffer: inout ByteBuffer) where Body.Element == UInt8 {
        buffer.writeInteger(littleEndian: UInt32(truncatingIfNeeded: body.count))
        buffer.writeBytes(body)
    }

    /// Appends one frame whose body is the compact serialization of `value`.
    /// The body is serialized once and its length patched in afterwards.
    public static func encode(_ value: JSONValue, into buffer: inout ByteBuffer) {
        let lengthIndex = buffer.writerIndex
        buffer.writeInteger(littleEndian: UInt32(0))
        JSONSerializer.serialize(value, into: &buffer)
        let length = buffer.writerIndex - lengthIndex - 4
        buffer.setInteger(littleEndian: UInt32(truncatingIfNeeded: length), at: lengthIndex)
    }

    /// One frame holding `value`, as bytes (one exactly sized array).
    public static func frame(_ value: JSONValue) -> [UInt8] {
        JSONSerializer.frame(value)
    }
}
