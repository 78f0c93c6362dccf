import Synchronization

/// Who is online: every live session of every logged-in user, on every loop
/// and every protocol. `sendClients` looks recipients up here.
final class SessionRegistry: Sendable {
    private let sessions = Mutex<[String: [any DeliveryTarget]]>([:])

    /// Records that `target` is logged in as `username`.
    func add(_ target: any DeliveryTarget, as username: String) {
        sessions.withLock { $0[username, default: []].append(target) }
    }

    /// Forgets `target` as `username`.
    func remove(_ target: any DeliveryTarget, as username: String) {
        sessions.withLock { all in
            guard var list = all[username] else { return }
            list.removeAll { $0 === target }
            all[username] = list.isEmpty ? nil : list
        }
    }

    /// The live sessions of `username`.
    func sessions(of username: String) -> [any DeliveryTarget] {
        sessions.withLock { $0[username] ?? [] }
    }
}
