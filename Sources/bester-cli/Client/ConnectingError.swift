import BesterClient
import BesterCommandLine

/// What connecting and logging in can fail with, in any protocol's client:
/// one rule decides when the failure hints at a wrong port.
protocol ConnectingError: CustomStringConvertible {
    /// The error as a person wants to read it, with a hint where one helps.
    var commandLineError: CommandLineError { get }
    /// True for what a server speaking another protocol causes: a garbled
    /// answer, silence, or the connection closed.
    var suggestsWrongServer: Bool { get }
}

extension ConnectingError {
    /// The failure of connecting to `endpoint` speaking `chatProtocol`.
    func connectFailure(at endpoint: Endpoint, speaking chatProtocol: ChatProtocol) -> CommandLineError {
        suggestsWrongServer ? chatProtocol.wrongServerFailure(description, at: endpoint) : commandLineError
    }
}
