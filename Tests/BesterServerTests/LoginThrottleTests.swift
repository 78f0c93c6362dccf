import Testing
@testable import BesterServer

@Suite struct LoginThrottleTests {
    @Test func retryDelaysAreToldInWholeSecondsRoundedUp() {
        #expect(Duration.milliseconds(1_998).wholeSecondsText == "2 seconds")
        #expect(Duration.seconds(1).wholeSecondsText == "1 second")
        #expect(Duration.milliseconds(1).wholeSecondsText == "1 second")
        #expect(Duration.seconds(30).wholeSecondsText == "30 seconds")
    }

    private let clock = ManualClock()

    private func throttle(_ configuration: LoginThrottleConfiguration = .init()) -> LoginThrottle {
        LoginThrottle(configuration: configuration, clock: clock)
    }

    /// Starts an attempt and finishes it with `outcome`; returns the decision.
    @discardableResult
    private func attempt(
        _ throttle: LoginThrottle, username: String?, address: String?, outcome: LoginThrottle.Outcome = .failed
    ) async -> LoginThrottle.Decision {
        let decision = await throttle.beginAttempt(username: username, address: address)
        if case let .proceed(started) = decision { throttle.finishAttempt(started, outcome: outcome) }
        return decision
    }

    private func isAllowed(_ decision: LoginThrottle.Decision) -> Bool {
        if case .proceed = decision { return true }
        return false
    }

    @Test func fifthFailureLocksTheUsernameForOneSecondThenDelaysDouble() async {
        let throttle = throttle()
        for index in 0..<5 {
            #expect(isAllowed(await attempt(throttle, username: "alice", address: "192.0.2.\(index)")))
        }
        #expect(await attempt(throttle, username: "alice", address: "198.51.100.1") == .throttled(retryAfter: .seconds(1)))
        clock.advance(by: .milliseconds(400))
        #expect(await attempt(throttle, username: "alice", address: "198.51.100.1") == .throttled(retryAfter: .milliseconds(600)))
        clock.advance(by: .milliseconds(600))
        #expect(isAllowed(await attempt(throttle, username: "alice", address: "198.51.100.1")))
        #expect(await attempt(throttle, username: "alice", address: "198.51.100.2") == .throttled(retryAfter: .seconds(2)))
        clock.advance(by: .seconds(2))
        #expect(isAllowed(await attempt(throttle, username: "alice", address: "198.51.100.3")))
        #expect(await attempt(throttle, username: "alice", address: "198.51.100.4") == .throttled(retryAfter: .seconds(4)))
    }

    @Test func delayIsCappedAtTheMaximum() async {
        let throttle = throttle(.init(failuresBeforeDelay: 1, initialDelay: .seconds(1), maximumDelay: .seconds(5)))
        let expected: [Duration] = [.seconds(1), .seconds(2), .seconds(4), .seconds(5), .seconds(5)]
        for delay in expected {
            #expect(isAllowed(await attempt(throttle, username: "bob", address: nil)))
            #expect(await attempt(throttle, username: "bob", address: nil) == .throttled(retryAfter: delay))
            clock.advance(by: delay)
        }
    }

    @Test func successClearsTheUsernamesFailures() async {
        let throttle = throttle()
        for _ in 0..<4 { await attempt(throttle, username: "carol", address: "192.0.2.1") }
        await attempt(throttle, username: "carol", address: "192.0.2.1", outcome: .succeeded)
        for _ in 0..<4 {
            #expect(isAllowed(await attempt(throttle, username: "carol", address: "192.0.2.2")))
        }
        #expect(throttle.trackedUsernameCount == 1)
        await attempt(throttle, username: "carol", address: "192.0.2.2", outcome: .succeeded)
        #expect(throttle.trackedUsernameCount == 0)
    }

    @Test func addressIsThrottledAcrossUsernames() async {
        let throttle = throttle()
        for index in 0..<5 {
            #expect(isAllowed(await attempt(throttle, username: "user\(index)", address: "203.0.113.9")))
        }
        #expect(await attempt(throttle, username: "someone-else", address: "203.0.113.9") == .throttled(retryAfter: .seconds(1)))
        #expect(isAllowed(await attempt(throttle, username: "someone-else", address: "203.0.113.10")))
    }

    @Test func oneUsersSuccessDoesNotClearTheAddress() async {
        let throttle = throttle()
        for index in 0..<4 { await attempt(throttle, username: "user\(index)", address: "203.0.113.9") }
        await attempt(throttle, username: "owner", address: "203.0.113.9", outcome: .succeeded)
        await attempt(throttle, username: "user9", address: "203.0.113.9")
        #expect(await attempt(throttle, username: "owner", address: "203.0.113.9") == .throttled(retryAfter: .seconds(1)))
    }

