import BesterTestSupport
import Testing

/// The harness's waits must fail, not hang, when what they wait for never comes.
@Suite struct TimeoutsTests {
    @Test func waitingForAConditionThatNeverHoldsTimesOut() async {
        await #expect(throws: TimedOut.self) {
            try await waitUntil("something that never happens", within: 0.2) { false }
        }
    }
}
