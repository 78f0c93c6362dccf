// swift-tools-version:6.0
import PackageDescription

// Bester for Swift. No package dependencies: only the toolchain and a few
// system C libraries from Debian (see README.md, "Prerequisites").
let package = Package(
    name: "Bester",
    products: [
        .library(name: "BesterProtocol", targets: ["BesterProtocol"]),
        .library(name: "BesterClient", targets: ["BesterClient"]),
        .library(name: "BesterServer", targets: ["BesterServer"]),
        .executable(name: "besterd", targets: ["besterd"]),
        .executable(name: "bester-cli", targets: ["bester-cli"]),
    ],
    targets: [
        // Pure Swift: codecs, message models, validation. No Foundation, no C.
        .target(name: "BesterProtocol"),

        // System headers Swift cannot see through Glibc (epoll, eventfd, ...).
        .target(name: "CBesterSystem"),
        .systemLibrary(name: "CSQLite", providers: [.apt(["libsqlite3-dev"])]),
        .systemLibrary(name: "CZlib", providers: [.apt(["zlib1g-dev"])]),
        .systemLibrary(name: "CCrypt", providers: [.apt(["libcrypt-dev"])]),

        // The one socket layer: epoll event loops, channels, listeners, async
        // wrappers. Shared by the client and the server.
        .target(name: "BesterIO", dependencies: ["BesterProtocol", "CBesterSystem", "CZlib"]),

        .target(name: "BesterClient", dependencies: ["BesterProtocol", "BesterIO"]),
        .target(
            name: "BesterServer",
            dependencies: ["BesterProtocol", "BesterIO", "CBesterSystem", "CSQLite", "CCrypt"]
        ),

        // Argument parsing and help in swift-argument-parser's conventions,
        // shared by the two executables.
        .target(name: "BesterCommandLine"),
        .executableTarget(name: "besterd", dependencies: ["BesterServer", "BesterIO", "BesterCommandLine"]),
        .executableTarget(name: "bester-cli", dependencies: ["BesterClient", "BesterProtocol", "BesterCommandLine"]),

        // An external message handler written with BesterClient's HandlerService (Docs/handlers.md).
        .executableTarget(name: "bester-example-handler", dependencies: ["BesterClient", "BesterProtocol"],
                          path: "Examples/SwiftHandler"),

        .testTarget(name: "BesterProtocolTests", dependencies: ["BesterProtocol"]),
        // What the test targets share: timeouts, an in-process test server, test handlers.
        .target(name: "BesterTestSupport", dependencies: ["BesterServer", "BesterClient"], path: "Tests/BesterTestSupport"),
        .testTarget(name: "BesterIOTests", dependencies: ["BesterIO", "BesterTestSupport"]),
        .testTarget(name: "BesterServerTests", dependencies: ["BesterServer", "BesterProtocol", "BesterTestSupport"]),
        .testTarget(name: "BesterClientTests", dependencies: ["BesterClient", "BesterServer", "BesterTestSupport"]),
        // Runs the built bester-cli against an in-process server, and tests
        // its chat screen's parts directly.
        .testTarget(name: "BesterCLITests", dependencies: ["BesterClient", "BesterServer", "bester-cli", "BesterTestSupport"]),
    ],
    swiftLanguageModes: [.v6]
)
