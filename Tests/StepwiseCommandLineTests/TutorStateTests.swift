import Foundation
import Testing

@testable import StepwiseCommandLine
@testable import StepwiseCore
@testable import StepwiseTerminal

/// The tutor's session rules, event by event, with no process, terminal or compiler.
@Suite(.tags(.fast))
struct TutorStateTests {
    // MARK: Moving around

    @Test func openingClampsToTheLessonsThatExistSavesThePlaceAndPrefetches() throws {
        var state = try TutorFixtures.state()
        let effects = state.handle(.opened(lesson: 7, step: 99))
        #expect(state.lessonIndex == 1)
        #expect(state.stepIndex == 1)
        #expect(effects.saves == 1)
        #expect(shown(effects).contains("Second lesson · step 2 of 2"))
        #expect(effects.contains { if case .prefetch = $0 { true } else { false } })
        #expect(state.progress.currentLesson == "second")
    }

    @Test func enterGoesOnAndTheLastStepCompletesTheLessonAndOpensTheNext() throws {
        var state = try TutorFixtures.state()
        _ = state.handle(.opened(lesson: 0, step: 2))
        let effects = state.type("")
        #expect(shown(effects).contains("✓ Lesson complete: First lesson"))
        #expect(state.progress[lesson: "first"].isCompleted)
        #expect(state.lessonIndex == 1 && state.stepIndex == 0)
    }

    @Test func backOnTheVeryFirstStepSaysSoAndStays() throws {
        var state = try TutorFixtures.state()
        _ = state.handle(.opened(lesson: 0, step: 0))
        #expect(shown(state.type("back")).contains("This is the first step."))
        #expect(state.stepIndex == 0)
        _ = state.handle(.opened(lesson: 1, step: 0))
        _ = state.type("back")
        #expect(state.lessonIndex == 0 && state.stepIndex == 2)
    }

    @Test func gotoFindsLessonsByNumberOrIdAtAStep() throws {
        var state = try TutorFixtures.state()
        _ = state.handle(.opened(lesson: 0, step: 0))
        #expect(shown(state.type("goto nowhere")).contains("No lesson 'nowhere'"))
        #expect(shown(state.type("goto second 9")).contains("no step 9"))
        #expect(state.lessonIndex == 0 && state.stepIndex == 0)
        _ = state.type("goto second 2")
        #expect(state.lessonIndex == 1 && state.stepIndex == 1)
        _ = state.type("goto 1 2")
        #expect(state.lessonIndex == 0 && state.stepIndex == 1)
        _ = state.type("goto 2")
        // Without a step, the lesson opens where the learner last was in it.
        #expect(state.lessonIndex == 1 && state.stepIndex == 1)
    }

    @Test func hintsComeOneAtATimeThenSayThatWasTheLast() throws {
        var state = try TutorFixtures.state()
        _ = state.handle(.opened(lesson: 0, step: 2))
        #expect(shown(state.type("hint")).contains("Hint 1 of 2"))
        #expect(shown(state.type("hint")).contains("Again."))
        #expect(shown(state.type("hint")).contains("That was the last hint."))
        _ = state.handle(.opened(lesson: 0, step: 0))
        #expect(shown(state.type("hint")).contains("No hints on this step."))
    }

    @Test func aMistypedCommandGetsASuggestionNotACompile() throws {
        var state = try TutorFixtures.state()
        _ = state.handle(.opened(lesson: 0, step: 0))
        let effects = state.type("hlep")
        #expect(shown(effects).contains("Did you mean 'help'?"))
        #expect(effects.evaluated.isEmpty)
    }

    // MARK: Predictions

    @Test func runOnAPredictionStepAsksForThePredictionFirst() throws {
        var state = try TutorFixtures.state()
        _ = state.handle(.opened(lesson: 0, step: 1))
        let effects = state.type("run")
        #expect(shown(effects).contains("First, your prediction."))
        #expect(effects.runJobs.isEmpty)
        #expect(state.prompt == "prediction> ")
    }

