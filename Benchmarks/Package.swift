// swift-tools-version:6.0
import Foundation
import PackageDescription

// The benchmarks live in their own package so `bester-bench` is not a product
// users of Bester see. It depends on the main package by path; SwiftPM names a
// path dependency after its directory, which is whatever the clone is called.
let mainPackage = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
let mainIdentity = mainPackage.lastPathComponent.lowercased()

let package = Package(
    name: "BesterBenchmarks",
    dependencies: [.package(path: "..")],
    targets: [
        .executableTarget(
            name: "bester-bench",
            dependencies: [
                .product(name: "BesterProtocol", package: mainIdentity),
                .product(name: "BesterClient", package: mainIdentity),
                .product(name: "BesterServer", package: mainIdentity),
            ],
        ),
    ],
    swiftLanguageModes: [.v6]
)
