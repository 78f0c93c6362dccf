extension MessagePackWriter {
    /// Writes an array of strs: the shape of every MessagePack chat message.
    mutating func writeStrings(_ strings: String...) {
        writeArrayHeader(count: strings.count)
        for string in strings { writeString(string) }
    }
}