    @Test func aRightPredictionIsJudgedRecordedAndSaved() throws {
        var state = try TutorFixtures.state()
        _ = state.handle(.opened(lesson: 0, step: 1))
        _ = state.type("predict")
        let asked = state.type("2")
        let job = try #require(asked.runJobs.first)
        #expect(job.purpose == .judge(answer: "2"))
        let judged = state.handle(.ran(job, .ran(TutorFixtures.result(["2"])), liveShown: 0))
        #expect(shown(judged).contains("✓ Right"))
        #expect(judged.saves == 1)
        #expect(state.isPredictionAnswered)
        // Answered, `run` now simply runs.
        #expect(state.type("run").runJobs.first?.purpose == .show)
    }

    @Test func aFirstWrongPredictionSaysWhatDiffersAndHidesTheOutputUntilTheSecondTry() throws {
        var state = try TutorFixtures.state()
        _ = state.handle(.opened(lesson: 0, step: 1))
        _ = state.type("predict")
        let job = try #require(state.type("11").runJobs.first)
        let first = state.handle(.ran(job, .ran(TutorFixtures.result(["2"])), liveShown: 0))
        #expect(shown(first).contains("✗ Not quite: you said 11."))
        #expect(shown(first).contains("One more try"))
        #expect(!shown(first).contains("│ 2"), "the output stays hidden: \(shown(first))")
        #expect(state.prompt == "prediction> ")
        #expect(state.progress[lesson: "first"].predictions[state.step.key] == nil)
        // The second try is judged against the same run: nothing runs again.
        let second = state.type("12")
        #expect(second.runJobs.isEmpty)
        #expect(shown(second).contains("Here is what it printed"))
        #expect(shown(second).contains("2"))
        #expect(state.progress[lesson: "first"].predictions[state.step.key] == false)
        #expect(state.prompt.hasPrefix("stepwise 1.2"))
    }

    @Test func aSecondTryCanStillBeRight() throws {
        var state = try TutorFixtures.state()
        _ = state.handle(.opened(lesson: 0, step: 1))
        _ = state.type("predict")
        let job = try #require(state.type("\"2\"").runJobs.first)
        let first = state.handle(.ran(job, .ran(TutorFixtures.result(["2"])), liveShown: 0))
        #expect(shown(first).contains("the output has no quotes"))
        #expect(shown(state.type("2")).contains("✓ Right"))
        #expect(state.progress[lesson: "first"].predictions[state.step.key] == true)
    }

    @Test func commaSeparatedLinesAreToldAndDoNotUseUpATry() throws {
        var state = try TutorFixtures.state()
        _ = state.handle(.opened(lesson: 0, step: 1))
        _ = state.type("predict")
        let job = try #require(state.type("a, b").runJobs.first)
        let report = RunReport.ran(TutorFixtures.result(["a", "b"]))
        #expect(shown(state.handle(.ran(job, report, liveShown: 0))).contains("no commas"))
        #expect(shown(state.type("a; b")).contains("does not use up a try"))
        // A real mistake after that still gets its one more try.
        #expect(shown(state.type("b a")).contains("One more try"))
        #expect(shown(state.type("a b")).contains("✓ Right"))
    }

    @Test func commandsAtThePredictionPromptLeaveItInsteadOfBeingJudged() throws {
        var state = try TutorFixtures.state()
        _ = state.handle(.opened(lesson: 0, step: 1))
        _ = state.type("predict")
        let quitting = state.type("quit")
        #expect(quitting.runJobs.isEmpty)
        #expect(quitting.saves == 1, "quit saves and leaves")
        #expect(state.progress[lesson: "first"].predictions[state.step.key] == nil)

        var other = try TutorFixtures.state()
        _ = other.handle(.opened(lesson: 0, step: 1))
        _ = other.type("predict")
        let back = other.type("back")
        #expect(back.runJobs.isEmpty)
        #expect(other.stepIndex == 0)
        #expect(other.prompt.hasPrefix("stepwise 1.1"))
        // A one-letter answer is an answer, since a program may print it.
        _ = other.handle(.opened(lesson: 0, step: 1))
        _ = other.type("predict")
        #expect(other.type("b").runJobs.first?.purpose == .judge(answer: "b"))
    }

