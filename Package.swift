// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "Stepwise",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "stepwise", targets: ["stepwise"]),
        .executable(name: "stepwise-sandbox", targets: ["stepwise-sandbox"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/swiftlang/swift-syntax", exact: "603.0.1"),
    ],
    targets: [
        // System libraries: headers come from Debian packages that the
        // Scripts/ entry points install when missing.
        .systemLibrary(
            name: "CLibEdit",
            pkgConfig: "libedit",
            providers: [.apt(["libedit-dev"]), .brew(["libedit"])]
        ),
        .systemLibrary(
            name: "CCmark",
            pkgConfig: "libcmark",
            providers: [.apt(["libcmark-dev"]), .brew(["cmark"])]
        ),
        // Calls Swift cannot make itself (variadic prctl, descriptor passing): header only.
        .systemLibrary(name: "CSandboxCalls"),
        // What the tutor and the sandbox host say to each other; no Foundation, as the host
        // must start fast and fork safely.
        .target(name: "SandboxWire", swiftSettings: [.unsafeFlags(["-O"])]),
        // The session's sandbox host, started once inside bubblewrap: it forks every contained run
        // into namespaces of its own. Found beside the `stepwise` executable.
        .executableTarget(
            name: "stepwise-sandbox",
            dependencies: ["CSandboxCalls", "SandboxWire"],
            // Optimised in every configuration: it forks three times per run, and each child
            // of an unoptimised build spends its time instantiating generic metadata.
            swiftSettings: [.unsafeFlags(["-O"])]
        ),
        // Lessons, parsing, progress, running snippets, checking: no terminal I/O.
        .target(
            name: "StepwiseCore",
            dependencies: ["CCmark", "CSandboxCalls", "SandboxWire"]
        ),
        // Swift source read the way the compiler reads it (swift-syntax): highlighting,
        // top-level declarations, whether a prompt entry is complete, rewriting snippets.
        // Kept apart from Core so the fuzz script can compile Core on its own.
        .target(
            name: "StepwiseSyntax",
            dependencies: [
                "StepwiseCore",
                .product(name: "SwiftSyntax", package: "swift-syntax"),
                .product(name: "SwiftParser", package: "swift-syntax"),
                .product(name: "SwiftParserDiagnostics", package: "swift-syntax"),
                .product(name: "SwiftIDEUtils", package: "swift-syntax"),
            ]
        ),
        // Everything that knows about TTYs: rendering, colours, libedit input.
        .target(
            name: "StepwiseTerminal",
            dependencies: ["StepwiseCore", "StepwiseSyntax", "CLibEdit"]
        ),
        // Argument parsing and the interactive session.
        .target(
            name: "StepwiseCommandLine",
            dependencies: [
                "StepwiseCore",
                "StepwiseSyntax",
                "StepwiseTerminal",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(
            name: "stepwise",
            dependencies: ["StepwiseCommandLine"]
        ),
        .testTarget(
            name: "StepwiseCoreTests",
            // StepwiseSyntax reads top-level declarations for the checker's `step=` targets.
            dependencies: ["StepwiseCore", "StepwiseSyntax", "ProgressWriter", "ProgressStates", "SandboxWire"],
            exclude: ["Fixtures"]
        ),
        // Saves progress in a loop for the tests that kill it mid-save; not part of the tutor.
        .executableTarget(
            name: "ProgressWriter",
            dependencies: ["StepwiseCore", "ProgressStates"],
            path: "Tests/ProgressWriter"
        ),
        // The states ProgressWriter saves, shared with the tests that check what it left.
        .target(
            name: "ProgressStates",
            dependencies: ["StepwiseCore"],
            path: "Tests/ProgressStates"
        ),
        .testTarget(
            name: "StepwiseSyntaxTests",
            dependencies: ["StepwiseSyntax", "StepwiseCore"]
        ),
        .testTarget(
            name: "StepwiseTerminalTests",
            dependencies: ["StepwiseTerminal", "StepwiseCore"],
            exclude: ["Snapshots"]
        ),
        // The tutor's session rules, in process, with a scripted executor and line reader.
        .testTarget(
            name: "StepwiseCommandLineTests",
            dependencies: ["StepwiseCommandLine", "StepwiseCore", "StepwiseTerminal"]
        ),
        .testTarget(
            name: "StepwiseEndToEndTests",
            dependencies: ["stepwise"]
        ),
    ],
    swiftLanguageModes: [.v6]
)
