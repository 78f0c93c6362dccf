import BesterClient
import BesterCommandLine
import Glibc

extension BesterClientError {
    /// The error as a line in the chat log: the server's reason alone (its
    /// code is for programs), or what happened to the connection.
    var chatText: String {
        errorReport?.message ?? description
    }
}

extension ChatClientError: ConnectingError {
    var suggestsWrongServer: Bool {
        switch self {
        case .protocolViolation, .connectionLost, .timedOut: true
        default: false
        }
    }

    /// The error as `bester-cli` prints it before the chat screen opens,
    /// with a hint where one helps.
    var commandLineError: CommandLineError {
        switch self {
        case .cannotConnect(_, let error) where error.code == ECONNREFUSED:
            return .failure("\(description) (is besterd running there?)")
        case .rejected(let reason) where reason.hasPrefix("wrong username or password"):
            return .failure("\(reason); check --user and the password")
        default:
            return .failure(description)
        }
    }
}