    @Test func aStepInsertedAboveAnAnsweredPredictionLeavesTheAnswerOnItsStep() throws {
        var state = try TutorFixtures.state()
        _ = state.handle(.opened(lesson: 0, step: 1))
        _ = state.type("predict")
        let job = try #require(state.type("2").runJobs.first)
        _ = state.handle(.ran(job, .ran(TutorFixtures.result(["2"])), liveShown: 0))
        let inserted = TutorFixtures.first.replacingOccurrences(of: "## Predict", with: "## New step\n\nInserted.\n\n## Predict")
        _ = state.handle(.lessonFileChanged(file: "/lessons/01-first.md", text: inserted))
        // The learner stays on the prediction, now the third step, and it is still answered.
        #expect(state.stepIndex == 2)
        #expect(state.step.title == "Predict")
        #expect(state.isPredictionAnswered)
        _ = state.type("back")
        #expect(state.step.title == "New step")
        #expect(!state.isPredictionAnswered)
    }

    @Test func anEmptyPredictionIsNotAnAnswer() throws {
        var state = try TutorFixtures.state()
        _ = state.handle(.opened(lesson: 0, step: 1))
        _ = state.type("predict")
        let effects = state.type("   ")
        #expect(shown(effects).contains("No answer; `predict` asks again."))
        #expect(effects.runJobs.isEmpty)
        #expect(state.prompt.hasPrefix("stepwise 1.2"))
    }

    @Test func swiftThatFailsToCompileOnAnUnansweredPredictionStepPointsAtPredict() throws {
        var state = try TutorFixtures.state()
        _ = state.handle(.opened(lesson: 0, step: 1))
        let effects = state.handle(.evaluated(.compileFailed([]), forgotEarlier: false))
        #expect(shown(effects).contains("Type `predict` first"))
    }

    // MARK: Exercises

    static func report(_ results: [CheckResult], termination: Termination = .exited(0)) -> ExerciseVerdict {
        .checked(ExerciseReport(results: results, output: [], termination: termination, crash: nil, warnings: []))
    }

    @Test func theSolutionOpensOnlyAfterThreeFailedChecks() throws {
        var state = try TutorFixtures.state()
        _ = state.handle(.opened(lesson: 1, step: 0))
        #expect(shown(state.type("solution")).contains("after three `check` attempts (0 so far)"))
        for attempt in 1...3 {
            #expect(state.type("check").checksExercise)
            let effects = state.handle(.checked(Self.report([CheckResult(name: "doubles 2", passed: false)])))
            #expect(effects.saves == 1)
            #expect(shown(effects).contains(attempt < 3 ? "Not yet." : "That is 3 tries."))
        }
        #expect(shown(state.type("solution")).contains("x * 2"))
    }

    @Test func aCompileFailureIsNotATryTowardTheSolution() throws {
        var state = try TutorFixtures.state()
        _ = state.handle(.opened(lesson: 1, step: 0))
        for _ in 1...3 {
            let effects = state.handle(.checked(.compileFailed([])))
            #expect(effects.saves == 0)
            #expect(shown(effects).contains("did not count"))
        }
        #expect(state.failedCheckCount == 0)
        #expect(shown(state.type("solution")).contains("(0 so far)"))
    }

    @Test func aFailedValueCheckShowsBothValuesAndACrashIsToldOnceBesideItsCheck() throws {
        var state = try TutorFixtures.state()
        _ = state.handle(.opened(lesson: 1, step: 0))
        let crash = "main/snippet.swift:2: Fatal error: TODO"
        let report = ExerciseReport(
            results: [
                CheckResult(name: "calls square only 4 times", passed: false, actual: "5", expected: "4"),
                CheckResult(name: "finds 16", passed: false, crashed: true, crashReason: crash),
                CheckResult(name: "after the crash", passed: true),
            ],
            output: [TimedLine(elapsed: .zero, stream: .stderr, text: crash), TimedLine(elapsed: .zero, stream: .stdout, text: "hello")],
            termination: .exited(1), crash: nil, warnings: [])
        let text = shown(state.handle(.checked(.checked(report))))
        #expect(text.contains("✗ calls square only 4 times: got 5, expected 4"))
        #expect(text.contains("✗ finds 16: crashed: \(crash)"))
        #expect(text.contains("✓ after the crash"))
        #expect(text.components(separatedBy: "Fatal error").count == 2, "the crash once: \(text)")
        #expect(text.contains("hello"))
    }

