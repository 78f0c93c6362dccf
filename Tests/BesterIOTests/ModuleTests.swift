import Testing
@testable import BesterIO

@Test func moduleLoads() { #expect(String(describing: BesterIOModule.self) == "BesterIOModule") }
