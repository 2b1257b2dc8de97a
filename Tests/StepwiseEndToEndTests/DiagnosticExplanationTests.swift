import Foundation
import Testing

/// A data-race error at the prompt is explained, with the built-in lesson that teaches it.
@Suite(.tags(.compiler)) struct DiagnosticExplanationTests {
    @Test(.timeLimit(.minutes(5)))
    func aNonSendableClassInTwoChildTasksIsExplainedWithItsLesson() async throws {
        let world = try TutorBinary.makeWorld()
        let environment = TutorBinary.environment(state: world.state)
        // The lesson's number comes from the binary's own list, so reordering the course cannot
        // make this test lie.
        let list = try await TutorBinary.pipedSession("", arguments: ["list"], environment: environment)
        let row = try #require(list.text.split(separator: "\n").first { $0.contains("Sendable:") })
        let number = try #require(row.split(separator: " ").compactMap { Int($0) }.first)

        let entry =
            "final class Box { var n = 0 }; func twice() async -> Int { let box = Box(); "
            + "await withTaskGroup(of: Void.self) { group in group.addTask { box.n += 1 }; "
            + "group.addTask { box.n += 1 } }; return box.n }"
        let session = try await TutorBinary.pipedSession(
            entry + "\nquit\n", arguments: ["learn", "sendable-and-data-races"], environment: environment)
        // The explanation is wrapped to the window; read it as one line.
        let text = session.text.replacingOccurrences(of: "\n", with: " ")
        #expect(session.status == 0)
        #expect(text.contains("error: passing closure as a 'sending' parameter"))
        #expect(text.contains("[#SendingClosureRisksDataRace] A closure that runs in another task"))
        #expect(text.contains("Lesson \(number) teaches this: type `goto \(number)`"))
    }
}