    @Test func aChecksBlockWithoutChecksNeverCountsAsSolved() throws {
        var state = try TutorFixtures.state()
        _ = state.handle(.opened(lesson: 1, step: 0))
        let effects = state.handle(.checked(Self.report([])))
        #expect(!shown(effects).contains("Exercise solved"))
        #expect(state.failedCheckCount == 1)
        #expect(!state.isExerciseSolved)
    }

    @Test func solvingRecordsItAndOpensTheSolution() throws {
        var state = try TutorFixtures.state()
        _ = state.handle(.opened(lesson: 1, step: 0))
        let effects = state.handle(.checked(Self.report([CheckResult(name: "doubles 2", passed: true)])))
        #expect(shown(effects).contains("✓ All checks pass. Exercise solved!"))
        #expect(state.isExerciseSolved)
        #expect(shown(state.type("solution")).contains("x * 2"))
    }

    @Test func aCrashAfterPassingChecksIsNotSolved() throws {
        var state = try TutorFixtures.state()
        _ = state.handle(.opened(lesson: 1, step: 0))
        let verdict = Self.report([CheckResult(name: "doubles 2", passed: true)], termination: .signalled(4, name: "SIGILL"))
        #expect(!shown(state.handle(.checked(verdict))).contains("solved"))
        #expect(state.failedCheckCount == 1)
    }

    // MARK: Stepping

    static func ready() -> SteppingStart {
        .started(
            ScriptedStepper(values: []), IteratorStepper.Ready(topLevelOutput: [], kind: "IteratorProtocol", initialState: [], warnings: [])
        )
    }

    static func call(_ number: Int, _ value: String) -> StepOutcome {
        .reported(StepReport(call: number, value: value, isEnd: value == "nil", bodyOutput: [], state: [], roundTrip: .zero))
    }

    @Test func steppingHoldsEnterSoEachEnterIsOneNextCall() throws {
        var state = try TutorFixtures.state()
        _ = state.handle(.opened(lesson: 0, step: 2))
        #expect(state.type("step").startsStepping)
        _ = state.handle(.steppingStarted(Self.ready()))
        #expect(state.prompt.hasSuffix("next()> "))
        let enter = state.type("")
        #expect(enter.callsNext)
        #expect(state.stepIndex == 2)
        #expect(shown(state.handle(.stepped(Self.call(1, "Optional(1)")))).contains("next() call 1 → Optional(1)"))
    }

    @Test func anyOtherCommandLetsGoOfStepping() throws {
        var state = try TutorFixtures.state()
        _ = state.handle(.opened(lesson: 0, step: 2))
        _ = state.type("step")
        _ = state.handle(.steppingStarted(Self.ready()))
        let effects = state.type("help")
        #expect(effects.stopsStepping)
        #expect(shown(effects).contains("(Stopped stepping.)"))
        #expect(!state.isStepping)
    }

    @Test func afterTheEndNextCallsNextAgainAndEnterGoesOn() throws {
        var state = try TutorFixtures.state()
        _ = state.handle(.opened(lesson: 0, step: 2))
        _ = state.type("step")
        _ = state.handle(.steppingStarted(Self.ready()))
        let effects = state.handle(.stepped(Self.call(3, "nil")))
        #expect(!effects.stopsStepping)
        #expect(shown(effects).contains("Stepping finished"))
        // `next` asks the same iterator again: it keeps returning nil, as the lessons teach.
        let again = state.type("next")
        #expect(again.callsNext)
        #expect(!again.startsStepping)
        #expect(!shown(state.handle(.stepped(Self.call(4, "nil")))).contains("Stepping finished"))
        // Enter goes on with the lesson.
        let enter = state.type("")
        #expect(!enter.callsNext)
        #expect(enter.stopsStepping)
        #expect(!state.isStepping)
    }

