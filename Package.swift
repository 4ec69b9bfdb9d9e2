// swift-tools-version: 6.1
import PackageDescription

let strict: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

let package = Package(
    name: "swift-kmip",
    products: [
        .library(name: "KMIPSpec", targets: ["KMIPSpec"]),
        .library(name: "TTLV", targets: ["TTLV"]),
        .library(name: "TTLVText", targets: ["TTLVText"]),
        .library(name: "KMIP", targets: ["KMIP"]),
        .library(name: "KMIPTLS", targets: ["KMIPTLS"]),
        .library(name: "KMIPCrypto", targets: ["KMIPCrypto"]),
        .library(name: "KMIPTransport", targets: ["KMIPTransport"]),
        .library(name: "KMIPClient", targets: ["KMIPClient"]),
        .library(name: "KMIPServer", targets: ["KMIPServer"]),
        .library(name: "KMIPHarness", targets: ["KMIPHarness"]),
        .library(name: "VaultTransit", targets: ["VaultTransit"]),
        .executable(name: "kmip", targets: ["kmip"]),
        .executable(name: "kms", targets: ["kms"]),
        .executable(name: "kmip-specgen", targets: ["kmip-specgen"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.3"),
    ],
    targets: [
        // Platform: system libraries.
        .systemLibrary(
            name: "COpenSSL",
            pkgConfig: "openssl",
            providers: [.apt(["libssl-dev"])]
        ),
        .systemLibrary(
            name: "CSQLite",
            pkgConfig: "sqlite3",
            providers: [.apt(["libsqlite3-dev"])]
        ),
        .systemLibrary(
            name: "CLibXML2",
            pkgConfig: "libxml-2.0",
            providers: [.apt(["libxml2-dev"])]
        ),

        // Spec data, encodings.
        .target(name: "KMIPSpec", swiftSettings: strict),
        .target(name: "TTLV", dependencies: ["KMIPSpec"], swiftSettings: strict),
        .target(name: "TTLVText", dependencies: ["TTLV", "KMIPSpec", "CLibXML2"], swiftSettings: strict),

        // Protocol: typed messages.
        .target(name: "KMIP", dependencies: ["TTLV", "KMIPSpec"], swiftSettings: strict),

        // Platform: TLS on the system OpenSSL, under SwiftNIO.
        .target(
            name: "KMIPTLS",
            dependencies: [
                "COpenSSL",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            swiftSettings: strict
        ),

        // Platform: cryptography on the system OpenSSL (EVP).
        .target(name: "KMIPCrypto", dependencies: ["COpenSSL"], swiftSettings: strict),

        // Transport: TTLV framing over TLS on NIO.
        .target(
            name: "KMIPTransport",
            dependencies: [
                "TTLV", "KMIPTLS",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            swiftSettings: strict
        ),

        // Applications.
        .target(
            name: "KMIPClient",
            dependencies: [
                "KMIP", "KMIPSpec", "TTLV", "KMIPTransport", "KMIPTLS",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            swiftSettings: strict
        ),

        .target(
            name: "KMIPServer",
            dependencies: [
                "KMIP", "KMIPSpec", "TTLV", "KMIPTransport", "KMIPTLS", "KMIPCrypto", "CSQLite",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            swiftSettings: strict
        ),

        .target(
            name: "KMIPHarness",
            dependencies: [
                "KMIPSpec", "TTLV", "TTLVText", "KMIPTLS", "KMIPClient", "KMIPServer",
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            swiftSettings: strict
        ),

        // Vault transit client and the mock Vault transit server.
        .target(
            name: "VaultTransit",
            dependencies: [
                "KMIPTLS", "KMIPCrypto",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            swiftSettings: strict
        ),

        // Test support (tests only, not a product).
        .target(name: "KMIPTestSupport", dependencies: ["KMIPTLS"], swiftSettings: strict),

        // Commands and executables.
        .target(
            name: "KMIPCommandLine",
            dependencies: [
                "TTLV", "TTLVText", "KMIPSpec", "KMIPTLS", "KMIP", "KMIPClient", "KMIPServer", "KMIPHarness", "KMIPTransport", "VaultTransit",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            swiftSettings: strict
        ),
        .executableTarget(name: "kmip", dependencies: ["KMIPCommandLine"], swiftSettings: strict),
        .target(
            name: "KMSCommands",
            dependencies: [
                "KMIPClient", "VaultTransit", "KMIP", "KMIPSpec", "KMIPTLS", "KMIPCrypto", "CSQLite",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strict
        ),
        .executableTarget(name: "kms", dependencies: ["KMSCommands"], swiftSettings: strict),

        // Tools: the spec-table generator (run by hand; verified by KMIPSpecTests).
        .target(name: "KMIPSpecGen", path: "Tools/specgen/KMIPSpecGen", swiftSettings: strict),
        .executableTarget(name: "kmip-specgen", dependencies: ["KMIPSpecGen"], path: "Tools/specgen/kmip-specgen", swiftSettings: strict),

        // Tests.
        .testTarget(name: "KMIPSpecTests", dependencies: ["KMIPSpec", "KMIPSpecGen"], swiftSettings: strict),
        .testTarget(name: "TTLVTests", dependencies: ["TTLV", "KMIPSpec"], swiftSettings: strict),
        .testTarget(name: "TTLVTextTests", dependencies: ["TTLVText", "TTLV", "KMIPSpec"], swiftSettings: strict),
        .testTarget(name: "KMIPTests", dependencies: ["KMIP", "TTLV", "TTLVText", "KMIPSpec"], swiftSettings: strict),
        .testTarget(
            name: "KMIPTLSTests",
            dependencies: [
                "KMIPTLS",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOEmbedded", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
            ],
            swiftSettings: strict
        ),
        .testTarget(name: "KMIPCryptoTests", dependencies: ["KMIPCrypto", "KMIPTestSupport"], swiftSettings: strict),
        .testTarget(
            name: "KMIPTransportTests",
            dependencies: [
                "KMIPTransport", "TTLV",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOEmbedded", package: "swift-nio"),
                .product(name: "NIOTestUtils", package: "swift-nio"),
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "KMIPClientTests",
            dependencies: [
                "KMIPClient", "KMIP", "KMIPTLS", "KMIPSpec", "KMIPTransport", "TTLV", "KMIPTestSupport",
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "KMIPServerTests",
            dependencies: [
                "KMIPServer", "KMIPClient", "KMIP", "KMIPTLS", "KMIPSpec", "TTLV", "KMIPTestSupport", "KMIPCrypto",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "KMIPHarnessTests",
            dependencies: ["KMIPHarness", "KMIPSpec", "TTLV", "TTLVText", "KMIPServer", "KMIPClient", "KMIPTLS"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "VaultTransitTests",
            dependencies: [
                "VaultTransit", "KMIPTLS", "KMIPCrypto", "KMIPTestSupport",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            swiftSettings: strict
        ),
        .testTarget(name: "KMIPCommandLineTests", dependencies: ["kmip", "KMIPCommandLine", "KMIP", "KMIPSpec", "KMIPTestSupport", "VaultTransit"], swiftSettings: strict),
        .testTarget(
            name: "KMSCommandsTests",
            dependencies: ["kms", "KMSCommands", "KMIPServer", "KMIPClient", "VaultTransit", "KMIP", "KMIPSpec", "KMIPTLS", "KMIPCrypto", "KMIPTestSupport"],
            swiftSettings: strict
        ),
    ],
    swiftLanguageModes: [.v6]
)

// Fuzz targets (Tools/fuzz): built only on demand, with libFuzzer and AddressSanitizer, by
// Tools/fuzz/run (which sets KMIP_FUZZ=1); a plain `swift build` never sees them.
if Context.environment["KMIP_FUZZ"] == "1" {
    let fuzzTargets: [(name: String, dependencies: [Target.Dependency])] = [
        ("fuzz-ttlv", ["TTLV"]),
        ("fuzz-xml", ["TTLV", "TTLVText"]),
        ("fuzz-json", ["TTLV", "TTLVText"]),
        ("fuzz-message", ["TTLV", "KMIP"]),
        ("fuzz-dispatcher", ["TTLV", "KMIP", "KMIPServer"]),
        ("fuzz-vault", ["VaultTransit"]),
    ]
    for target in fuzzTargets {
        package.targets.append(.executableTarget(
            name: target.name,
            dependencies: target.dependencies,
            path: "Tools/fuzz/targets/\(target.name)",
            swiftSettings: strict + [.unsafeFlags(["-parse-as-library"])]
        ))
    }
}
