/// The accounts of a configured server, opened without serving: what
/// `besterd user ...` uses. Safe while the daemon runs (SQLite WAL lets two
/// processes share the database).
public final class AccountAdministration: Sendable {
    /// The account service over the configured storage.
    public let accounts: AccountService
    private let storage: ServerStorage

    /// Opens the storage `configuration` names.
    public init(configuration: ServerConfiguration) throws {
        storage = try ServerStorage.open(configuration.storage, logger: .silent)
        accounts = try AccountService(store: storage.accountStore, configuration: configuration.accounts)
    }

    /// Where the accounts live, for messages to the operator.
    public var location: String { storage.database.path }

    /// Closes the database.
    public func close() {
        storage.close()
    }
}
