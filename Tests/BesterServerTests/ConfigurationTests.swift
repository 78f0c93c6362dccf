import BesterProtocol
import Testing
@testable import BesterServer

/// A configuration file's text read as if it were /etc/bester/besterd.json.
func parseConfiguration(_ text: String) throws -> (ServerConfiguration?, [ConfigurationIssue]) {
    ServerConfiguration.parse(try JSONParser.parse(text), relativeTo: "/etc/bester")
}

@Suite struct ConfigurationTests {
    @Test func aListenerSectionNetworkTypesLeavesOutIsAWarning() throws {
        let (configuration, issues) = try parseConfiguration("""
            {"network": {"types": ["tcp4"], "tcp4": {"port": 2223}, "tcp6": {"port": "abc"}}}
            """)
        #expect(configuration?.listeners == [.tcp(host: "127.0.0.1", port: 2223)])
        #expect(issues == [ConfigurationIssue(.warning, at: "network.tcp6", "ignored: network.types does not list \"tcp6\"")])
    }

    @Test func aFileThatCannotBeReadOrParsedSaysWhereAndWhy() throws {
        let directory = try ScratchDirectory()
        defer { directory.remove() }
        let path = directory.file("bad.json")
        try "{\n  \"network\": {\n    \"tcp4\": {\"port\": 1,}\n  }\n}\n".write(toFile: path, atomically: true, encoding: .utf8)
        #expect(ServerConfiguration.check(path: path).1.map(\.description) == [
            "error: (top level): '\(path)' is not valid JSON at line 3, column 24 (byte 40: expected a string key, found '}')",
        ])
        #expect(ServerConfiguration.check(path: directory.file("absent.json")).1.map(\.description) == [
            "error: (top level): cannot read '\(directory.file("absent.json"))': no such file",
        ])
        #expect(ServerConfiguration.check(path: directory.path).1.map(\.description) == [
            "error: (top level): cannot read '\(directory.path)': not a regular file",
        ])
    }

    @Test func theReferenceDaemonsConfigurationWorksAsItIs() throws {
        let (configuration, issues) = try parseConfiguration("""
            {"network": {"types": ["tcp4", "tcp6", "unix"],
                         "tcp4": {"address": "127.0.0.1", "port": "2223"},
                         "tcp6": {"address": "::1", "port": 2224},
                         "unix": {"address": "/tmp/bester.sock"}},
             "database": {"type": "redis"},
             "handlers": {"availableTypes": ["type1"],
                          "typeMap": {"type1": {"handlerBinary": "handlers/type1", "unixDomainSocketPath": "/tmp/type1.sock"}}}}
            """)
        let parsed = try #require(configuration)
        #expect(parsed.listeners == [.tcp(host: "127.0.0.1", port: 2223), .tcp(host: "::1", port: 2224), .unix(path: "/tmp/bester.sock")])
        #expect(parsed.externalHandlers.map(\.type) == ["type1"])
        #expect(parsed.externalHandlers.first?.executable == "/etc/bester/handlers/type1", "relative to the file's directory")
        #expect(parsed.registrationOpen == false, "a configuration file closes registration unless it says otherwise")
        #expect(parsed.storage == .directory("/etc/bester/besterd-data"))
        #expect(issues == [ConfigurationIssue(.warning, at: "database",
                                              "the reference daemon's database section is ignored: accounts live in storage.directory")])
    }

    @Test func ourAdditionsSitBesideTheReferenceKeys() throws {
        let (configuration, issues) = try parseConfiguration("""
            {"network": {"tcp4": {"address": "0.0.0.0", "port": 0}},
             "storage": {"directory": "/var/lib/bester"},
             "accounts": {"registration": "open", "passwordHashCost": 3, "minimumPasswordBytes": 12},
             "limits": {"maxFrameBytes": 65536, "idleTimeoutSeconds": 0, "handshakeTimeoutSeconds": 2.5},
             "logging": {"level": "debug"},
             "handlers": {"builtins": ["echo"]}}
            """)
        let parsed = try #require(configuration, "\(issues)")
        #expect(issues.isEmpty)
        #expect(parsed.storage == .directory("/var/lib/bester"))
        #expect(parsed.registrationOpen)
        #expect(parsed.accounts.hashCost == 3 && parsed.accounts.minimumPasswordBytes == 12)
        #expect(parsed.limits.maxFrameBytes == 65536)
        #expect(parsed.limits.idleTimeout == nil)
        #expect(parsed.limits.handshakeTimeout == .milliseconds(2500))
        #expect(parsed.logLevel == .debug)
        #expect(parsed.builtinHandlers == ["echo"])
    }

    @Test(arguments: [
        (#"{"network": {"tcp4": {"address": "localhost", "port": 1}}}"#, "network.tcp4.address"),
        (#"{"network": {"tcp4": {"address": "127.0.0.1", "port": 70000}}}"#, "network.tcp4.port"),
        (#"{"network": {"tcp4": {"address": "127.0.0.1"}}}"#, "network.tcp4.port"),
        (#"{"network": {"types": ["tcp6"]}}"#, "network.tcp6"),
        (#"{"network": {"types": ["carrier-pigeon"], "tcp4": {"port": 1}}}"#, "network.types[0]"),
        (#"{"network": {"unix": {}}}"#, "network.unix.address"),
        (#"{"limits": {"maxConnections": 0}}"#, "limits.maxConnections"),
        (#"{"limits": {"handshakeTimeoutSeconds": "soon"}}"#, "limits.handshakeTimeoutSeconds"),
        (#"{"accounts": {"registration": "maybe"}}"#, "accounts.registration"),
        (#"{"logging": {"level": "loud"}}"#, "logging.level"),
        (#"{"handlers": {"typeMap": {"t": {"handlerBinary": "x"}}}}"#, "handlers.typeMap.t.unixDomainSocketPath"),
        (#"{"handlers": {"typeMap": {"echo": {"unixDomainSocketPath": "/tmp/e"}}}}"#, "handlers.typeMap.echo"),
        (#"{"handlers": {"availableTypes": ["ghost"]}}"#, "handlers.availableTypes[0]"),
        (#"{"handlers": {"typeMap": {"t": {"unixDomainSocketPath": "/tmp/t", "mode": "sometimes"}}}}"#, "handlers.typeMap.t.mode"),
        (#"[1, 2]"#, ""),
    ])
    func eachProblemIsAnErrorNamingItsPath(_ text: String, _ path: String) throws {
        let (configuration, issues) = try parseConfiguration(text)
        #expect(configuration == nil)
        #expect(issues.contains { $0.severity == .error && $0.path == path }, "\(issues)")
    }

    @Test func unknownKeysAreWarningsNotErrors() throws {
        let (configuration, issues) = try parseConfiguration(#"{"limits": {"maxFrameByte": 5}, "colour": "blue"}"#)
        #expect(configuration != nil)
        #expect(issues.map(\.path).sorted() == ["colour", "limits.maxFrameByte"])
        #expect(issues.allSatisfy { $0.severity == .warning })
    }
}
