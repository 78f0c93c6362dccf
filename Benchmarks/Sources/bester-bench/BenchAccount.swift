import BesterClient

/// The account `bester-bench serve` registers, and how load connections log in as it.
enum BenchAccount {
    static let credentials = Credentials(username: "bench", password: "bench-password")

    /// A v2.1 `ping` with the credentials: the first frame of every load connection.
    static let handshake = FrameEncoder.frame(BuiltinCommand.ping.request(credentials: credentials).json(in: .v2_1))
}
