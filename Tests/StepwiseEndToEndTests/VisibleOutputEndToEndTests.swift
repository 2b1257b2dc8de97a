import Foundation
import Testing

/// A hostile lesson whose snippets print escape sequences, a NUL and a lone `\r`, run for
/// real: every command shows them as symbols, on a pipe and on a terminal, and nothing but the
/// tutor drives the terminal (the window title is never set, the screen never cleared), and no
/// bidirectional control reorders what the learner reads.
@Suite(.tags(.terminal), .serialized) struct VisibleOutputEndToEndTests {
    /// Raw ESC and BEL in the lesson file itself: title, text, a code comment, a compile error.
    static let lesson = """
        ---
        id: hostile
        title: Hostile \u{1B}]0;LESSON\u{07} title
        summary: Summary \u{1B}]52;c;SGFja2Vk\u{07} here
        ---

        ## Printing escapes

        Text \u{1B}]52;c;SGFja2Vk\u{07} with `code \u{1B}[?1049h inline`, reads \u{202E}DESREVER\u{202C} here.

        ```swift
        // comment \u{1B}]0;COMMENT\u{07} end \u{2067}RTL\u{2069}
        print("\\u{1B}]0;PWNED\\u{07}")
        print("access \\u{202E}nimda\\u{2066}x\\u{2069}\\u{200F}")
        print("\\u{1B}[2J")
        print("a\\rb")
        print("first\\u{0}second")
        fatalError("after the NUL")
        ```

        ## A diff

        ```swift
        print("\\u{1B}]0;DIFF\\u{07}")
        ```

        ```output
        something else
        ```

        ## A compile error

        ```swift
        let x: Int = "\u{1B}]0;EXCERPT\u{07}"
        ```
        """

    /// What the snippet's line with an override, an isolate and a mark prints, shown.
    static let shownBidi = "access <U+202E>nimda<U+2066>x<U+2069><U+200F>"

    /// The runtime's message for the crash (the lesson's own text only has `fatalError("after the NUL")`).
    static let fatal = "Fatal error: after the NUL"

    func makeWorld() throws -> (lessons: String, state: String) {
        let world = try TutorBinary.makeWorld()
        try Self.lesson.write(toFile: world.lessons + "/05-hostile.md", atomically: true, encoding: .utf8)
        return world
    }

    var environment: (String) -> [String: String] {
        { state in
            var environment = TutorBinary.environment(state: state)
            environment["XDG_CACHE_HOME"] = StepwiseBinary.cacheHome
            return environment
        }
    }

    /// Nothing a terminal would obey: no C0 control but the line end, no DEL, no C1, no
    /// bidirectional control.
    static func expectInert(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let bidi: [ClosedRange<UInt32>] = [0x061C...0x061C, 0x200E...0x200F, 0x202A...0x202E, 0x2066...0x2069]
        let acting = text.unicodeScalars.filter { scalar in
            scalar != "\n" && (scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) || bidi.contains { $0.contains(scalar.value) })
        }
        #expect(acting.isEmpty, "controls in the output: \(acting.map { String($0.value, radix: 16) })", sourceLocation: sourceLocation)
    }

    @Test(.timeLimit(.minutes(5)))
    func aPipedSessionShowsEverySymbolAndLosesNothingAfterANUL() async throws {
        let world = try makeWorld()
        let (text, status) = try await TutorBinary.pipedSession(
            "run\nquit\n", arguments: ["learn", "hostile", "--lessons", world.lessons], environment: environment(world.state))
        #expect(status == 0, "\(text)")
        Self.expectInert(text)
        for shown in [
            "Hostile ␛]0;LESSON␇ title", "␛]52;c;SGFja2Vk␇", "␛[?1049h", "␛]0;COMMENT␇", "␛]0;PWNED␇", "␛[2J", "a␍b",
            "<U+202E>DESREVER<U+202C>", "<U+2067>RTL<U+2069>", Self.shownBidi,
        ] {
            #expect(text.contains(shown), "\(shown): \(text)")
        }
        #expect(text.contains("first␀second"), "the rest of the line after a NUL")
        #expect(text.contains(Self.fatal), "the crash after the NUL line: \(text)")
    }

    @Test(.timeLimit(.minutes(5)))
    func runCheckExportAndListShowSymbols() async throws {
        let world = try makeWorld()
        let environment = environment(world.state)
        let run = try await TutorBinary.pipedSession(
            "", arguments: ["run", "hostile", "--lessons", world.lessons], environment: environment)
        Self.expectInert(run.text)
        #expect(run.text.contains("␛]0;PWNED␇") && run.text.contains("first␀second") && run.text.contains(Self.fatal), "\(run.text)")
        #expect(run.text.contains(Self.shownBidi), "\(run.text)")

        let compile = try await TutorBinary.pipedSession(
            "", arguments: ["run", "hostile", "--step", "3", "--lessons", world.lessons], environment: environment)
        Self.expectInert(compile.text)
        #expect(compile.text.contains("␛]0;EXCERPT␇"), "the compiler's excerpt: \(compile.text)")

        let check = try await TutorBinary.pipedSession(
            "", arguments: ["check", "--fresh", world.lessons + "/05-hostile.md"], environment: environment)
        #expect(check.status != 0)
        Self.expectInert(check.text)
        #expect(check.text.contains("+␛]0;DIFF␇"), "the diff note: \(check.text)")

        for format in ["md", "html"] {
            let export = try await TutorBinary.pipedSession(
                "", arguments: ["export", "hostile", "--format", format, "--lessons", world.lessons], environment: environment)
            #expect(export.status == 0, "\(export.text)")
            Self.expectInert(export.text.replacingOccurrences(of: "\t", with: " "))
            if format == "md" {
                #expect(export.text.contains("␛]0;PWNED␇") && export.text.contains(#"Hostile ␛\]0;LESSON␇ title"#), "\(export.text)")
            } else {
                #expect(export.text.contains("]0;PWNED") && !export.text.contains("␛"), "HTML drops controls")
                #expect(export.text.contains("&lt;U+202E&gt;DESREVER&lt;U+202C&gt;"), "HTML shows a bidi control: \(export.text)")
            }
        }

        let list = try await TutorBinary.pipedSession("", arguments: ["list", "--lessons", world.lessons], environment: environment)
        Self.expectInert(list.text)
        #expect(list.text.contains("Hostile ␛]0;LESSON␇ title"))
    }

    @Test(.timeLimit(.minutes(5)))
    func onATerminalTheTutorAloneDrivesIt() async throws {
        let world = try makeWorld()
        let terminal = try PseudoTerminal(
            executable: TutorBinary.path, arguments: ["learn", "hostile", "--lessons", world.lessons],
            environment: environment(world.state), columns: 80, rows: 24)
        var seen = try await terminal.waitFor("stepwise 5.1> ")
        try await terminal.waitForEditing()
        terminal.type("run\r")
        seen = try await terminal.waitFor(Self.fatal, after: seen, timeout: .seconds(240))
        seen = try await terminal.waitFor("stepwise 5.1> ", after: seen)
        try await terminal.waitForEditing()
        terminal.type("quit\r")
        _ = try await terminal.waitForExit()
        let screen = terminal.screen
        #expect(screen.contains("␛]0;PWNED␇") && screen.contains("first␀second") && screen.contains("a␍b"))
        #expect(screen.contains(Self.shownBidi) && screen.contains("<U+202E>DESREVER<U+202C>"))
        #expect(!screen.unicodeScalars.contains { (0x202A...0x202E).contains($0.value) || (0x2066...0x2069).contains($0.value) })
        #expect(!screen.contains("\u{1B}]"), "no OSC (title, clipboard) reached the terminal")
        #expect(!screen.contains("\u{1B}[2J") && !screen.contains("\u{1B}[?1049h"), "nor a clear screen or the alternate screen")
        #expect(!screen.contains("\u{0}"))
    }

    @Test(.timeLimit(.minutes(5)))
    func thePresenterShowsSymbolsOnEveryRepaintAndRestoresTheTerminal() async throws {
        let world = try makeWorld()
        let terminal = try PseudoTerminal(
            executable: TutorBinary.path, arguments: ["present", "hostile", "--lessons", world.lessons],
            environment: environment(world.state), columns: 80, rows: 24)
        var seen = try await terminal.waitFor("step 1/3")
        terminal.type("r")
        seen = try await terminal.waitFor(Self.fatal, after: seen, timeout: .seconds(240))
        terminal.type("q")
        #expect(try await terminal.waitForExit() == 0)
        let screen = terminal.screen
        #expect(screen.contains("␛]0;PWNED␇") && screen.contains("first␀second"))
        #expect(screen.contains(Self.shownBidi), "the presenter's output rows")
        #expect(!screen.unicodeScalars.contains { (0x202A...0x202E).contains($0.value) || (0x2066...0x2069).contains($0.value) })
        #expect(screen.contains("Hostile ␛]0;LESSON␇ title"), "the footer's title")
        #expect(!screen.contains("\u{1B}]"), "no OSC (title, clipboard) reached the terminal")
        #expect(screen.components(separatedBy: "\u{1B}[2J").count == 2, "the presenter's own clear screen, once")
        #expect(screen.hasSuffix(PresentCommandTests.restore), "\(screen.suffix(40).debugDescription)")
    }

    /// A crash (SIGABRT, SIGSEGV sent from outside), a closed terminal (SIGHUP) or SIGQUIT while
    /// the presenter is on the alternate screen with the cursor hidden: the shell gets both back.
    @Test(.timeLimit(.minutes(3)), arguments: [SIGABRT, SIGSEGV, SIGHUP, SIGQUIT])
    func thePresenterLeavesTheAlternateScreenWhateverEndsIt(signal: Int32) async throws {
        let world = try makeWorld()
        let terminal = try PseudoTerminal(
            executable: TutorBinary.path, arguments: ["present", "hostile", "--step", "2", "--lessons", world.lessons],
            environment: environment(world.state), columns: 80, rows: 24)
        try await terminal.waitFor("step 2/3")
        let program = try #require(terminal.foregroundProcessGroup())
        #expect(kill(program, signal) == 0)
        _ = try await terminal.waitForExit()
        try await PresentCommandTests().expectRestored(terminal)
    }
}
