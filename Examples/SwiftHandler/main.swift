import BesterClient
import BesterProtocol
import Glibc

// bester-example-handler: an external message handler written in Swift.
//
// For data {"text": "hi"} it answers {"upper": "HI"}; with envelopes on
// (`"envelope": true` in besterd's configuration) it also says who asked:
// {"upper": "HI", "sender": "alice"}. Data of another shape gets a failure
// reply, which the sender receives as handlerFailed.
//
// besterd starts it with the socket path in $BESTER_SOCKET_PATH; run by hand,
// give the path as the only argument:
//   bester-example-handler /tmp/shout.sock

struct NotText: Error, CustomStringConvertible {
    var description: String { "data must be an object with a string \"text\"" }
}

/// Writes a line to standard error.
func complain(_ line: String) {
    let text = line + "\n"
    _ = text.withCString { write(STDERR_FILENO, $0, strlen($0)) }
}

let usage = "usage: bester-example-handler SOCKET (under besterd: no argument, the socket comes in $BESTER_SOCKET_PATH)"
let arguments = Array(CommandLine.arguments.dropFirst())
if arguments == ["--help"] || arguments == ["-h"] {
    print(usage)
    exit(0)
}
guard arguments.count <= 1, arguments.first?.hasPrefix("-") != true,
      arguments.count == 1 || getenv("BESTER_SOCKET_PATH") != nil else {
    complain(usage)
    exit(2)
}
do {
    try await HandlerService.serve(socketPath: arguments.first) { request in
        guard let text = request.data["text"]?.stringValue else { throw NotText() }
        var answer: JSONObject = ["upper": .string(text.uppercased())]
        if let sender = request.sender { answer["sender"] = .string(sender) }
        return HandlerReply(command: .reply, data: .object(answer))
    }
} catch {
    complain("bester-example-handler: \(error)")
    exit(1)
}
