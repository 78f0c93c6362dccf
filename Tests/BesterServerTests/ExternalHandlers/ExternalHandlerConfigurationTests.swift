import BesterProtocol
import Testing
@testable import BesterServer

/// The `handlers.typeMap` keys as Docs/handlers.md documents them.
@Suite struct ExternalHandlerConfigurationTests {
    @Test func everyKeyIsReadAndRelativePathsFollowTheFile() throws {
        let (configuration, issues) = try parseConfiguration("""
            {"network":{"types":["tcp4"],"tcp4":{"port":2223}},
             "handlers":{"availableTypes":["echo","weather"],"typeMap":{"weather":{
               "handlerBinary":"handlers/weather.py","unixDomainSocketPath":"run/weather.sock",
               "arguments":["--db","x"],"workingDirectory":"data","environment":{"A":"1"},
               "mode":"persistent","connections":3,"envelope":true,"timeoutSeconds":2.5}}}}
            """)
        #expect(issues.isEmpty)
        let handler = try #require(configuration?.externalHandlers.first)
        #expect(handler.type == "weather")
        #expect(handler.executable == "/etc/bester/handlers/weather.py")
        #expect(handler.socketPath == "/etc/bester/run/weather.sock")
        #expect(handler.workingDirectory == "/etc/bester/data")
        #expect(handler.arguments == ["--db", "x"])
        #expect(handler.environment == ["A": "1"])
        #expect(handler.mode == .persistent)
        #expect(handler.connections == 3)
        #expect(handler.envelope)
        #expect(handler.timeout == .milliseconds(2500))
    }

    @Test func aReferenceDaemonEntryGetsTheDefaults() throws {
        let (configuration, issues) = try parseConfiguration("""
            {"network":{"types":["tcp4"],"tcp4":{"port":2223}},
             "handlers":{"typeMap":{"weather":{"handlerBinary":"/usr/bin/weather","unixDomainSocketPath":"/tmp/w.sock"}}}}
            """)
        #expect(issues.isEmpty)
        let handler = try #require(configuration?.externalHandlers.first)
        #expect(handler.mode == .perMessage)
        #expect(handler.connections == 1)
        #expect(!handler.envelope)
        #expect(handler.timeout == nil)
    }

    @Test func aSocketPathTooLongForUnixIsAnError() throws {
        let long = "/tmp/" + String(repeating: "s", count: 110) + ".sock"
        let (configuration, issues) = try parseConfiguration("""
            {"network":{"types":["tcp4"],"tcp4":{"port":2223}},
             "handlers":{"typeMap":{"weather":{"unixDomainSocketPath":"\(long)"}}}}
            """)
        #expect(configuration == nil)
        #expect(issues.map(\.description).contains { $0.contains("handlers.typeMap.weather.unixDomainSocketPath") && $0.contains("108 bytes") })
    }
}
