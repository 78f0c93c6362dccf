import Dispatch
import Foundation

/// Where the chat service keeps what must outlive a restart: rooms with
/// registered members, memberships, contacts, and messages waiting for
/// offline users (tables `chat_*`, see ``ServerSchema``).
///
/// Operations run one at a time, in the order they were submitted, on the
/// store's own serial queue: the chat service submits under its lock, so
/// a message stored for an offline user is always written before that
/// user's next login reads the backlog. A completion runs on that queue
/// once the transaction has committed (the server acknowledges only then);
/// event loops never wait on it.
final class ChatStore: Sendable {
    private let database: SQLiteDatabase
    private let queue = DispatchQueue(label: "bester.chat-store")
    private let logger: Logger

    init(database: SQLiteDatabase, logger: Logger) {
        self.database = database
        self.logger = logger
    }

    /// Runs `work` in a transaction on the store's queue, then `completion`
    /// (on that queue) with its result; a database failure is logged and
    /// reported as ``ChatError/storageFailed``. With no completion, a failure
    /// is only logged.
    func submit<T: Sendable>(_ operation: String, _ work: @escaping @Sendable (SQLiteConnection) throws -> T,
                             then completion: (@Sendable (Result<T, ChatError>) -> Void)? = nil) {
        let database = database
        let logger = logger
        queue.async {
            let result: Result<T, ChatError>
            do {
                result = .success(try database.transaction { try work($0) })
            } catch let error as ChatError {
                result = .failure(error)
            } catch {
                logger.error("chat.storage_failed", ["operation": operation, "error": "\(error)"])
                result = .failure(.storageFailed)
            }
            completion?(result)
        }
    }

    /// Waits until every operation submitted so far has finished: before the
    /// database is closed at shutdown.
    func drained() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            queue.async { continuation.resume() }
        }
    }
}
