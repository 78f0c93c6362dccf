import BesterProtocol
import Testing
@testable import BesterServer

/// A configuration file's text read as if it were /etc/bester/besterd.json.
func parseConfiguration(_ text: String) throws -> (ServerConfiguration?, [ConfigurationIssue]) {
    ServerConfiguration.parse(try JSONParser.parse(text), relativeTo: "/etc/bester")
}

@Suite struct ConfigurationTests {
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
