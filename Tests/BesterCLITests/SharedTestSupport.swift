// One import for the whole target: every file sees the shared test support.
@_exported import BesterTestSupport
