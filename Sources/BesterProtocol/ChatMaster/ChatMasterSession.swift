/// The data of a `session` package (`004`): the server's verdict on a login.
///
/// ```json
/// {"type":"session","data":{"status":1,"channels":["general","rust"]}}
/// {"type":"session","data":{"status":0,"reason":"Username is already taken."}}
/// ```
///
/// `status` is read as `1`/`0` or `true`/`false` (`004` shows numbers and
/// speaks of True/False); it is always sent as the number.
public enum ChatMasterSession: Sendable, Hashable {
    /// `status` 1: logged in; `channels` are the public channels.
    case accepted(channels: [String])
    /// `status` 0: refused, with a reason.
    case refused(reason: String)

    init(_ data: ChatMasterFields) throws(ChatMasterValidationError) {
        switch data.object["status"] {
        case .integer(1)?, .double(1)?, .bool(true)?: self = .accepted(channels: try data.stringArray("channels"))
        case .integer(0)?, .double(0)?, .bool(false)?: self = .refused(reason: try data.string("reason"))
        case nil: throw data.error("status", "missing; must be 1, 0, true or false")
        case let other?: throw data.error("status", "must be 1, 0, true or false, got \(other)")
        }
    }

    var data: JSONValue {
        switch self {
        case .accepted(let channels): return ["status": 1, "channels": .array(channels.map { .string($0) })]
        case .refused(let reason): return ["status": 0, "reason": .string(reason)]
        }
    }
}
