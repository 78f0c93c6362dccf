import BesterIO
import BesterProtocol
import Foundation
import Glibc
@testable import BesterServer

/// `Examples/handlers`, found from this file's place in the repository.
let examplesDirectory = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("Examples/handlers").path

extension ServerConfiguration {
    /// ``testing(_:)`` plus one external handler.
    static func testing(handler: ExternalHandlerConfiguration,
                        _ adjust: (inout ServerConfiguration) -> Void = { _ in }) -> ServerConfiguration {
        testing { configuration in
            configuration.externalHandlers = [handler]
            adjust(&configuration)
        }
    }
}

extension ExternalHandlerConfiguration {
    /// A handler of `type` run from `program`, listening in `directory`.
    static func supervised(_ type: String, program: String, in directory: ScratchDirectory,
                           mode: HandlerConnectionMode = .perMessage) -> ExternalHandlerConfiguration {
        var handler = ExternalHandlerConfiguration(type: type, socketPath: directory.file("\(type).sock"), executable: program)
        handler.mode = mode
        return handler
    }
}

extension TestServer {
    /// The `handlers` built-in's entry for `type`.
    func handlerStatus(_ type: String, as client: RawClient) async throws -> JSONValue? {
        let report = try await client.ask("builtin", BuiltinCommand.handlers.data, id: "status")
        return report.payloadData?["handlers"]?.arrayValue?.first { $0["type"]?.stringValue == type }
    }
}

/// True while a process with this pid exists (a zombie counts).
func processExists(_ pid: Int32) -> Bool {
    kill(pid, 0) == 0
}
