import Foundation

/// Times are stored as Unix milliseconds.
extension Date {
    /// Milliseconds since 1970, clamped so that an absurd date (an
    /// embedder's) cannot trap the conversion.
    var unixMilliseconds: Int64 {
        let milliseconds = (timeIntervalSince1970 * 1000).rounded()
        guard milliseconds.isFinite else { return 0 }
        return Int64(min(max(milliseconds, -0x1p62), 0x1p62))
    }

    /// The date `milliseconds` after 1970.
    init(unixMilliseconds milliseconds: Int64) {
        self.init(timeIntervalSince1970: Double(milliseconds) / 1000)
    }
}
