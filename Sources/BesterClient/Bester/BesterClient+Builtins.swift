import BesterIO
import BesterProtocol

// The server's built-in commands (`Docs/protocol.md` 4) as typed calls.
extension BesterClient {
    /// Sends a built-in command and returns its successful response. What
    /// the command changes is remembered for reconnecting: the credentials
    /// after `authenticate`, `register` or `changePassword`, and being
    /// logged out after `logout`. (A `builtin` request sent through
    /// ``request(_:data:id:timeout:)`` or ``send(_:data:id:)`` is not looked at.)
    public func request(_ command: BuiltinCommand, timeout: Duration? = nil) async throws(BesterClientError) -> Response {
        let response = try await request(BuiltinCommand.payloadType, data: command.data, timeout: timeout)
        state.withLock { state in
            switch command {
            case let .authenticate(username, password), let .register(username?, password?):
                state.loggedIn(as: Credentials(username: username, password: password), response: response)
            case let .changePassword(oldPassword, newPassword):
                if state.credentials.password == oldPassword { state.credentials.password = newPassword }
            case .logout:
                state.username = nil
                state.loggedOut = true
            case .register, .close, .whoami, .ping, .handlers:
                break
            }
        }
        return response
    }

    /// Measures a round trip to the server (the `ping` built-in).
    public func ping(timeout: Duration? = nil) async throws(BesterClientError) -> Duration {
        let start = ContinuousClock.now
        _ = try await request(.ping, timeout: timeout)
        return ContinuousClock.now - start
    }

    /// Who the connection is logged in as (nil after ``logout()``), and its dialect.
    public func whoami(timeout: Duration? = nil) async throws(BesterClientError) -> (username: String?, dialect: Dialect?) {
        let data = try await request(.whoami, timeout: timeout).data
        return (data["username"]?.stringValue, data["dialect"]?.stringValue.flatMap(Dialect.init(rawValue:)))
    }

    /// Changes the logged-in account's password. Reconnecting then uses the new one.
    ///
    /// - Throws: ``BesterClientError/rejected(_:)`` with `wrongPassword` or `invalidPassword`.
    public func changePassword(from oldPassword: String, to newPassword: String,
                               timeout: Duration? = nil) async throws(BesterClientError) {
        _ = try await request(.changePassword(oldPassword: oldPassword, newPassword: newPassword), timeout: timeout)
    }

    /// Logs this connection in as another user (the `authenticate`
    /// built-in). Wrong credentials make the server close the connection.
    public func authenticate(as credentials: Credentials, timeout: Duration? = nil) async throws(BesterClientError) {
        _ = try await request(.authenticate(username: credentials.username, password: credentials.password), timeout: timeout)
    }

    /// Creates an account and logs this connection in as it (the `register`
    /// built-in). The connection must be logged out first (``logout()``).
    public func register(as credentials: Credentials, timeout: Duration? = nil) async throws(BesterClientError) {
        _ = try await request(.register(username: credentials.username, password: credentials.password), timeout: timeout)
    }

    /// Logs out; requests to handlers then fail with `notAuthenticated`
    /// until ``authenticate(as:timeout:)``. A reconnection keeps the client
    /// logged out: its first frame logs in, as every connection's must, and
    /// a `logout` follows before anything else is sent (deliveries in that
    /// moment still arrive).
    public func logout(timeout: Duration? = nil) async throws(BesterClientError) {
        _ = try await request(.logout, timeout: timeout)
    }
}
