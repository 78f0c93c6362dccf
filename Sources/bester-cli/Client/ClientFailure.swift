import BesterClient
import BesterCommandLine
import Glibc

extension BesterClientError: ConnectingError {
    /// The error as a person wants to read it: what was wrong, with a hint
    /// where one helps.
    var commandLineError: CommandLineError {
        switch self {
        case .cannotConnect(_, let error) where error.code == ECONNREFUSED:
            return .failure("\(description) (is besterd running there?)")
        case .rejected(let response) where response.error?.code == .authenticationFailed:
            return .failure("\(description); check --user and the password")
        case .rejected(let response) where !response.data.isNull:
            return .failure("\(description)\ndata: \(JSONSerializer.string(response.data))")
        default:
            return .failure(description)
        }
    }

    var suggestsWrongServer: Bool {
        switch self {
        case .protocolViolation, .connectionLost, .timedOut: true
        default: false
        }
    }
}
