import BesterClient
import BesterCommandLine
import Glibc

extension BesterClientError {
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

    /// The error of connecting and logging in to `endpoint`: garbled, silent
    /// or closing servers get the hint for a wrong port.
    func connectFailure(at endpoint: Endpoint) -> CommandLineError {
        switch self {
        case .protocolViolation, .connectionLost, .timedOut:
            return ChatProtocol.bester.wrongServerFailure(description, at: endpoint)
        default:
            return commandLineError
        }
    }
}
