import Testing
@testable import BesterServer

@Suite struct LoginThrottleTests {
    private let clock = ManualClock()

    private func throttle(_ configuration: LoginThrottleConfiguration = .init()) -> LoginThrottle {
        LoginThrottle(configuration: configuration, clock: clock)
    }

    /// Starts an attempt and finishes it with `outcome`; returns the decision.
    @discardableResult
    private func attempt(
        _ throttle: LoginThrottle, username: String?, address: String?, outcome: LoginThrottle.Outcome = .failed
    ) -> LoginThrottle.Decision {
        let decision = throttle.beginAttempt(username: username, address: address)
        if case let .proceed(started) = decision { throttle.finishAttempt(started, outcome: outcome) }
        return decision
    }

    private func isAllowed(_ decision: LoginThrottle.Decision) -> Bool {
        if case .proceed = decision { return true }
        return false
    }

    @Test func fifthFailureLocksTheUsernameForOneSecondThenDelaysDouble() {
        let throttle = throttle()
        for index in 0..<5 {
            #expect(isAllowed(attempt(throttle, username: "alice", address: "192.0.2.\(index)")))
        }
        #expect(attempt(throttle, username: "alice", address: "198.51.100.1") == .throttled(retryAfter: .seconds(1)))
        clock.advance(by: .milliseconds(400))
        #expect(attempt(throttle, username: "alice", address: "198.51.100.1") == .throttled(retryAfter: .milliseconds(600)))
        clock.advance(by: .milliseconds(600))
        #expect(isAllowed(attempt(throttle, username: "alice", address: "198.51.100.1")))
        #expect(attempt(throttle, username: "alice", address: "198.51.100.2") == .throttled(retryAfter: .seconds(2)))
        clock.advance(by: .seconds(2))
        #expect(isAllowed(attempt(throttle, username: "alice", address: "198.51.100.3")))
        #expect(attempt(throttle, username: "alice", address: "198.51.100.4") == .throttled(retryAfter: .seconds(4)))
    }

    @Test func delayIsCappedAtTheMaximum() {
        let throttle = throttle(.init(failuresBeforeDelay: 1, initialDelay: .seconds(1), maximumDelay: .seconds(5)))
        let expected: [Duration] = [.seconds(1), .seconds(2), .seconds(4), .seconds(5), .seconds(5)]
        for delay in expected {
            #expect(isAllowed(attempt(throttle, username: "bob", address: nil)))
            #expect(attempt(throttle, username: "bob", address: nil) == .throttled(retryAfter: delay))
            clock.advance(by: delay)
        }
    }

    @Test func successClearsTheUsernamesFailures() {
        let throttle = throttle()
        for _ in 0..<4 { attempt(throttle, username: "carol", address: "192.0.2.1") }
        attempt(throttle, username: "carol", address: "192.0.2.1", outcome: .succeeded)
        for _ in 0..<4 {
            #expect(isAllowed(attempt(throttle, username: "carol", address: "192.0.2.2")))
        }
        #expect(throttle.trackedUsernameCount == 1)
        attempt(throttle, username: "carol", address: "192.0.2.2", outcome: .succeeded)
        #expect(throttle.trackedUsernameCount == 0)
    }

    @Test func addressIsThrottledAcrossUsernames() {
        let throttle = throttle()
        for index in 0..<5 {
            #expect(isAllowed(attempt(throttle, username: "user\(index)", address: "203.0.113.9")))
        }
        #expect(attempt(throttle, username: "someone-else", address: "203.0.113.9") == .throttled(retryAfter: .seconds(1)))
        #expect(isAllowed(attempt(throttle, username: "someone-else", address: "203.0.113.10")))
    }

    @Test func oneUsersSuccessDoesNotClearTheAddress() {
        let throttle = throttle()
        for index in 0..<4 { attempt(throttle, username: "user\(index)", address: "203.0.113.9") }
        attempt(throttle, username: "owner", address: "203.0.113.9", outcome: .succeeded)
        attempt(throttle, username: "user9", address: "203.0.113.9")
        #expect(attempt(throttle, username: "owner", address: "203.0.113.9") == .throttled(retryAfter: .seconds(1)))
    }

    @Test func usernamesAreTrackedIgnoringASCIICase() {
        let throttle = throttle()
        for name in ["Dave", "DAVE", "dave", "dAVE", "DaVe"] { attempt(throttle, username: name, address: nil) }
        #expect(attempt(throttle, username: "dave", address: nil) == .throttled(retryAfter: .seconds(1)))
    }