    @Test func stepAfterTheEndStartsOver() throws {
        var state = try TutorFixtures.state()
        _ = state.handle(.opened(lesson: 0, step: 2))
        _ = state.type("step")
        _ = state.handle(.steppingStarted(Self.ready()))
        _ = state.handle(.stepped(Self.call(3, "nil")))
        let effects = state.type("step")
        #expect(effects.stopsStepping)
        #expect(effects.startsStepping)
    }

    @Test func gotoAStepThatDoesNotExistSaysSoAndStays() throws {
        var state = try TutorFixtures.state()
        _ = state.handle(.opened(lesson: 0, step: 1))
        let said = shown(state.type("goto 1 99"))
        #expect(said.contains("no step 99"))
        #expect(said.contains("1 to 3"))
        #expect(state.lessonIndex == 0 && state.stepIndex == 1)
        _ = state.type("goto 2 1")
        #expect(state.lessonIndex == 1 && state.stepIndex == 0)
    }

    @Test func againShowsTheStepFromTheTop() throws {
        var state = try TutorFixtures.state()
        _ = state.handle(.opened(lesson: 0, step: 0))
        let said = shown(state.type("again"))
        #expect(said.contains("First lesson · step 1 of 3"))
        #expect(said.contains("Run it"))
    }

    @Test func theStateBeforeTheFirstCallIsOnePropertyPerLineWithShortTypes() throws {
        var state = try TutorFixtures.state(width: 60)
        _ = state.handle(.opened(lesson: 0, step: 2))
        _ = state.type("step")
        let long = "Swift.LazyFilterSequence<Swift.LazyMapSequence<Swift.Array<Swift.Int>, Swift.String>>.Iterator(_base: 1)"
        let ready = SteppingStart.started(
            ScriptedStepper(values: []),
            IteratorStepper.Ready(
                topLevelOutput: [], kind: "IteratorProtocol",
                initialState: [StateEntry(label: "_base", value: long), StateEntry(label: "_current", value: "0")], warnings: []))
        let lines = shown(state.handle(.steppingStarted(ready))).split(separator: "\n")
        #expect(lines.contains { $0.hasPrefix("    _base = LazyFilterSequence<") && !$0.contains("Swift.") })
        #expect(lines.contains("    _current = 0"))
        #expect(lines.allSatisfy { Wrapping.columns(of: $0) <= 60 })
    }

    @Test func aSnippetThatDoesNotCompileEndsSteppingBeforeItBegins() throws {
        var state = try TutorFixtures.state()
        _ = state.handle(.opened(lesson: 0, step: 2))
        _ = state.type("step")
        let effects = state.handle(.steppingStarted(.compileFailed([])))
        #expect(effects.stopsStepping)
        #expect(!state.isStepping)
    }

    @Test func aSteppingProgramEndedForBeingIdleIsExplainedNotShownAsACrash() throws {
        var state = try TutorFixtures.state()
        _ = state.handle(.opened(lesson: 0, step: 2))
        _ = state.type("step")
        _ = state.handle(.steppingStarted(Self.ready()))
        #expect(state.type("").callsNext)
        let effects = state.handle(.stepped(.stoppedIdle(after: .seconds(30 * 60))))
        let said = shown(effects)
        #expect(effects.stopsStepping)
        // Wrapped to the width, so in two pieces.
        #expect(said.contains("The stepping program was stopped after 30 minutes idle;"), "\(said)")
        #expect(said.contains("`step` starts it again."), "\(said)")
        #expect(!said.contains("Stepping stopped") && !said.contains("crash") && !said.contains("signal"))
        #expect(!state.isStepping)
        #expect(state.type("step").startsStepping)
    }

    @Test func ctrlCWhileSteppingStopsItAndSaysSo() throws {
        var state = try TutorFixtures.state()
        _ = state.handle(.opened(lesson: 0, step: 2))
        _ = state.type("step")
        _ = state.handle(.steppingStarted(Self.ready()))
        let effects = state.handle(.interrupted)
        #expect(effects.stopsStepping)
        #expect(shown(effects).contains("interrupted (Ctrl-C)"))
    }

