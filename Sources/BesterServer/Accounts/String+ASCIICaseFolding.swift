extension String {
    /// The string with ASCII letters lower-cased and everything else kept:
    /// the key under which two usernames count as the same name.
    ///
    /// ASCII only, on purpose: usernames are ASCII, and SQLite's `NOCASE`
    /// collation (which the SQLite store's unique index uses) folds exactly
    /// this way, so both stores agree.
    var asciiCaseFolded: String {
        String(decoding: utf8.map { byte in
            (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte) ? byte + 32 : byte
        }, as: UTF8.self)
    }
}
