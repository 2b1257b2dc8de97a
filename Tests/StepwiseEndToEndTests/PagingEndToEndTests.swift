import Foundation
import Testing

/// A built-in step taller than the window, paged in a real terminal: its title on the first
/// screen, Space for more, `again` from the top.
@Suite(.tags(.terminal), .serialized) struct PagingEndToEndTests {
    @Test(.timeLimit(.minutes(2)))
    func aTallStepOpensWithItsTitleAndPagesOnSpace() async throws {
        let world = try TutorBinary.makeWorld()
        var environment = TutorBinary.environment(state: world.state)
        environment["STEPWISE_PAGER"] = nil
        let terminal = try PseudoTerminal(
            executable: TutorBinary.path, arguments: ["learn", "1", "--step", "2"], environment: environment, columns: 60, rows: 12)
        var seen = try await terminal.waitFor("── more: Space or Enter")
        #expect(terminal.screen.contains("Nothing runs until you ask"))
        // Space shows the next screen: the step's snippet box goes on.
        terminal.type(" ")
        seen = try await terminal.waitFor("│ ", after: seen)
        terminal.type("q")
        seen = try await terminal.waitFor("stepwise 1.2> ", after: seen)
        terminal.type("again\r")
        seen = try await terminal.waitFor("── more: Space or Enter", after: seen)
        terminal.type("q")
        seen = try await terminal.waitFor("`again` shows it from", after: seen)
        terminal.type("quit\r")
        #expect(try await terminal.waitForExit() == 0)
    }
}
