// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "liftrec",
    products: [
        .executable(name: "liftrec", targets: ["liftrec"]),
    ],
    targets: [
        // libcurl is loaded with dlopen on first use (see CCurlShim.h), never linked, so commands
        // that make no HTTP request start as fast as before and run where libcurl is not installed.
        .target(name: "CCurlShim", path: "Sources/CCurlShim", linkerSettings: [.linkedLibrary("dl")]),
        // SHA-256 with the CPU's SHA instructions where it has them; LiftrecCore falls back to Swift elsewhere.
        .target(name: "CSHA256", path: "Sources/CSHA256"),
        // The Linux calls Swift's Glibc module leaves out (epoll, eventfd, accept4), from their headers, so the
        // compiler checks their signatures and the layout of struct epoll_event.
        .target(name: "CLinux", path: "Sources/CLinux"),
        // The commit `--version` names, defined by scripts/install; a plain build says "unknown".
        .target(name: "CBuildInfo", path: "Sources/CBuildInfo"),
        .target(name: "LiftrecCore", dependencies: ["CBuildInfo", "CCurlShim", "CLinux", "CSHA256"], path: "Sources/LiftrecCore"),
        .executableTarget(name: "liftrec", dependencies: ["LiftrecCore"], path: "Sources/liftrec"),
        // What both test targets share, such as connecting to a server under test.
        .target(name: "TestSupport", path: "Tests/TestSupport"),
        .testTarget(name: "LiftrecCoreTests", dependencies: ["LiftrecCore", "TestSupport"], path: "Tests/LiftrecCoreTests"),
        .testTarget(name: "EndToEndTests", dependencies: ["liftrec", "LiftrecCore", "TestSupport"], path: "Tests/EndToEndTests"),
    ],
    swiftLanguageModes: [.v6]
)
