// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "liftrec",
    products: [
        .executable(name: "liftrec", targets: ["liftrec"]),
    ],
    targets: [
        .target(name: "LiftrecCore", path: "Sources/LiftrecCore"),
        .executableTarget(name: "liftrec", dependencies: ["LiftrecCore"], path: "Sources/liftrec"),
        .testTarget(name: "LiftrecCoreTests", dependencies: ["LiftrecCore"], path: "Tests/LiftrecCoreTests"),
        .testTarget(name: "EndToEndTests", dependencies: ["LiftrecCore"], path: "Tests/EndToEndTests"),
    ],
    swiftLanguageModes: [.v6]
)
