import BesterProtocol
import Testing

@Suite struct FrameEncoderTests {
    @Test func framePrefixesTheLittleEndianLength() {
        let bytes = FrameEncoder.frame(["a": 1])
        #expect(bytes == [7, 0, 0, 0] + Array("{\"a\":1}".utf8))
    }

    @Test func encodingIntoABufferPatchesTheLengthAfterExistingBytes() throws {
        var buffer = ByteBuffer(bytes: [0xAA, 0xBB])
        let large = JSONValue.array(Array(repeating: "0123456789", count: 100))
        FrameEncoder.encode(large, into: &buffer)
        FrameEncoder.encode(body: [0x31], into: &buffer)
        #expect(buffer.readSlice(length: 2) == [0xAA, 0xBB])
        let length = try #require(buffer.peekInteger(littleEndianAt: 0, as: UInt32.self))
        #expect(Int(length) == JSONSerializer.bytes(large).count)
        buffer.moveReaderIndex(forwardBy: 4)
        let body = buffer.readSlice(length: Int(length))
        #expect(try JSONParser.parse(try #require(body)) == large)
        #expect(buffer.readBytes(length: 5) == [1, 0, 0, 0, 0x31])
    }

    @Test func frameErrorsDescribeThemselves() {
        #expect(FrameError.frameTooLarge(declared: 10, limit: 5, offset: 3).description
                == "byte 3: frame length 10 exceeds the maximum of 5 bytes")
        #expect(FrameError.truncated(expected: 9, received: 4, offset: 0).description
                == "byte 0: stream ended inside a frame (4 of 9 bytes received)")
    }
}
