extension UnsafeRawBufferPointer {
    /// True when the bytes from `offset` on begin with `text`. Compares
    /// eight bytes at a time: fast paths match fixed prefixes of tens of
    /// bytes on every message.
    func hasText(_ text: StaticString, at offset: Int) -> Bool {
        let count = text.utf8CodeUnitCount
        guard offset >= 0, count <= self.count - offset, let base = baseAddress else { return count == 0 }
        let expected = UnsafeRawPointer(text.utf8Start)
        let actual = base + offset
        var index = 0
        while index + 8 <= count {
            guard actual.loadUnaligned(fromByteOffset: index, as: UInt64.self)
                == expected.loadUnaligned(fromByteOffset: index, as: UInt64.self) else { return false }
            index += 8
        }
        while index < count {
            guard actual.load(fromByteOffset: index, as: UInt8.self) == expected.load(fromByteOffset: index, as: UInt8.self) else { return false }
            index += 1
        }
        return true
    }
}
