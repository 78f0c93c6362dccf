import BesterIO
import BesterProtocol

/// Password checks and registration for the chat front-ends, with the
/// same accounts as Bester: they run as tasks (hashing takes milliseconds)
/// and continue on the session's loop with a reason a person can read.
struct ChatAccounts {
    let server: ServerContext

    /// Checks a password; `then` runs on `loop` with the account's name, or
    /// why not (wrong credentials and throttling, as Bester reports them).
    func authenticate(_ username: String, password: String, from remote: String, on loop: EventLoop,
                      then: @escaping @Sendable (Result<String, ChatAccountFailure>) -> Void) {
        let logger = server.logger
        run(on: loop, then: then) { accounts in
            switch try await accounts.authenticate(username: username, password: password, from: remote) {
            case .success(let name): return .success(name)
            case .wrongCredentials:
                logger.warning("chat.auth_failed", ["user": username, "remote": remote])
                return .failure(ChatAccountFailure("wrong username or password"))
            case .throttled(let retryAfter):
                return .failure(ChatAccountFailure("too many failed logins; retry in \(retryAfter.wholeSecondsText)"))
            }
        }
    }

    /// Creates an account if registration is open and no guest online has
    /// the name; `then` runs on `loop`.
    func register(_ username: String, password: String, on loop: EventLoop,
                  then: @escaping @Sendable (Result<Void, ChatAccountFailure>) -> Void) {
        guard server.configuration.registrationOpen else {
            then(.failure(ChatAccountFailure("registration is closed on this server")))
            return
        }
        guard !server.chat.isGuestOnline(username) else {
            then(.failure(ChatAccountFailure(ChatError.nameTaken(username, registered: false).description)))
            return
        }
        let logger = server.logger
        run(on: loop, then: then) { accounts in
            try await accounts.register(username: username, password: password)
            logger.info("account.registered", ["user": username, "via": "chat"])
            return .success(())
        }
    }

    /// Runs `operation` as a task and `then` on `loop` with its outcome; an
    /// error becomes the reason Bester would give (logged unless it is an
    /// account's own, such as a name taken).
    private func run<Value: Sendable>(on loop: EventLoop, then: @escaping @Sendable (Result<Value, ChatAccountFailure>) -> Void,
                                      _ operation: @escaping @Sendable (AccountService) async throws -> Result<Value, ChatAccountFailure>) {
        let accounts = server.accounts
        let logger = server.logger
        Task {
            let outcome: Result<Value, ChatAccountFailure>
            do {
                outcome = try await operation(accounts)
            } catch {
                if !(error is AccountError) { logger.error("accounts.failed", ["error": "\(error)"]) }
                outcome = .failure(ChatAccountFailure(ErrorReport(accountFailure: error).message))
            }
            loop.execute { then(outcome) }
        }
    }
}

/// Why a chat login or registration failed, in words.
struct ChatAccountFailure: Error, Sendable {
    let reason: String
    init(_ reason: String) { self.reason = reason }
}
