import BesterClient
import BesterServer
import Testing

@Suite struct BesterCLITests {
    @Test func sendPrintsTheResponseReadably() async throws {
        let server = try await CLITestServer.start()
        try await server.addUser("alice")
        let result = try await CLIProcess.run(["send", "--server", server.address, "--user", "alice", "--type", "echo",
                                               "--data", #"{"text":"hi"}"#], environment: ["BESTER_PASSWORD": "password1"])
        #expect(result.status == 0)
        #expect(result.standardOutput == "status good, type echo, id 1\n{\n  \"text\": \"hi\"\n}\n")
        #expect(result.standardError == "")
        await server.stop()
    }

    @Test(arguments: Dialect.allCases)
    func sendPrintsTheJSONReceivedInEachDialect(_ dialect: Dialect) async throws {
        let server = try await CLITestServer.start()
        try await server.addUser("alice")
        let result = try await CLIProcess.run(["send", "--server", server.address, "--user", "alice", "--password-stdin",
                                               "--dialect", dialect.rawValue, "--type", "echo", "--data", "[1,2]", "--id", "x", "--json"],
                                              input: "password1\n")
        #expect(result.status == 0)
        let expected = Response.success(type: "echo", id: "x", data: [1, 2]).json(in: dialect)
        #expect(result.standardOutput == JSONSerializer.string(expected) + "\n")
        await server.stop()
    }

    @Test func aFailureResponseSaysWhatWasWrongAndExitsWithOne() async throws {
        let server = try await CLITestServer.start()
        try await server.addUser("alice")
        let result = try await CLIProcess.run(["send", "--server", server.address, "--user", "alice", "--type", "weather"],
                                              environment: ["BESTER_PASSWORD": "password1"])
        #expect(result.status == 1)
        #expect(result.standardOutput == "")
        #expect(result.standardError == "error: no handler for type 'weather' (unknownType)\n")
        await server.stop()
    }

    @Test func wrongCredentialsAndAnAbsentServerAreExplained() async throws {
        let server = try await CLITestServer.start()
        try await server.addUser("alice")
        let wrong = try await CLIProcess.run(["send", "--server", server.address, "--user", "alice", "--type", "echo"],
                                             environment: ["BESTER_PASSWORD": "not it"])
        #expect(wrong.status == 1)
        #expect(wrong.standardError == "error: wrong username or password (authenticationFailed); check --user and the password\n")
        await server.stop()
        let refusing = try RefusingPort()
        // Held to the end of the test: the port must stay taken while it is refused.
        defer { withExtendedLifetime(refusing) {} }
        let address = "\(refusing.endpoint)"
        let absent = try await CLIProcess.run(["send", "--server", address, "--user", "alice", "--type", "echo"],
                                              environment: ["BESTER_PASSWORD": "password1"])
        #expect(absent.status == 1)
        #expect(absent.standardError == "error: cannot connect to \(address): Connection refused (is besterd running there?)\n")
    }

    @Test func aServerSpeakingAnotherProtocolGetsTheWrongPortHint() async throws {
        let server = try await CLITestServer.start()
        let chatMaster = server.chatMasterAddress
        let result = try await CLIProcess.run(["send", "--server", chatMaster, "--user", "alice", "--type", "echo", "--timeout", "2"],
                                              environment: ["BESTER_PASSWORD": "password1"])
        #expect(result.status == 1)
        #expect(result.standardError.hasPrefix("error: the server broke the protocol: bad framing: "), "\(result.standardError)")
        #expect(result.standardError.hasSuffix(
            " (is \(chatMaster) a bester server? besterd's defaults: bester 127.0.0.1:2223, msgpack 127.0.0.1:9001, chatmaster 127.0.0.1:9000)\n"),
            "\(result.standardError)")
        await server.stop()
    }

    @Test func usageErrorsExitWithTwoAndHelpWithZero() async throws {
        let missingUser = try await CLIProcess.run(["send", "--type", "echo"])
        #expect(missingUser.status == 2)
        #expect(missingUser.standardError.hasPrefix("error: missing --user NAME"))
        let badJSON = try await CLIProcess.run(["send", "--user", "a", "--type", "echo", "--data", "{nope"])
        #expect(badJSON.status == 2)
        #expect(badJSON.standardError.hasPrefix("error: --data is not JSON: byte 1"))
        let badServer = try await CLIProcess.run(["send", "--user", "a", "--type", "echo", "--server", "nowhere"])
        #expect(badServer.status == 2)
        #expect(badServer.standardError.hasPrefix("error: --server 'nowhere': expected HOST:PORT"))
        let noPassword = try await CLIProcess.run(["send", "--user", "a", "--type", "echo"])
        #expect(noPassword.status == 1)
        #expect(noPassword.standardError == "error: no password: pipe it with --password-stdin, or set BESTER_PASSWORD\n")
        for command in ["send", "listen", "register", "passwd", "chat"] {
            let help = try await CLIProcess.run([command, "--help"])
            #expect(help.status == 0)
            #expect(help.standardOutput.contains("USAGE: bester-cli \(command)"))
            #expect(help.standardOutput.contains("--password-stdin"))
        }
    }

    @Test func registerCreatesAnAccountAndPasswdChangesItsPassword() async throws {
        let server = try await CLITestServer.start()
        let registered = try await CLIProcess.run(["register", "--server", server.address, "--user", "carol", "--password-stdin"],
                                                  input: "first password\n")
        #expect(registered.status == 0)
        #expect(registered.standardOutput == "registered carol on \(server.address)\n")
        let again = try await CLIProcess.run(["register", "--server", server.address, "--user", "carol", "--password-stdin"],
                                             input: "another password\n")
        #expect(again.status == 1)
        #expect(again.standardError.contains("(userExists)"))
        let changed = try await CLIProcess.run(["passwd", "--server", server.address, "--user", "carol", "--password-stdin"],
                                               input: "first password\nsecond password\n")
        #expect(changed.status == 0)
        #expect(changed.standardOutput == "password of carol changed\n")
        let withNew = try await CLIProcess.run(["send", "--server", server.address, "--user", "carol", "--type", "echo", "--data", "1"],
                                               environment: ["BESTER_PASSWORD": "second password"])
        #expect(withNew.status == 0)
        await server.stop()
    }

    @Test func listenPrintsEachDeliveryAsAJSONLineUntilTheServerGoes() async throws {
        let server = try await CLITestServer.start()
        try await server.addUser("alice")
        try await server.addUser("bob")
        let listener = try CLIProcess(["listen", "--server", server.address, "--user", "bob", "--dialect", "v2"],
                                      environment: ["BESTER_PASSWORD": "password1"])
        try await listener.waitForOutput("listen to log in") { $0.standardError.contains("listening as bob") }
        let endpoint = try Endpoint(parsing: server.address)
        let alice = try await BesterClient.connect(to: endpoint, as: Credentials(username: "alice", password: "password1"))
        for text in ["one", "two"] {
            _ = try await alice.request("relay", data: ["to": ["bob"], "body": ["text": .string(text)]])
        }
        try await listener.waitForOutput("two deliveries") { $0.standardOutput.split(separator: "\n").count == 2 }
        await alice.close()
        await server.stop()
        let finished = try await listener.finish()
        #expect(finished.standardOutput == """
            {"from":"alice","type":"relay","data":{"text":"one"}}
            {"from":"alice","type":"relay","data":{"text":"two"}}

            """)
        #expect(finished.status == 1)
        #expect(finished.standardError.contains("notice: the server is shutting down (shutdown)"))
        #expect(finished.standardError.hasSuffix("error: connection lost: the server is shutting down (shutdown)\n"))
    }
}
