import BesterClient
import BesterProtocol

// bester-example-handler: an external message handler written in Swift.
//
// For data {"text": "hi"} it answers {"upper": "HI"}; with envelopes on
// (`"envelope": true` in besterd's configuration) it also says who asked:
// {"upper": "HI", "sender": "alice"}. Data of another shape gets a failure
// reply, which the sender receives as handlerFailed.
//
// besterd starts it with the socket path in $BESTER_SOCKET_PATH; run by hand,
// give the path as the first argument:
//   bester-example-handler /tmp/shout.sock

struct NotText: Error, CustomStringConvertible {
    var description: String { "data must be an object with a string \"text\"" }
}

let arguments = CommandLine.arguments.dropFirst()
try await HandlerService.serve(socketPath: arguments.first) { request in
    guard let text = request.data["text"]?.stringValue else { throw NotText() }
    var answer: JSONObject = ["upper": .string(text.uppercased())]
    if let sender = request.sender { answer["sender"] = .string(sender) }
    return HandlerReply(command: .reply, data: .object(answer))
}
