/// Writes Bester frames: `[u32 little-endian length][body]`.
public enum FrameEncoder {
    /// Appends one frame holding `body` to `buffer`.
    public static func encode<Body: Collection>(body: Body, into buffer: inout ByteBuffer) where Body.Element == UInt8 {
        buffer.writeInteger(littleEndian: UInt32(truncatingIfNeeded: body.count))
        buffer.writeBytes(body)
    }

    /// Appends one frame whose body is the compact serialization of `value`.
    /// The JSON is written in place and the length patched afterwards, so the
    /// body is never copied.
    public static func encode(_ value: JSONValue, into buffer: inout ByteBuffer) {
        let lengthIndex = buffer.writerIndex
        buffer.writeInteger(littleEndian: UInt32(0))
        JSONSerializer.serialize(value, into: &buffer)
        let length = buffer.writerIndex - lengthIndex - 4
        buffer.setInteger(littleEndian: UInt32(truncatingIfNeeded: length), at: lengthIndex)
    }

    /// One frame holding `value`, as bytes.
    public static func frame(_ value: JSONValue) -> [UInt8] {
        var buffer = ByteBuffer()
        encode(value, into: &buffer)
        return buffer.storage
    }
}
