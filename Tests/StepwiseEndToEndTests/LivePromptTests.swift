import Foundation
import Testing

/// The prompt's live program through the real binary, with piped input.
@Suite(.tags(.terminal), .serialized) struct LivePromptTests {
    @Test(.timeLimit(.minutes(5)))
    func thePromptKeepsOneProgramSharedWithSteppingAndRebuildsItAfterACrash() async throws {
        let world = try TutorBinary.makeWorld()
        let input =
            [
                "step", "", "", "gen.next()",
                "let r = Int.random(in: 1...1_000_000_000)", "print(\"r=\\(r)\")", "print(\"r=\\(r)\")",
                "let empty: [Int] = []", "print(empty[1])", "print(\"after the crash\", gen)",
                "restart", "print(r)", "print(gen)",
            ].joined(separator: "\n") + "\n"
        let (text, status) = try await TutorBinary.pipedSession(
            input, arguments: ["learn", "1", "--step", "2"], environment: TutorBinary.environment(state: world.state))
        #expect(status == 0)
        // Two steps, then the prompt gets the third value from the same iterator.
        #expect(text.contains("next() call 2 → Optional(2)"))
        #expect(text.contains("Optional(3)"))
        // Each line the program prints comes with its time, as `run` shows it: `0.01s │ r=…`.
        let values = text.split(separator: "\n").compactMap { line in
            line.firstRange(of: "s │ r=").map { line[line.index($0.lowerBound, offsetBy: 4)...] }
        }
        #expect(values.count == 2)
        #expect(Set(values).count == 1, "the random value stayed: \(values)")
        #expect(text.contains("Index out of range"))
        #expect(text.contains("Started a new live program"))
        // The rebuilt program ran the snippet and the kept entries once more: gen.next() was one.
        #expect(text.contains("after the crash MyGenerator(i: 2)"))
        // `restart` forgets the entries; the snippet is loaded afresh (its iterator unmoved).
        #expect(text.contains("The live program ended: its variables and tasks are gone"))
        #expect(text.contains("cannot find 'r' in scope"))
        #expect(text.contains("s │ MyGenerator(i: 1)"))
        #expect(!text.contains("\u{1B}["), "no escape codes in a pipe")
    }
}
