import Foundation
import Testing

/// `stepwise present` shows what a step keeps back (hints, the solution, the differences) and
/// runs a step's Python original, on a pseudo-terminal.
@Suite(.tags(.terminal), .serialized) struct PresentRevealTests {
    func makeWorld() throws -> (lessons: String, state: String) {
        let world = try TutorBinary.makeWorld()
        try """
        ---
        id: reveal
        title: Kept back
        ---

        ## Your turn

        Make `double` return twice its argument.

        ```swift exercise
        func double(_ value: Int) -> Int {
            fatalError("TODO")
        }
        ```

        ```swift checks
        check("double(2)", double(2), equals: 4)
        ```

        ```swift solution
        func double(_ value: Int) -> Int {
            value * 2
        }
        ```

        ```hint
        Multiply by two, the first hint says.
        ```

        ```hint
        The second hint: value * 2.
        ```

        ## Compare

        ```python compare
        print("from " + "python", 6 * 7)
        ```

        ```swift
        print("from swift", 6 * 7)
        ```

        ```differences
        from python => from swift  Each program names its own language.
        ```
        """.write(toFile: world.lessons + "/05-reveal.md", atomically: true, encoding: .utf8)
        return world
    }

    @Test(.timeLimit(.minutes(3)))
    func hintsTheSolutionAndAPythonRunAppearOnScreen() async throws {
        let world = try makeWorld()
        var environment = TutorBinary.environment(state: world.state)
        environment["XDG_CACHE_HOME"] = StepwiseBinary.cacheHome
        let terminal = try PseudoTerminal(
            executable: TutorBinary.path, arguments: ["present", "reveal", "--lessons", world.lessons],
            environment: environment, columns: 80, rows: 24)
        var seen = try await terminal.waitFor("Kept back · step 1/2")
        #expect(!terminal.screen.contains("the first hint says"), "hints stay hidden until asked for")
        terminal.type("h")
        seen = try await terminal.waitFor("Multiply by two, the first hint says.", after: seen)
        #expect(!terminal.screen[seen...].contains("The second hint"), "one hint at a time")
        terminal.type("h")
        seen = try await terminal.waitFor("The second hint: value * 2.", after: seen)
        terminal.type("o")
        seen = try await terminal.waitFor("Swift · a solution", after: seen)
        terminal.type(" ")
        seen = try await terminal.waitFor("step 2/2", after: seen)
        #expect(!terminal.screen[seen...].contains("names its own language"), "the differences wait for d")
        terminal.type("d")
        seen = try await terminal.waitFor("Each program names its own language.", after: seen)
        terminal.type("p")
        seen = try await terminal.waitFor("Python original", after: seen)
        terminal.type("r")
        // python3 computed this line: the lesson's text only has the expression.
        seen = try await terminal.waitFor("from python 42", after: seen)
        seen = try await terminal.waitFor("finished in", after: seen)
        terminal.type("q")
        #expect(try await terminal.waitForExit() == 0)
    }

    @Test(.timeLimit(.minutes(3)))
    func aPythonRunsOutputAppearsAsItIsPrinted() async throws {
        let world = try TutorBinary.makeWorld()
        // The lines are computed, so the code on the Python page does not contain them.
        try """
        ---
        id: slow-python
        title: Slow Python
        ---

        ## Two lines

        ```python compare
        import time
        print("first " + "from python")
        time.sleep(3)
        print("second " + "from python")
        ```

        ```swift
        print("first " + "from python")
        print("second " + "from python")
        ```
        """.write(toFile: world.lessons + "/05-slow-python.md", atomically: true, encoding: .utf8)
        var environment = TutorBinary.environment(state: world.state)
        environment["XDG_CACHE_HOME"] = StepwiseBinary.cacheHome
        let terminal = try PseudoTerminal(
            executable: TutorBinary.path, arguments: ["present", "slow-python", "--lessons", world.lessons],
            environment: environment, columns: 80, rows: 24)
        var seen = try await terminal.waitFor("step 1/1")
        terminal.type("p")
        seen = try await terminal.waitFor("Python original", after: seen)
        terminal.type("r")
        let ran = seen
        seen = try await terminal.waitFor("first from python", after: seen)
        // python3 sleeps between its lines: the first is on the screen while the second is not
        // printed yet, as a Swift run's lines are.
        let cameTogether = terminal.screen[ran...].contains("second from python")
        #expect(!cameTogether, "the first line came with the second, at the end of the run")
        seen = try await terminal.waitFor("second from python", after: seen)
        seen = try await terminal.waitFor("finished in", after: seen)
        terminal.type("q")
        #expect(try await terminal.waitForExit() == 0)
    }
}
