/// Limits of the chat service, the same for every protocol (`chat` in the
/// configuration file).
public struct ChatConfiguration: Sendable, Equatable {
    /// Largest message text, in bytes of UTF-8 (`maxMessageBytes`).
    public var maxMessageBytes = 4096
    /// Rooms one user may be a member of at once (`maxRoomsPerUser`).
    public var maxRoomsPerUser = 100
    /// Members one room may have (`maxMembersPerRoom`).
    public var maxMembersPerRoom = 10_000
    /// Room messages and whispers one user may send per second, in bursts of
    /// up to this many; 0 turns flood control off (`messagesPerSecond`).
    public var messagesPerSecond = 20

    /// The room every new session joins.
    public static let defaultRoom = "general"

    /// The defaults.
    public init() {}

    static let keys = ["maxMessageBytes", "maxRoomsPerUser", "maxMembersPerRoom", "messagesPerSecond"]

    init(reading section: ConfigurationSection?) {
        guard let section else { return }
        section.warnAboutUnknownKeys(known: Self.keys)
        if let value = section.integer("maxMessageBytes", in: 1...(1 << 20), unit: " bytes") { maxMessageBytes = value }
        if let value = section.integer("maxRoomsPerUser", in: 1...100_000) { maxRoomsPerUser = value }
        if let value = section.integer("maxMembersPerRoom", in: 2...10_000_000) { maxMembersPerRoom = value }
        if let value = section.integer("messagesPerSecond", in: 0...1_000_000) { messagesPerSecond = value }
    }
}
