import Testing
import BesterProtocol

/// ChatMaster packages (`004`): every example of the spec, encoding, and every malformed variant.
@Suite struct ChatMasterPackageTests {
    /// The complete packages shown in `004`, verbatim, with what they mean.
    static let specExamples: [(String, ChatMasterPackage)] = [
        ("""
        {
          "type": "message",
          "data": {
            "message": "Hello World!",
            "username": "SomeUser"
          }
        }
        """, .message(ChatMasterMessage(text: "Hello World!", username: "SomeUser"))),
        ("""
        {
          "type": "command",
          "data": {
            "command": "login",
            "parameters": {
              "username": "PythonMaster2K16"
            }
          }
        }
        """, .command(.login(username: "PythonMaster2K16", password: nil))),
        ("""
        {
          "type": "request",
          "data": {
            "request": "login"
          }
        }
        """, .request(.login)),
        ("""
        {
          "type": "notification",
          "data": {
            "event_type": "user_joined",
            "username": "someUser"
          }
        }
        """, .notification(.userJoined(username: "someUser"))),
        ("""
        {
          "type": "session",
          "data": {
            "status": 1,
            "channels": ["Channel 1", "Channel 2"]
          }
        }
        """, .session(.accepted(channels: ["Channel 1", "Channel 2"]))),
        ("""
        {
          "type": "error",
          "data": {
            "error_type": "private",
            "message": "Channel cannot be set to private."
          }
        }
        """, .error(ChatMasterErrorReport(errorType: "private", message: "Channel cannot be set to private."))),
        ("""
        {
          "type": "session",
          "data": {
            "status": 0,
            "reason": "Username is already taken."
          }
        }
        """, .session(.refused(reason: "Username is already taken."))),
        ("""
        {
          "type": "session",
          "data": {
            "status": 1,
            "channels": ["Channel1", "ChuckNorris", "Google"]
          }
        }
        """, .session(.accepted(channels: ["Channel1", "ChuckNorris", "Google"]))),
    ]

    @Test(arguments: specExamples)
    func specExampleDecodesAndValidates(text: String, expected: ChatMasterPackage) throws {
        let package = try ChatMasterPackage(decoding: Array(text.utf8))
        #expect(package == expected)
        // What we send back is the same package.
        #expect(try ChatMasterPackage(decoding: package.encodedLine().dropLast()) == package)
    }

