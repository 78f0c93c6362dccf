import BesterClient
import BesterCommandLine

/// `bester-cli send`: one request, its response printed.
enum SendCommand {
    static let interface = CommandInterface(
        name: "bester-cli send",
        abstract: "Send one request and print its response.",
        discussion: """
            Logs in, sends a request of --type with --data, prints the response and exits:
            0 when the server answered good, 1 when it answered bad (the error is shown)
            or could not be reached, 2 for a wrong command line.

            \(ServerOptions.passwordHelp)

            Example:
              BESTER_PASSWORD=secret bester-cli send --user alice --type echo --data '{"text":"hi"}'
            """,
        options: ServerOptions.interface + [
            .option("type", short: "t", value: "TYPE", help: "payload.type: the handler to ask (or builtin)."),
            .option("data", short: "d", value: "JSON", help: "payload.data, as JSON.", default: "null"),
            .option("id", value: "ID", help: "payload.id (default: generated)."),
            .flag("json", help: "Print the response as the JSON received, on one line."),
        ]
    )

    static func run(_ arguments: [String]) async throws {
        let parsed = try interface.parse(arguments)
        let server = try ServerOptions(parsed, usage: interface.usageLine)
        guard let type = parsed.value("type"), !type.isEmpty else {
            throw CommandLineError.usage("missing --type TYPE: the handler to send to", usage: interface.usageLine)
        }
        let data: JSONValue
        do {
            data = try JSONParser.parse(parsed.value("data") ?? "null")
        } catch {
            throw CommandLineError.usage("--data is not JSON: \(error)", usage: interface.usageLine)
        }
        let password = try server.password(prompt: "Password for \(server.username): ")
        let client = try await server.connect(password: password)
        let outcome: Result<Response, BesterClientError>
        do {
            outcome = .success(try await client.request(type, data: data, id: parsed.value("id")))
        } catch {
            outcome = .failure(error)
        }
        await client.close()
        switch outcome {
        case .success(let response):
            StandardOutput.line(parsed.flag("json") ? JSONSerializer.string(response.json(in: server.dialect))
                                                    : MessageFormatting.readable(response))
        case .failure(.rejected(let response)) where parsed.flag("json"):
            StandardOutput.line(JSONSerializer.string(response.json(in: server.dialect)))
            throw CommandLineError.failure(BesterClientError.rejected(response).description)
        case .failure(let error):
            throw error.commandLineError
        }
    }
}
