import BesterProtocol
import Testing

@Suite struct ByteBufferTests {
    @Test func writesAndReadsIntegersInBothByteOrders() {
        var buffer = ByteBuffer()
        buffer.writeInteger(littleEndian: UInt32(0x0403_0201))
        buffer.writeInteger(bigEndian: UInt16(0x0A0B))
        buffer.writeInteger(littleEndian: Int64(-2))
        #expect(Array(buffer.readableView.prefix(6)) == [1, 2, 3, 4, 0x0A, 0x0B])
        #expect(buffer.peekInteger(littleEndianAt: 0, as: UInt32.self) == 0x0403_0201)
        #expect(buffer.peekInteger(bigEndianAt: 0, as: UInt32.self) == 0x0102_0304)
        #expect(buffer.peekInteger(bigEndianAt: 4, as: UInt16.self) == 0x0A0B)
        #expect(buffer.peekInteger(littleEndianAt: 6, as: Int64.self) == -2)
        #expect(buffer.peekInteger(littleEndianAt: 7, as: Int64.self) == nil)
        #expect(buffer.peekInteger(littleEndianAt: -1, as: UInt8.self) == nil)
        #expect(buffer.readableBytes == 14)
    }

    @Test func readsConsumeAndRefuseToOverrun() {
        var buffer = ByteBuffer(bytes: [1, 2, 3, 4, 5])
        #expect(buffer.peekByte() == 1)
        #expect(buffer.peekByte(at: 4) == 5)
        #expect(buffer.peekByte(at: 5) == nil)
        #expect(buffer.readSlice(length: 2) == [1, 2])
        #expect(buffer.readBytes(length: 4) == nil)
        #expect(buffer.readSlice(length: -1) == nil)
        #expect(buffer.readBytes(length: 2) == [3, 4])
        buffer.moveReaderIndex(forwardBy: 1)
        #expect(buffer.isEmpty)
        #expect(buffer.readSlice(length: 0) == [])
    }

    @Test func setIntegerPatchesInPlace() {
        var buffer = ByteBuffer(bytes: [9, 0, 0, 0, 0, 7])
        buffer.setInteger(littleEndian: UInt32(0xAABB_CCDD), at: 1)
        #expect(buffer.storage == [9, 0xDD, 0xCC, 0xBB, 0xAA, 7])
        #expect(buffer.writerIndex == 6)
    }

    @Test func discardReadBytesReclaimsLazilyAndFreesWhenDrained() {
        var buffer = ByteBuffer(bytes: Array(0..<10))
        _ = buffer.readSlice(length: 3)
        buffer.discardReadBytes()
        // Less than half was read: nothing moves.
        #expect(buffer.readerIndex == 3)
        #expect(buffer.storage.count == 10)
        _ = buffer.readSlice(length: 3)
        buffer.discardReadBytes()
        #expect(buffer.readerIndex == 0)
        #expect(Array(buffer.readableView) == [6, 7, 8, 9])
        _ = buffer.readSlice(length: 4)
        buffer.discardReadBytes()
        #expect(buffer.storage.capacity == 0)
        #expect(buffer.isEmpty)
    }

    @Test func withUnsafeReadableBytesSeesOnlyUnreadBytes() {
        var buffer = ByteBuffer(bytes: [1, 2, 3])
        _ = buffer.readSlice(length: 1)
        let seen = buffer.withUnsafeReadableBytes { Array($0) }
        #expect(seen == [2, 3])
    }

    @Test func clearForgetsEverything() {
        var buffer = ByteBuffer(capacity: 64)
        #expect(buffer.storage.capacity >= 64)
        buffer.writeBytes([1, 2, 3])
        buffer.writeByte(4)
        ([5, 6] as [UInt8]).withUnsafeBytes { buffer.writeBytes($0) }
        #expect(buffer.readableBytes == 6)
        buffer.reserveCapacity(forAdditional: 100)
        #expect(buffer.storage.capacity >= 106)
        buffer.clear()
        #expect(buffer.isEmpty)
        #expect(buffer.readerIndex == 0)
    }
}
