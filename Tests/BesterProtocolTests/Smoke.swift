import Testing
import BesterProtocol
@Test func smoke() throws { #expect(try JSONParser.parse("[1,2]") == [1, 2]) }