    @Test func attemptsInProgressCountAgainstTheLimit() {
        let throttle = throttle()
        var started: [LoginThrottle.Attempt] = []
        for _ in 0..<5 {
            guard case let .proceed(attempt) = throttle.beginAttempt(username: "erin", address: "192.0.2.7") else {
                Issue.record("attempt refused too early")
                return
            }
            started.append(attempt)
        }
        // Five checks running use up the five free failures.
        #expect(throttle.beginAttempt(username: "erin", address: "192.0.2.8") == .throttled(retryAfter: .seconds(1)))
        for attempt in started { throttle.finishAttempt(attempt, outcome: .abandoned) }
        #expect(isAllowed(attempt(throttle, username: "erin", address: "192.0.2.8")))
    }

    @Test func pastTheFreeFailuresOnlyOneAttemptRunsAtATime() {
        let throttle = throttle()
        for _ in 0..<5 { attempt(throttle, username: "frank", address: nil) }
        clock.advance(by: .seconds(1))
        guard case let .proceed(running) = throttle.beginAttempt(username: "frank", address: nil) else {
            Issue.record("attempt refused after the delay")
            return
        }
        #expect(throttle.beginAttempt(username: "frank", address: nil) == .throttled(retryAfter: .seconds(1)))
        throttle.finishAttempt(running, outcome: .succeeded)
        #expect(isAllowed(attempt(throttle, username: "frank", address: nil)))
    }

    @Test func abandonedAttemptsCountForNothing() {
        let throttle = throttle()
        for _ in 0..<10 { attempt(throttle, username: "gina", address: "192.0.2.1", outcome: .abandoned) }
        #expect(throttle.trackedUsernameCount == 0)
        #expect(throttle.trackedAddressCount == 0)
    }

    @Test func failuresAreForgottenAfterTheMemoryPeriod() {
        let throttle = throttle(.init(failureMemory: .seconds(60)))
        for _ in 0..<4 { attempt(throttle, username: "hank", address: "192.0.2.1") }
        clock.advance(by: .seconds(59))
        attempt(throttle, username: "hank", address: "192.0.2.1")
        #expect(attempt(throttle, username: "hank", address: "192.0.2.1") == .throttled(retryAfter: .seconds(1)))
        clock.advance(by: .seconds(61))
        // Five failures ago is more than a minute ago: back to a clean slate.
        for _ in 0..<5 {
            #expect(isAllowed(attempt(throttle, username: "hank", address: "192.0.2.1")))
        }
    }

    @Test func trackedKeysStayWithinTheirCaps() {
        let throttle = throttle(.init(maximumTrackedAddresses: 100, maximumTrackedUsernames: 40))
        for index in 0..<1_000 {
            attempt(throttle, username: "user\(index)", address: "10.0.\(index / 256).\(index % 256)")
            #expect(throttle.trackedAddressCount <= 100)
            #expect(throttle.trackedUsernameCount <= 40)
        }
        // The most recent offender is still remembered.
        for _ in 0..<4 { attempt(throttle, username: nil, address: "10.0.3.231") }
        #expect(attempt(throttle, username: nil, address: "10.0.3.231") == .throttled(retryAfter: .seconds(1)))
    }

    @Test func whenFullExpiredKeysAreDroppedAndActiveOnesKept() {
        let throttle = throttle(.init(failureMemory: .seconds(60), maximumTrackedAddresses: 10))
        let offender = "192.0.2.200"
        for _ in 0..<5 { attempt(throttle, username: nil, address: offender) }
        clock.advance(by: .seconds(1))
        for index in 0..<9 { attempt(throttle, username: nil, address: "192.0.2.\(index)") }
        clock.advance(by: .seconds(30))
        attempt(throttle, username: nil, address: offender)  // 6th failure, 2 s
        clock.advance(by: .seconds(40))
        // Full: the nine quiet for 70 s are forgotten, the offender (40 s) is not.
        attempt(throttle, username: nil, address: "192.0.2.100")
        #expect(throttle.trackedAddressCount == 2)
        attempt(throttle, username: nil, address: offender)  // 7th failure, 4 s
        #expect(attempt(throttle, username: nil, address: offender) == .throttled(retryAfter: .seconds(4)))
    }
}
