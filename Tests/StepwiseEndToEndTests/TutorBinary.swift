import Foundation

/// Locates the built `stepwise` and prepares a scratch world (lessons, state folder) for it.
struct TutorBinary {
    static var path: String {
        // swift test runs the test bundle from the build folder that also holds the executable.
        let bundle = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        let beside = bundle.appendingPathComponent("stepwise").path
        if FileManager.default.isExecutableFile(atPath: beside) { return beside }
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        return root.appendingPathComponent(".build/debug/stepwise").path
    }

    /// A fresh folder with two small lessons and an empty state folder.
    static func makeWorld() throws -> (lessons: String, state: String) {
        let root = NSTemporaryDirectory() + "stepwise-e2e-\(UUID().uuidString)"
        let lessons = root + "/lessons"
        let state = root + "/state"
        try FileManager.default.createDirectory(atPath: lessons, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: state, withIntermediateDirectories: true)
        try """
            ---
            id: first
            title: First things
            ---

            ## Opening

            The first step.

            ## Second

            The second step.
            """.write(toFile: lessons + "/01-first.md", atomically: true, encoding: .utf8)
        try """
            ---
            id: second
            title: Second things
            ---

            ## Only

            The only step.
            """.write(toFile: lessons + "/02-second.md", atomically: true, encoding: .utf8)
        try """
            ---
            id: running
            title: Running things
            ---

            ## Stepping

            ```swift step=gen
            struct Counter: IteratorProtocol {
                var i = 0
                mutating func next() -> Int? {
                    i += 1
                    print("body runs for call \\(i)")
                    return i <= 3 ? i * 10 : nil
                }
            }
            var gen = Counter()
            print("ready")
            ```

            ## Forever

            ```swift timeout=2
            var n = 0
            while true { n &+= 1 }
            ```

            ## Flood

            ```swift
            let line = String(repeating: "x", count: 99)
            for _ in 0..<1_000_000 { print(line) }
            ```
            """.write(toFile: lessons + "/03-running.md", atomically: true, encoding: .utf8)
        return (lessons, state)
    }
}
