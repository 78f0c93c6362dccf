extension Duration {
    /// `2 seconds`: rounded up, for telling a person when to try again.
    var wholeSecondsText: String {
        let (seconds, attoseconds) = components
        let whole = max(1, seconds + (attoseconds > 0 ? 1 : 0))
        return whole == 1 ? "1 second" : "\(whole) seconds"
    }
}