    @Test func usernamesAreTrackedIgnoringASCIICase() async {
        let throttle = throttle()
        for name in ["Dave", "DAVE", "dave", "dAVE", "DaVe"] { await attempt(throttle, username: name, address: nil) }
        #expect(await attempt(throttle, username: "dave", address: nil) == .throttled(retryAfter: .seconds(1)))
    }

    @Test func attemptsBeyondTheFreeFailuresWaitForThoseInProgress() async throws {
        let throttle = throttle()
        var started: [LoginThrottle.Attempt] = []
        for _ in 0..<5 {
            guard case let .proceed(attempt) = await throttle.beginAttempt(username: "erin", address: "192.0.2.7") else {
                Issue.record("attempt refused too early")
                return
            }
            started.append(attempt)
        }
        // Five checks running use up the five free failures: the sixth waits.
        let sixth = Task { await throttle.beginAttempt(username: "erin", address: "192.0.2.8") }
        try await waitUntil("an attempt waiting") { throttle.waitingAttemptCount == 1 }
        // A success clears the way.
        throttle.finishAttempt(started[0], outcome: .succeeded)
        #expect(isAllowed(await sixth.value))
    }

    @Test func pastTheFreeFailuresOnlyOneAttemptRunsAtATime() async throws {
        let throttle = throttle()
        for _ in 0..<5 { await attempt(throttle, username: "frank", address: nil) }
        clock.advance(by: .seconds(1))
        guard case let .proceed(running) = await throttle.beginAttempt(username: "frank", address: nil) else {
            Issue.record("attempt refused after the delay")
            return
        }
        let second = Task { await throttle.beginAttempt(username: "frank", address: nil) }
        try await waitUntil("an attempt waiting") { throttle.waitingAttemptCount == 1 }
        // The running guess fails: the waiting one is refused by the new lock.
        throttle.finishAttempt(running, outcome: .failed)
        #expect(await second.value == .throttled(retryAfter: .seconds(2)))
    }

    @Test func abandonedAttemptsCountForNothing() async {
        let throttle = throttle()
        for _ in 0..<10 { await attempt(throttle, username: "gina", address: "192.0.2.1", outcome: .abandoned) }
        #expect(throttle.trackedUsernameCount == 0)
        #expect(throttle.trackedAddressCount == 0)
    }

    @Test func failuresAreForgottenAfterTheMemoryPeriod() async {
        let throttle = throttle(.init(failureMemory: .seconds(60)))
        for _ in 0..<4 { await attempt(throttle, username: "hank", address: "192.0.2.1") }
        clock.advance(by: .seconds(59))
        await attempt(throttle, username: "hank", address: "192.0.2.1")
        #expect(await attempt(throttle, username: "hank", address: "192.0.2.1") == .throttled(retryAfter: .seconds(1)))
        clock.advance(by: .seconds(61))
        // Five failures ago is more than a minute ago: back to a clean slate.
        for _ in 0..<5 {
            #expect(isAllowed(await attempt(throttle, username: "hank", address: "192.0.2.1")))
        }
    }

    @Test func trackedKeysStayWithinTheirCaps() async {
        let throttle = throttle(.init(maximumTrackedAddresses: 100, maximumTrackedUsernames: 40))
        for index in 0..<1_000 {
            await attempt(throttle, username: "user\(index)", address: "10.0.\(index / 256).\(index % 256)")
            #expect(throttle.trackedAddressCount <= 100)
            #expect(throttle.trackedUsernameCount <= 40)
        }
        // The most recent offender is still remembered.
        for _ in 0..<4 { await attempt(throttle, username: nil, address: "10.0.3.231") }
        #expect(await attempt(throttle, username: nil, address: "10.0.3.231") == .throttled(retryAfter: .seconds(1)))
    }

    @Test func whenFullExpiredKeysAreDroppedAndActiveOnesKept() async {
        let throttle = throttle(.init(failureMemory: .seconds(60), maximumTrackedAddresses: 10))
        let offender = "192.0.2.200"
        for _ in 0..<5 { await attempt(throttle, username: nil, address: offender) }
        clock.advance(by: .seconds(1))
        for index in 0..<9 { await attempt(throttle, username: nil, address: "192.0.2.\(index)") }
        clock.advance(by: .seconds(30))
        await attempt(throttle, username: nil, address: offender)  // 6th failure, 2 s
        clock.advance(by: .seconds(40))
        // Full: the nine quiet for 70 s are forgotten, the offender (40 s) is not.
        await attempt(throttle, username: nil, address: "192.0.2.100")
        #expect(throttle.trackedAddressCount == 2)
        await attempt(throttle, username: nil, address: offender)  // 7th failure, 4 s
        #expect(await attempt(throttle, username: nil, address: offender) == .throttled(retryAfter: .seconds(4)))
    }
}
