/// `header.status` of every server-to-client message: the reference
/// daemon's values (`001` leaves them open).
public enum ResponseStatus: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    /// Success (and every delivery or notice).
    case good
    /// Failure; `header.error` says why.
    case bad

    public var description: String { rawValue }
}
