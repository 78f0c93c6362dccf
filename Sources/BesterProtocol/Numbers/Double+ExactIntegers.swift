extension Double {
    // `Int64(exactly:)` on a Double would pull in libm, which this module
    // does not link; a truncating conversion and a comparison decide
    // exactness without it.

    /// This value as an `Int64`, when it is a whole number in range.
    var exactInt64: Int64? {
        guard self >= -0x1p63, self < 0x1p63 else { return nil }
        let truncated = Int64(self)
        return Double(truncated) == self ? truncated : nil
    }

    /// This value as a `UInt64`, when it is a non-negative whole number in range.
    var exactUInt64: UInt64? {
        guard self >= 0, self < 0x1p64 else { return nil }
        let truncated = UInt64(self)
        return Double(truncated) == self ? truncated : nil
    }
}
