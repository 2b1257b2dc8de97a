import Foundation

/// Locates the built `stepwise` and prepares a scratch world (lessons, state folder) for it.
struct TutorBinary {
    static var path: String {
        (try? StepwiseBinary().path) ?? ".build/debug/stepwise"
    }

    /// A learner's environment confined to `state`: progress, history, edits and the snippet cache.
    static func environment(state: String) -> [String: String] {
        [
            "TERM": "xterm", "HOME": state, "XDG_STATE_HOME": state, "XDG_CACHE_HOME": state + "/cache",
            "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin", "LANG": "C.UTF-8",
            // These sessions type commands without waiting for a tall step's pages; paging has tests of its own.
            "STEPWISE_PAGER": "off",
        ]
    }

    /// Runs a session with `input` piped to it (in `directory` if given); returns everything it
    /// printed and its exit status. Writing, reading and waiting happen on dedicated threads.
    static func pipedSession(
        _ input: String, arguments: [String], environment: [String: String], directory: String? = nil
    ) async throws -> (text: String, status: Int32) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        process.environment = environment
        if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        let (data, status) = try await process.runPiped(input: Data(input.utf8), output: output)
        return (String(decoding: data, as: UTF8.self), status)
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

        ```swift step=gen timeout=60
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

        ## Slow

        ```swift
        print("first line")
        try await Task.sleep(for: .seconds(2))
        print("second line")
        ```
        """.write(toFile: lessons + "/03-running.md", atomically: true, encoding: .utf8)
        try """
        ---
        id: practice
        title: Practice
        ---

        ## Edit me

        ```swift
        # let greeting = "hello"
        print(greeting, 10)
        ```

        ## Guess

        What does it print?

        ```swift predict
        var it = [10, 20].makeIterator()
        _ = it.next()
        print(it.next() as Any)
        ```

        <details><summary>Answer</summary>

        The first call used up the 10; explanation-marker.

        ```output
        Optional(20)
        ```

        </details>

        ## Exercise

        ```swift exercise
        func double(_ x: Int) -> Int { x }
        ```

        ```swift checks
        check("doubles two", double(2) == 4)
        ```

        ```swift solution
        func double(_ x: Int) -> Int { x * 2 }
        ```

        ```hint
        Multiply by `2`.
        ```

        ## Compare

        ```swift
        print(["a"])
        ```

        ```python compare
        print(["a"])
        ```

        ```differences
        ' => "  Swift shows strings in double quotes.
        ```
        """.write(toFile: lessons + "/04-practice.md", atomically: true, encoding: .utf8)
        return (lessons, state)
    }
}
