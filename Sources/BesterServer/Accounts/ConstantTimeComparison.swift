/// Byte comparison whose running time depends only on the lengths, never on
/// where the inputs first differ, so timing does not leak a stored hash.
enum ConstantTimeComparison {
    /// True when `lhs` and `rhs` hold the same bytes.
    static func isEqual<LHS: Collection<UInt8>, RHS: Collection<UInt8>>(_ lhs: LHS, _ rhs: RHS) -> Bool {
        // Visit every byte of the longer input; a length difference makes the
        // result false without ending the loop early.
        var difference: UInt8 = lhs.count == rhs.count ? 0 : 1
        var left = lhs.makeIterator()
        var right = rhs.makeIterator()
        for _ in 0..<max(lhs.count, rhs.count) {
            difference |= (left.next() ?? 0) ^ (right.next() ?? 0)
        }
        return difference == 0
    }
}