    // MARK: Swift at the prompt

    @Test func anUnfinishedEntryWaitsForTheRestThenRunsOnce() throws {
        var state = try TutorFixtures.state()
        _ = state.handle(.opened(lesson: 0, step: 0))
        #expect(state.type("func f() {").evaluated.isEmpty)
        #expect(state.prompt == "... ")
        #expect(state.type("}").evaluated == ["func f() {\n}"])
        #expect(state.prompt.hasPrefix("stepwise"))
    }

    @Test func ctrlDInAnUnfinishedEntryDropsTheEntryNotTheSession() throws {
        var state = try TutorFixtures.state()
        _ = state.handle(.opened(lesson: 0, step: 0))
        _ = state.type("for i in 1...3 {")
        let effects = state.handle(.input(.endOfInput))
        #expect(shown(effects).contains("dropped without running"))
        #expect(!effects.quits)
        #expect(state.handle(.input(.endOfInput)).quits || state.isLeaving)
    }

    @Test func thePromptUsesTheNearestSnippetBeforeThisStep() throws {
        var state = try TutorFixtures.state()
        _ = state.handle(.opened(lesson: 1, step: 1))
        #expect(state.promptContext?.name == "exercise")
        #expect(state.promptContext?.stepIndex == 0)
    }

    @Test func restartEndsTheLiveProgramAndSaysWhatEndedInOneLine() throws {
        var state = try TutorFixtures.state()
        _ = state.handle(.opened(lesson: 0, step: 0))
        let effects = state.type("restart")
        #expect(effects.endsProgram == [true])
        #expect(effects.evaluated.isEmpty, "restart is a command, not Swift")
        #expect(state.stepIndex == 0)
        let ended = shown(state.handle(.programEnded(wasRunning: true))).replacingOccurrences(of: "\n", with: " ")
        #expect(
            ended == "The live program ended: its variables and tasks are gone; the next entry starts a fresh one with the step's snippet.")
        let nothing = shown(state.handle(.programEnded(wasRunning: false)))
        #expect(nothing.hasPrefix("No live program is running on this step"))
        // The next entry goes to the prompt as before: the loop starts the fresh program.
        #expect(state.type("print(1)").evaluated == ["print(1)"])
    }

    @Test func restartWhileSteppingStopsSteppingAndTheProgram() throws {
        var state = try TutorFixtures.state()
        _ = state.handle(.opened(lesson: 0, step: 2))
        _ = state.type("step")
        _ = state.handle(.steppingStarted(Self.ready()))
        let effects = state.type("restart")
        #expect(effects.stopsStepping)
        #expect(effects.endsProgram == [true])
        #expect(!state.isStepping)
        // Stepping again starts from the beginning, in the fresh program.
        #expect(state.type("step").startsStepping)
    }

    @Test func leavingTheStepEndsItsLiveProgramQuietlyAndAgainKeepsIt() throws {
        var state = try TutorFixtures.state()
        _ = state.handle(.opened(lesson: 0, step: 0))
        #expect(state.type("").endsProgram == [false])
        #expect(state.type("back").endsProgram == [false])
        #expect(state.type("goto 2 1").endsProgram == [false])
        #expect(state.type("again").endsProgram.isEmpty)
        #expect(state.type("hint").endsProgram.isEmpty)
        #expect(state.type("goto 2 1").endsProgram.isEmpty, "the same step is not left")
    }

    @Test func restartIsInTheHelpAndParsedOnlyAlone() throws {
        var state = try TutorFixtures.state()
        _ = state.handle(.opened(lesson: 0, step: 0))
        #expect(shown(state.type("help")).contains("restart"))
        #expect(SessionCommand.parse("restart") == .restart)
        #expect(SessionCommand.parse("  RESTART ") == .restart)
        #expect(SessionCommand.parse("restrat") == .unknown(word: "restrat", suggestion: "restart"))
        #expect(SessionCommand.parse("restart()") == .swift("restart()"))
    }

    // MARK: Saving and leaving

    @Test func aFailingSaveWarnsOnceUntilSavingWorksAgain() throws {
        var state = try TutorFixtures.state()
        _ = state.handle(.opened(lesson: 0, step: 0))
        #expect(shown(state.handle(.saved(failure: "disk full"))).contains("warning: disk full"))
        #expect(shown(state.handle(.saved(failure: "disk full"))).isEmpty)
        #expect(shown(state.handle(.saved(failure: nil))).contains("Progress is being saved again."))
    }

    @Test func theGoodbyeNeverClaimsASaveThatFailed() throws {
        var state = try TutorFixtures.state()
        _ = state.handle(.opened(lesson: 0, step: 0))
        let leaving = state.type("quit")
        #expect(leaving.saves == 1)
        #expect(!leaving.quits)
        let last = state.handle(.saved(failure: "read-only file system"))
        #expect(shown(last).contains("Progress could not be saved"))
        #expect(last.quits)

        var happy = try TutorFixtures.state()
        _ = happy.handle(.opened(lesson: 0, step: 0))
        _ = happy.type("quit")
        #expect(shown(happy.handle(.saved(failure: nil))).contains("Progress saved. See you next time."))
    }

    @Test func presentingNeverSaves() throws {
        var state = try TutorFixtures.state()
        state.savesProgress = false
        var effects = state.handle(.opened(lesson: 0, step: 0))
        effects += state.type("")
        effects += state.type("quit")
        #expect(effects.saves == 0)
        #expect(effects.quits)
        #expect(shown(effects).contains("See you next time."))
    }

    // MARK: Authors and windows

    @Test func aWatchedLessonThatChangesIsReloadedAndOneThatBreaksIsKept() throws {
        var state = try TutorFixtures.state()
        _ = state.handle(.opened(lesson: 0, step: 0))
        let edited = TutorFixtures.first.replacingOccurrences(of: "## Run it", with: "## Run it now")
        let reloaded = state.handle(.lessonFileChanged(file: "/lessons/01-first.md", text: edited))
        #expect(shown(reloaded).contains("reloaded from disk"))
        #expect(state.step.title == "Run it now")
        let broken = state.handle(.lessonFileChanged(file: "/lessons/01-first.md", text: "---\nid: first\n"))
        #expect(shown(broken).contains("still showing the previous"))
        #expect(state.step.title == "Run it now")
        // Another lesson's file changing does not move the learner.
        #expect(state.handle(.lessonFileChanged(file: "/lessons/02-second.md", text: TutorFixtures.second)).isEmpty)
    }

    @Test func aReloadIsOneLineAboveThePromptAndAgainShowsTheNewVersion() throws {
        // Wide enough that the notice is one line.
        var state = try TutorFixtures.state(width: 200)
        _ = state.handle(.opened(lesson: 0, step: 0))
        let job = try #require(state.type("run").runJobs.first)
        _ = state.handle(.ran(job, .ran(TutorFixtures.result(["hello"])), liveShown: 0))
        let edited = TutorFixtures.first.replacingOccurrences(of: #"print("hello")"#, with: #"print("hello, edited")"#)
        let reloaded = state.handle(.lessonFileChanged(file: "/lessons/01-first.md", text: edited))
        // The step is not printed again: the run's output stays in sight above the prompt.
        let lines = shown(reloaded).split(separator: "\n", omittingEmptySubsequences: true)
        #expect(lines == ["↻ 01-first.md reloaded from disk; `again` shows this step."])
        #expect(reloaded.last.map { if case .redrawPrompt("stepwise 1.1> ") = $0 { true } else { false } } == true)
        #expect(state.step.snippets.first?.block.code == #"print("hello, edited")"#)
        let again = shown(state.type("again"))
        #expect(again.contains("First lesson · step 1 of 3"))
        #expect(again.contains("hello, edited"))
    }

    @Test func aReloadOfTheStepBeingSteppedLetsEnterGoOnCallingNext() throws {
        var state = try TutorFixtures.state(width: 200)
        _ = state.handle(.opened(lesson: 0, step: 2))
        _ = state.type("step")
        let edited = TutorFixtures.first.replacingOccurrences(of: "[1, 2]", with: "[1, 2, 3]")
        let reloaded = state.handle(.lessonFileChanged(file: "/lessons/01-first.md", text: edited))
        #expect(shown(reloaded).contains("(Still stepping the program you started; `step` starts the new one.)"))
        #expect(!reloaded.stopsStepping)
        #expect(state.isStepping && state.prompt == "stepwise 1.3 next()> ")
        #expect(state.step.snippets.first?.block.code == "var gen = [1, 2, 3].makeIterator()")
    }

    @Test func aReloadWithoutTheLearnersStepSaysSoAndClamps() throws {
        var state = try TutorFixtures.state(width: 200)
        _ = state.handle(.opened(lesson: 0, step: 2))
        _ = state.type("step")
        #expect(state.isStepping)
        // Only the first step is left.
        let shortened = String(TutorFixtures.first.prefix { $0 != "#" } + "## Run it\n\nJust this.\n")
        let reloaded = state.handle(.lessonFileChanged(file: "/lessons/01-first.md", text: shortened))
        let text = shown(reloaded)
        #expect(text.contains("↻ 01-first.md reloaded from disk"))
        #expect(text.contains("“Step it” is gone from the lesson; you are on step 1, “Run it”."))
        #expect(text.contains("Stopped stepping"))
        #expect(!text.contains("Just this."), "the step waits for `again`")
        #expect(state.stepIndex == 0 && !state.isStepping)
        #expect(reloaded.stopsStepping)
        #expect(state.prompt == "stepwise 1.1> ")
        #expect(shown(state.type("again")).contains("Just this."))
    }

    @Test func aDeletedLessonFileIsSaidOnceAndItsLastVersionKept() throws {
        // Wide enough that the message is one line.
        var state = try TutorFixtures.state(width: 200)
        _ = state.handle(.opened(lesson: 0, step: 1))
        let title = state.step.title
        let effects = state.handle(.lessonFileChanged(file: "/lessons/01-first.md", text: nil))
        #expect(shown(effects).contains("01-first.md was deleted or moved"))
        #expect(shown(effects).contains("keeps its last version until it comes back"))
        let prompts = effects.filter { if case .redrawPrompt = $0 { true } else { false } }
        #expect(prompts.count == 1)
        #expect(state.step.title == title)
        // Its return is a change like any other.
        let back = state.handle(.lessonFileChanged(file: "/lessons/01-first.md", text: TutorFixtures.first))
        #expect(shown(back).contains("reloaded from disk"))
    }

    @Test func aReloadLeavesTheOutputOfTheRunBeforeItOnTheScreen() throws {
        var state = TutorState(
            catalog: try TutorFixtures.catalog(), progress: LearnerProgress(),
            capabilities: TerminalCapabilities(isInteractive: true, usesColor: true, width: 80))
        state.clearsScreenPerStep = true
        // Moving to a step clears the screen; a reload must not, or a run that ended while the
        // file changed loses its output.
        let moved = state.handle(.opened(lesson: 0, step: 0))
        #expect(moved.contains { if case .clearScreen = $0 { true } else { false } })
        let edited = TutorFixtures.first.replacingOccurrences(of: "## Run it", with: "## Run it now")
        let reloaded = state.handle(.lessonFileChanged(file: "/lessons/01-first.md", text: edited))
        #expect(shown(reloaded).contains("reloaded from disk"))
        #expect(!reloaded.contains { if case .clearScreen = $0 { true } else { false } })
    }

    @Test func aResizedWindowLaysOutTheNextStepAtItsNewWidth() throws {
        var state = try TutorFixtures.state(width: 80)
        _ = state.handle(.opened(lesson: 0, step: 0))
        _ = state.handle(.resized(width: 30))
        let lines = shown(state.type("")).split(separator: "\n")
        #expect(lines.allSatisfy { $0.count <= 30 }, "\(lines.filter { $0.count > 30 })")
    }
}