    /// The parameter objects shown for the commands in `004`'s data-types list.
    @Test func commandParameterExamplesOfTheSpec() throws {
        let login = try ChatMasterPackage(JSONParser.parse(
            #"{"type":"command","data":{"command":"login","parameters":{"username": "someUserName"}}}"#))
        #expect(login == .command(.login(username: "someUserName", password: nil)))
        let rename = try ChatMasterPackage(JSONParser.parse(
            #"{"type":"command","data":{"command":"rename","parameters":{"username": "someUserName"}}}"#))
        #expect(rename == .command(.rename(username: "someUserName")))
        let join = try ChatMasterPackage(JSONParser.parse(
            #"{"type":"command","data":{"command":"join","parameters":{"channel": "someChannel"}}}"#))
        #expect(join == .command(.join(channel: "someChannel")))
        for (name, command) in [("leave", ChatMasterCommand.leave), ("private", .makePrivate), ("public", .makePublic),
                                ("channels", .listChannels)] {
            for parameters in ["", #","parameters":null"#, #","parameters":{}"#, #","parameters":{"ignored":1}"#] {
                let package = try ChatMasterPackage(JSONParser.parse(
                    #"{"type":"command","data":{"command":"\#(name)"\#(parameters)}}"#))
                #expect(package == .command(command))
            }
            #expect(command.name == name)
        }
    }

    /// `004` lists each package type with `"data": {}` as a template. They are
    /// valid JSON, and each names what its data lacks.
    @Test(arguments: [
        (#"{ "type": "message", "data": {} }"#, "data.message: missing; must be a string", "message"),
        (#"{ "type": "command", "data": {} }"#, "data.command: missing; must be a string", "command"),
        (#"{ "type": "request", "data": {} }"#, "data.request: missing; must be a string", "package"),
        (#"{ "type": "notification", "data": {} }"#, "data.event_type: missing; must be a string", "package"),
        (#"{ "type": "session", "data": {} }"#, "data.status: missing; must be 1, 0, true or false", "package"),
        (#"{ "type": "error", "data": {} }"#, "data.error_type: missing; must be a string", "package"),
    ])
    func typeTemplatesOfTheSpecNameWhatIsMissing(text: String, message: String, errorType: String) throws {
        let error = try #require(throws: ChatMasterValidationError.self) { try ChatMasterPackage(JSONParser.parse(text)) }
        #expect(error.description == message)
        #expect(error.errorType == errorType)
    }

    @Test(arguments: [
        (#"{"status":1,"channels":[]}"#, ChatMasterSession.accepted(channels: [])),
        (#"{"status":true,"channels":["general"]}"#, .accepted(channels: ["general"])),
        (#"{"status":1.0,"channels":["general"]}"#, .accepted(channels: ["general"])),
        (#"{"status":0,"reason":"taken"}"#, .refused(reason: "taken")),
        (#"{"status":false,"reason":"taken"}"#, .refused(reason: "taken")),
    ])
    func sessionStatusIsReadAsNumberOrBoolean(data: String, expected: ChatMasterSession) throws {
        let package = try ChatMasterPackage(JSONParser.parse(#"{"type":"session","data":\#(data)}"#))
        #expect(package == .session(expected))
    }

    @Test func sessionStatusIsSentAsANumber() {
        #expect(String(decoding: ChatMasterPackage.session(.accepted(channels: ["general"])).encodedLine(), as: UTF8.self)
                == #"{"type":"session","data":{"status":1,"channels":["general"]}}"# + "\n")
        #expect(String(decoding: ChatMasterPackage.session(.refused(reason: "taken")).encodedLine(), as: UTF8.self)
                == #"{"type":"session","data":{"status":0,"reason":"taken"}}"# + "\n")
    }

    static let everyPackage: [ChatMasterPackage] = [
        .message(ChatMasterMessage(text: "hi", username: "ann")),
        .message(ChatMasterMessage(text: "hi")),
        .command(.login(username: "ann", password: nil)),
        .command(.login(username: "ann", password: "secret")),
        .command(.rename(username: "anna")),
        .command(.join(channel: "rust")),
        .command(.leave), .command(.makePrivate), .command(.makePublic), .command(.listChannels),
        .command(.compression(algorithm: "zlib")),
        .request(.login),
        .notification(.userJoined(username: "ann")),
        .notification(.userLeft(username: "ann")),
        .notification(.userRename(oldUsername: "ann", newUsername: "anna")),
        .notification(.channelList(channels: ["general", "rust"])),
        .notification(.compression(algorithm: "zlib")),
        .session(.accepted(channels: ["general"])),
        .session(.refused(reason: "Username is already taken.")),
        .error(ChatMasterErrorReport(errorType: "join", message: "no such channel")),
    ]

    @Test(arguments: everyPackage)
    func everyPackageRoundTrips(package: ChatMasterPackage) throws {
        let line = package.encodedLine()
        #expect(line.last == UInt8(ascii: "\n"))
        #expect(!line.dropLast().contains(UInt8(ascii: "\n")))
        #expect(try ChatMasterPackage(decoding: line.dropLast()) == package)
        #expect(package.jsonValue["type"]?.stringValue == package.type)
    }

    @Test func exactLines() {
        let lines: [(ChatMasterPackage, String)] = [
            (.message(ChatMasterMessage(text: "Hello World!", username: "SomeUser")),
             #"{"type":"message","data":{"message":"Hello World!","username":"SomeUser"}}"#),
            (.command(.leave), #"{"type":"command","data":{"command":"leave"}}"#),
            (.command(.join(channel: "rust")), #"{"type":"command","data":{"command":"join","parameters":{"channel":"rust"}}}"#),
            (.request(.login), #"{"type":"request","data":{"request":"login"}}"#),
            (.notification(.userRename(oldUsername: "a", newUsername: "b")),
             #"{"type":"notification","data":{"event_type":"user_rename","old_username":"a","new_username":"b"}}"#),
            (.notification(.channelList(channels: ["general"])),
             #"{"type":"notification","data":{"event_type":"channel_list","channels":["general"]}}"#),
            (.error(ChatMasterErrorReport(errorType: "private", message: "Channel cannot be set to private.")),
             #"{"type":"error","data":{"error_type":"private","message":"Channel cannot be set to private."}}"#),
        ]
        for (package, text) in lines {
            #expect(package.encodedLine() == Array((text + "\n").utf8))
        }
    }

    @Test func unknownMembersAreIgnored() throws {
        let package = try ChatMasterPackage(JSONParser.parse(
            #"{"type":"message","id":7,"data":{"message":"hi","username":"ann","color":"red"}}"#))
        #expect(package == .message(ChatMasterMessage(text: "hi", username: "ann")))
    }

    static let malformed: [(String, String, String)] = [
        (#"[1,2]"#, "package: must be an object, got array", "package"),
        (#"{"data":{}}"#, "package.type: missing; must be a string", "package"),
        (#"{"type":5,"data":{}}"#, "package.type: must be a string, got number", "package"),
        (#"{"type":"ping","data":{}}"#,
         #"type: unknown package type "ping"; expected one of message, command, request, notification, session, error"#, "package"),
        (#"{"type":"message"}"#, "data: missing; must be an object", "message"),
        (#"{"type":"command","data":["login"]}"#, "data: must be an object, got array", "package"),
        (#"{"type":"message","data":{"message":42}}"#, "data.message: must be a string, got number", "message"),
        (#"{"type":"message","data":{"message":"hi","username":["a"]}}"#, "data.username: must be a string, got array", "message"),
        (#"{"type":"command","data":{"command":"dance"}}"#,
         #"data.command: unknown command "dance"; expected one of login, rename, join, leave, private, public, channels, compression"#,
         "command"),
        (#"{"type":"command","data":{"command":null}}"#, "data.command: missing; must be a string", "command"),
        (#"{"type":"command","data":{"command":"login"}}"#, "data.parameters: missing; must be an object", "login"),
        (#"{"type":"command","data":{"command":"login","parameters":["bob"]}}"#,
         "data.parameters: must be an object, got array", "login"),
        (#"{"type":"command","data":{"command":"login","parameters":{"username":7}}}"#,
         "data.parameters.username: must be a string, got number", "login"),
        (#"{"type":"command","data":{"command":"login","parameters":{"username":"a","password":1}}}"#,
         "data.parameters.password: must be a string, got number", "login"),
        (#"{"type":"command","data":{"command":"rename","parameters":{}}}"#,
         "data.parameters.username: missing; must be a string", "rename"),
        (#"{"type":"command","data":{"command":"join","parameters":{"name":"rust"}}}"#,
         "data.parameters.channel: missing; must be a string", "join"),
        (#"{"type":"command","data":{"command":"leave","parameters":"now"}}"#,
         "data.parameters: must be an object, got string", "leave"),
        (#"{"type":"command","data":{"command":"compression","parameters":{}}}"#,
         "data.parameters.algorithm: missing; must be a string", "compression"),
        (#"{"type":"request","data":{"request":"password"}}"#, #"data.request: unknown request "password"; expected login"#, "package"),
        (#"{"type":"notification","data":{"event_type":"user_exploded"}}"#,
         #"data.event_type: unknown event "user_exploded"; expected one of user_joined, user_left, user_rename, channel_list, compression"#,
         "package"),
        (#"{"type":"notification","data":{"event_type":"user_rename","old_username":"a"}}"#,
         "data.new_username: missing; must be a string", "package"),
        (#"{"type":"notification","data":{"event_type":"channel_list","channels":"general"}}"#,
         "data.channels: must be an array of strings, got string", "package"),
        (#"{"type":"notification","data":{"event_type":"channel_list","channels":["general",3]}}"#,
         "data.channels[1]: must be a string, got number", "package"),
        (#"{"type":"session","data":{"status":2,"channels":[]}}"#, "data.status: must be 1, 0, true or false, got 2", "package"),
        (#"{"type":"session","data":{"status":"1","channels":[]}}"#, #"data.status: must be 1, 0, true or false, got "1""#, "package"),
        (#"{"type":"session","data":{"status":1}}"#, "data.channels: missing; must be an array of strings", "package"),
        (#"{"type":"session","data":{"status":0}}"#, "data.reason: missing; must be a string", "package"),
        (#"{"type":"error","data":{"error_type":"join"}}"#, "data.message: missing; must be a string", "package"),
    ]

    @Test(arguments: malformed)
    func malformedPackagesAreNamedErrors(text: String, message: String, errorType: String) throws {
        let error = try #require(throws: ChatMasterValidationError.self) { try ChatMasterPackage(JSONParser.parse(text)) }
        #expect(error.description == message)
        #expect(error.errorType == errorType)
        #expect(error.errorPackage == .error(ChatMasterErrorReport(errorType: errorType, message: message)))
    }

    @Test func bytesThatAreNotJSONAreAJSONError() throws {
        let error = try #require(throws: ChatMasterPackageError.self) { try ChatMasterPackage(decoding: Array(#"{"type":}"#.utf8)) }
        guard case .json(let json) = error else {
            Issue.record("expected a JSON error, got \(error)")
            return
        }
        #expect(json.offset == 8)
    }

    @Test func clientPackagesAreMessagesAndCommands() throws {
        #expect(try ChatMasterClientPackage(JSONParser.parse(#"{"type":"message","data":{"message":"hi"}}"#))
                == .message(ChatMasterMessage(text: "hi")))
        let command = try ChatMasterClientPackage(JSONParser.parse(#"{"type":"command","data":{"command":"channels"}}"#))
        #expect(command == .command(.listChannels))
        #expect(command.package == .command(.listChannels))
        for type in ["request", "notification", "session", "error"] {
            let error = try #require(throws: ChatMasterValidationError.self) {
                try ChatMasterClientPackage(JSONParser.parse(#"{"type":"\#(type)","data":{}}"#))
            }
            #expect(error.description == #"type: "\#(type)" is sent by servers only; clients send message or command"#)
            #expect(error.errorType == "package")
        }
        let invalid = try #require(throws: ChatMasterValidationError.self) {
            try ChatMasterClientPackage(JSONParser.parse(#"{"type":"command","data":{"command":"join"}}"#))
        }
        #expect(invalid.description == "data.parameters: missing; must be an object")
        #expect(invalid.errorType == "join")
    }
}
