import Testing
import BesterServer

@Test func moduleLoads() { #expect(Bool(true)) }
