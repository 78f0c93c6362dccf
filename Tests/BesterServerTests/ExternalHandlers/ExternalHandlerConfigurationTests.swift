import BesterProtocol
import Foundation
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

    @Test func connectionsInPerMessageModeAreAWarning() throws {
        let (configuration, issues) = try parseConfiguration("""
            {"network":{"types":["tcp4"],"tcp4":{"port":2223}},
             "handlers":{"typeMap":{"weather":{"unixDomainSocketPath":"/tmp/w.sock","connections":4}}}}
            """)
        #expect(configuration != nil)
        #expect(issues.map(\.description) == [
            "warning: handlers.typeMap.weather.connections: is used in persistent mode only; per-message opens a connection per message",
        ])
    }

    @Test func twoProgramsOnOneSocketAreAnErrorButTypesMayShareOne() throws {
        let (clash, clashIssues) = try parseConfiguration("""
            {"network":{"types":["tcp4"],"tcp4":{"port":2223}},
             "handlers":{"typeMap":{
               "s1":{"handlerBinary":"one.py","unixDomainSocketPath":"/tmp/same.sock"},
               "s2":{"handlerBinary":"two.py","unixDomainSocketPath":"/tmp/same.sock"}}}}
            """)
        #expect(clash == nil)
        #expect(clashIssues.map(\.description) == [
            "error: handlers.typeMap.s2.unixDomainSocketPath: \"s1\" already runs a program on /tmp/same.sock, and two programs "
                + "cannot listen on one socket (leave out handlerBinary here to send \"s2\" to \"s1\"'s program)",
        ])
        let (shared, sharedIssues) = try parseConfiguration("""
            {"network":{"types":["tcp4"],"tcp4":{"port":2223}},
             "handlers":{"typeMap":{
               "s1":{"handlerBinary":"one.py","unixDomainSocketPath":"/tmp/same.sock"},
               "s2":{"unixDomainSocketPath":"/tmp/same.sock","envelope":true}}}}
            """)
        #expect(sharedIssues.isEmpty)
        #expect(shared?.externalHandlers.map(\.socketPath) == ["/tmp/same.sock", "/tmp/same.sock"])
    }

    @Test func programsThatCouldNeverStartAreNamed() throws {
        let directory = try ScratchDirectory()
        defer { directory.remove() }
        let runnable = try directory.script("run.sh", "#!/bin/sh\n")
        try "not a program".write(toFile: directory.file("plain.txt"), atomically: true, encoding: .utf8)
        let (configuration, issues) = ServerConfiguration.parse(try JSONParser.parse("""
            {"network":{"types":["tcp4"],"tcp4":{"port":2223}},
             "handlers":{"typeMap":{
               "fine":{"handlerBinary":"run.sh","unixDomainSocketPath":"fine.sock","workingDirectory":"."},
               "absent":{"handlerBinary":"absent.py","unixDomainSocketPath":"absent.sock"},
               "plain":{"handlerBinary":"plain.txt","unixDomainSocketPath":"plain.sock"},
               "folder":{"handlerBinary":".","unixDomainSocketPath":"folder.sock"},
               "nowhere":{"handlerBinary":"run.sh","unixDomainSocketPath":"nowhere.sock","workingDirectory":"gone"},
               "elsewhere":{"unixDomainSocketPath":"elsewhere.sock"}}}}
            """), relativeTo: directory.path)
        #expect(issues.isEmpty, "parsing reads only the configuration")
        let programIssues = try #require(configuration).handlerProgramIssues().map(\.description)
        #expect(programIssues == [
            "error: handlers.typeMap.absent.handlerBinary: \(directory.file("absent.py")) does not exist",
            "error: handlers.typeMap.plain.handlerBinary: \(directory.file("plain.txt")) is not an executable file "
                + "(make it executable, or name its interpreter as handlerBinary and the script in arguments)",
            "error: handlers.typeMap.folder.handlerBinary: \(directory.path) is not an executable file "
                + "(make it executable, or name its interpreter as handlerBinary and the script in arguments)",
            "error: handlers.typeMap.nowhere.workingDirectory: \(directory.file("gone")) is not a directory",
        ])
        #expect(configuration?.externalHandlers.first?.executable == runnable)
    }
}
