import Foundation

/// The median of a few measurements and a confidence interval for it that
/// assumes nothing about their distribution: the interval between two order
/// statistics, chosen with the binomial distribution (each measurement falls
/// below the true median with probability one half).
///
/// Used for the ratios of paired rounds, whose spread on a shared virtual
/// machine is too wide for a single best round to say much.
struct MedianInterval {
    let median: Double
    /// The interval's ends. With 6 values or more it holds the true median
    /// with a probability of at least 0.95; with fewer it is their whole
    /// range (``confidenceOfRange(of:)``).
    let lower: Double
    let upper: Double

    init(_ values: [Double]) {
        let sorted = values.sorted()
        let count = sorted.count
        guard count > 0 else {
            (median, lower, upper) = (0, 0, 0)
            return
        }
        let middle = count / 2
        median = count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
        // The interval from the rank-th lowest to the rank-th highest value
        // misses the median when fewer than `rank` values fall on one side:
        // probability 2 P(Binomial(count, ½) < rank). The narrowest such
        // interval still at 95%; with fewer than 6 values, the whole range.
        var rank = 1
        while rank < middle, 2 * Self.probabilityOfFewer(than: rank + 1, of: count) <= 0.05 { rank += 1 }
        lower = sorted[rank - 1]
        upper = sorted[count - rank]
    }

    /// P(Binomial(count, ½) < rank): the chance that fewer than `rank` of
    /// `count` values fall below the median.
    private static func probabilityOfFewer(than rank: Int, of count: Int) -> Double {
        var probability = 0.0
        var term = pow(0.5, Double(count))
        for below in 0..<rank {
            probability += term
            term *= Double(count - below) / Double(below + 1)
        }
        return probability
    }

    /// The confidence of the whole range of `count` values, the interval
    /// given for fewer than 6.
    static func confidenceOfRange(of count: Int) -> Double {
        1 - 2 * probabilityOfFewer(than: 1, of: count)
    }

    /// `0.55 (0.52 to 0.58)`.
    var description: String {
        String(format: "%.2f (%.2f to %.2f)", median, lower, upper)
    }
}
