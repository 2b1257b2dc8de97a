import StepwiseCore
import StepwiseTerminal

/// Everything that compiles and runs Swift for the session: run, step, edit, compare, check,
/// predict and Swift typed at the prompt.
final class Workbench {
    var isStepping = false

    init() {}

    func stepChanged(lesson: Lesson, stepIndex: Int) {
        isStepping = false
    }

    func needsContinuation(_ text: String) -> Bool { false }
    func evaluate(_ code: String, session: TutorSession) async { session.say("(running Swift is not wired up yet)") }
    func run(index: Int?, session: TutorSession) async { session.say("(run is not wired up yet)") }
    func startStepping(session: TutorSession) async {}
    func stepNext(session: TutorSession) async {}
    func stopStepping() { isStepping = false }
    func edit(session: TutorSession) async {}
    func reset(session: TutorSession) {}
    func compare(session: TutorSession) async {}
    func check(session: TutorSession) async {}
    func solution(session: TutorSession) {}
    func predict(session: TutorSession) async {}
}
