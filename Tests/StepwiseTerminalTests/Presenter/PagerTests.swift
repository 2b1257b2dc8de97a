import Testing

@testable import StepwiseTerminal

@Suite(.tags(.fast)) struct PagerTests {
    /// Three steps: prose, a runnable snippet with a Python original, a steppable snippet.
    static let steps = [
        Pager.StepFeatures(),
        Pager.StepFeatures(runnableCount: 1, hasPython: true),
        Pager.StepFeatures(runnableCount: 1, isSteppable: true),
    ]

    func pager(at step: Int = 0, auto: Bool = false) -> Pager {
        var pager = Pager(steps: Self.steps, startAt: step, auto: auto)
        _ = pager.start()
        return pager
    }

    @Test(arguments: [Key.space, .enter, .right, .character("n")])
    func nextKeysTurnThePage(key: Key) {
        var pager = pager()
        let effects = pager.handle(.key(key))
        #expect(pager.stepIndex == 1)
        #expect(effects.contains(.clearOutput))
        #expect(effects.contains(.render))
    }

    @Test(arguments: [Key.left, .backspace, .character("b")])
    func backKeysGoBack(key: Key) {
        var pager = pager(at: 2)
        _ = pager.handle(.key(key))
        #expect(pager.stepIndex == 1)
    }

    @Test func backOnTheFirstStepStaysAndSaysSo() {
        var pager = pager()
        let effects = pager.handle(.key(.left))
        #expect(pager.stepIndex == 0)
        #expect(effects == [.notice("first step")])
    }

    @Test func nextOnTheLastStepStaysAndSaysSo() {
        var pager = pager(at: 2)
        let effects = pager.handle(.key(.space))
        #expect(pager.stepIndex == 2)
        #expect(!effects.contains(.clearOutput))
        #expect(effects.count == 1)
        if case .notice = effects.first {} else { Issue.record("expected a notice, got \(effects)") }
    }

    @Test(arguments: [Key.tab, .unknown, .character("z"), .character("é")])
    func keysWithoutAMeaningChangeNothing(key: Key) {
        var pager = pager(at: 1)
        let before = pager
        #expect(pager.handle(.key(key)) == [])
        #expect(pager == before)
    }

    @Test func jAndKScrollLikeTheArrows() {
        var pager = pager()
        pager.fit(contentHeight: 30, pageHeight: 10)
        _ = pager.handle(.key(.character("j")))
        _ = pager.handle(.key(.character("j")))
        _ = pager.handle(.key(.character("k")))
        #expect(pager.scroll == 1)
    }

    @Test func startClampsTheStep() {
        #expect(Pager(steps: Self.steps, startAt: 7).stepIndex == 2)
        #expect(Pager(steps: Self.steps, startAt: -1).stepIndex == 0)
    }

    @Test func runRunsOnlyARunnableStep() {
        var pager = pager()
        #expect(pager.handle(.key(.character("r"))) == [.notice("nothing to run on this step")])
        #expect(pager.activity == .idle)
        _ = pager.handle(.key(.right))
        #expect(pager.handle(.key(.character("r"))) == [.run(snippet: 0), .render])
        #expect(pager.activity == .running)
        #expect(pager.hasRun)
        _ = pager.handle(.runEnded)
        #expect(pager.activity == .idle)
    }

    @Test func digitsRunTheSnippetWithThatNumber() {
        var pager = Pager(steps: [Pager.StepFeatures(runnableCount: 2)])
        #expect(pager.handle(.key(.character("2"))) == [.run(snippet: 1), .render])
        #expect(pager.handle(.key(.character("1"))) == [.stopRun, .run(snippet: 0), .render])
        #expect(pager.handle(.key(.character("3"))) == [.notice("this step has snippets 1–2")])
        #expect(pager.handle(.key(.character("0"))) == [.notice("this step has snippets 1–2")])
        #expect(pager.activity == .running)
    }

    @Test(arguments: [Key.interrupt, .escape])
    func ctrlCAndEscapeStopARunWithoutQuitting(key: Key) {
        var pager = pager(at: 1)
        _ = pager.handle(.key(.character("r")))
        let effects = pager.handle(.key(key))
        #expect(effects == [.stopRun, .render])
        #expect(pager.activity == .idle)
        #expect(pager.stepIndex == 1)
        // The stopped run's end arrives later and changes nothing.
        #expect(pager.handle(.runEnded) == [])
    }

    @Test func ctrlCQuitsWhenNothingRuns() {
        var pager = pager(at: 1)
        #expect(pager.handle(.key(.interrupt)) == [.quit])
    }

    @Test(arguments: [Key.character("q"), .character("Q"), .endOfInput])
    func quitKeysQuitEvenDuringARun(key: Key) {
        var pager = pager(at: 1)
        _ = pager.handle(.key(.character("r")))
        #expect(pager.handle(.key(key)) == [.quit])
    }

    @Test func turningThePageStopsARun() {
        var pager = pager(at: 1)
        _ = pager.handle(.key(.character("r")))
        let effects = pager.handle(.key(.right))
        #expect(effects.first == .stopRun)
        #expect(pager.activity == .idle)
        #expect(!pager.hasRun)
    }

    @Test func steppingMakesEnterCallNextInsteadOfTurningThePage() {
        var pager = pager(at: 2)
        #expect(pager.handle(.key(.character("s"))) == [.startStepping, .render])
        #expect(pager.activity == .stepping)
        #expect(pager.handle(.key(.enter)) == [.stepNext])
        #expect(pager.handle(.key(.character("s"))) == [.stepNext])
        #expect(pager.stepIndex == 2)
        // Space still turns the page (here: the last step, so it only says so).
        _ = pager.handle(.key(.escape))
        #expect(pager.activity == .idle)
        _ = pager.handle(.key(.left))
        #expect(pager.stepIndex == 1)
    }

    @Test func whenTheSequenceEndsEnterTurnsThePageAgain() {
        var pager = pager(at: 1)
        _ = pager.handle(.key(.right))
        _ = pager.handle(.key(.character("s")))
        _ = pager.handle(.steppingEnded)
        #expect(pager.activity == .idle)
        _ = pager.handle(.key(.left))
        _ = pager.handle(.key(.enter))
        #expect(pager.stepIndex == 2)
    }

    @Test func stepOnAStepWithNothingToStepSaysSo() {
        var pager = pager(at: 1)
        #expect(pager.handle(.key(.character("s"))) == [.notice("nothing to step on this step")])
        #expect(pager.activity == .idle)
    }

    @Test func runningWhileSteppingStopsTheStepping() {
        var pager = pager(at: 2)
        _ = pager.handle(.key(.character("s")))
        #expect(pager.handle(.key(.character("r"))) == [.stopStepping, .run(snippet: 0), .render])
        #expect(pager.activity == .running)
    }

    @Test func pTogglesThePythonOriginalWhereThereIsOne() {
        var pager = pager()
        #expect(pager.handle(.key(.character("p"))) == [.notice("no Python original on this step")])
        _ = pager.handle(.key(.right))
        _ = pager.handle(.key(.character("p")))
        #expect(pager.view == .python)
        _ = pager.handle(.key(.escape))
        #expect(pager.view == .lesson)
        _ = pager.handle(.key(.character("p")))
        _ = pager.handle(.key(.right))
        #expect(pager.view == .lesson, "a new step opens on its text")
    }

    @Test func scrollingStaysWithinTheText() {
        var pager = pager()
        pager.fit(contentHeight: 50, pageHeight: 20)
        #expect(pager.scrollLimit == 30)
        #expect(pager.handle(.key(.up)) == [], "already at the top")
        _ = pager.handle(.key(.down))
        #expect(pager.scroll == 1)
        _ = pager.handle(.key(.pageDown))
        #expect(pager.scroll == 20)
        _ = pager.handle(.key(.pageDown))
        #expect(pager.scroll == 30)
        #expect(pager.handle(.key(.pageDown)) == [])
        _ = pager.handle(.key(.pageUp))
        #expect(pager.scroll == 11)
        _ = pager.handle(.key(.home))
        #expect(pager.scroll == 0)
        _ = pager.handle(.key(.end))
        #expect(pager.scroll == 30)
        _ = pager.handle(.key(.right))
        #expect(pager.scroll == 0, "a new step starts at its top")
    }

    @Test func aResizeKeepsTheReadingPlaceAndNeverScrollsPastTheEnd() {
        var pager = pager()
        pager.fit(contentHeight: 60, pageHeight: 20)
        _ = pager.handle(.key(.end))
        #expect(pager.scroll == 40)
        // A wider window: the text re-wraps into fewer lines and the window is taller.
        pager.fit(contentHeight: 30, pageHeight: 25)
        #expect(pager.scrollLimit == 5)
        #expect(pager.scroll == 5)
        // A narrower one: more lines; the place stays at the same fraction of the text.
        pager.fit(contentHeight: 60, pageHeight: 10)
        #expect(pager.scroll == 10)
        pager.fit(contentHeight: 8, pageHeight: 10)
        #expect(pager.scroll == 0)
        #expect(pager.scrollLimit == 0)
    }

    @Test func revealScrollsARowToTheTopAsFarAsPossible() {
        var pager = pager()
        pager.fit(contentHeight: 40, pageHeight: 20)
        pager.reveal(row: 12)
        #expect(pager.scroll == 12)
        pager.reveal(row: 35)
        #expect(pager.scroll == 20)
    }

    // MARK: --auto

    @Test func autoRunsARunnableStepAndWaitsAfterItsOutput() {
        var pager = Pager(steps: Self.steps, startAt: 1, auto: true)
        #expect(pager.start() == [.render, .run(snippet: 0), .render])
        #expect(pager.activity == .running)
        let effects = pager.handle(.runEnded)
        guard case .scheduleAdvance(let token) = effects.last else {
            Issue.record("expected a scheduled advance, got \(effects)")
            return
        }
        _ = pager.handle(.advanceDue(token: token))
        #expect(pager.stepIndex == 2)
        #expect(pager.activity == .running, "the next runnable step runs by itself")
    }

    @Test func autoWaitsOnAStepWithoutSnippetsAndLoopsAfterTheLast() throws {
        var pager = Pager(steps: Self.steps, startAt: 0, auto: true)
        guard case .scheduleAdvance(let first) = pager.start().last else {
            Issue.record("expected a scheduled advance")
            return
        }
        _ = pager.handle(.advanceDue(token: first))
        #expect(pager.stepIndex == 1)
        _ = pager.handle(.runEnded)
        let token = try #require(pager.pendingAdvance)
        _ = pager.handle(.advanceDue(token: token))
        _ = pager.handle(.runEnded)
        let last = try #require(pager.pendingAdvance)
        _ = pager.handle(.advanceDue(token: last))
        #expect(pager.stepIndex == 0, "after the last step the slideshow starts again")
    }

    @Test func anyKeyPausesAutoAndOnlyPauses() throws {
        var pager = Pager(steps: Self.steps, startAt: 0, auto: true)
        _ = pager.start()
        let token = try #require(pager.pendingAdvance)
        #expect(pager.handle(.key(.right)) == [.render])
        #expect(pager.auto == .paused)
        #expect(pager.stepIndex == 0, "the key that pauses does nothing else")
        #expect(pager.handle(.advanceDue(token: token)) == [], "the timer of a paused slideshow is stale")
        #expect(pager.stepIndex == 0)
        // Paused, keys work as usual.
        _ = pager.handle(.key(.right))
        #expect(pager.stepIndex == 1)
    }

    @Test func aResumesAndRunsTheStepIfItHasNotRun() {
        var pager = Pager(steps: Self.steps, startAt: 0, auto: true)
        _ = pager.start()
        _ = pager.handle(.key(.character("x")))
        _ = pager.handle(.key(.right))
        let effects = pager.handle(.key(.character("a")))
        #expect(pager.auto == .playing)
        #expect(effects.contains(.run(snippet: 0)))
        #expect(pager.activity == .running)
    }

    @Test func aAfterARunResumesByWaiting() {
        var pager = Pager(steps: Self.steps, startAt: 1, auto: true)
        _ = pager.start()
        _ = pager.handle(.key(.space))
        #expect(pager.activity == .running, "pausing lets the run finish")
        #expect(pager.handle(.runEnded) == [.render], "a paused slideshow does not schedule the next page")
        let effects = pager.handle(.key(.character("a")))
        #expect(effects.contains { if case .scheduleAdvance = $0 { true } else { false } })
        #expect(!effects.contains(.run(snippet: 0)))
    }

    @Test func aWithoutAutoExplains() {
        var pager = pager()
        #expect(pager.handle(.key(.character("a"))) == [.notice("--auto SECONDS starts the slideshow")])
        #expect(pager.auto == .off)
    }

    @Test func ctrlCDuringAnAutoRunPausesAndStopsTheRun() {
        var pager = Pager(steps: Self.steps, startAt: 1, auto: true)
        _ = pager.start()
        #expect(pager.handle(.key(.interrupt)) == [.stopRun, .render])
        #expect(pager.auto == .paused)
    }

    @Test func anOldTimerIsIgnored() throws {
        var pager = Pager(steps: Self.steps, startAt: 0, auto: true)
        _ = pager.start()
        let old = try #require(pager.pendingAdvance)
        _ = pager.handle(.key(.character("x")))
        _ = pager.handle(.key(.character("a")))
        let current = try #require(pager.pendingAdvance)
        #expect(current != old)
        #expect(pager.handle(.advanceDue(token: old)) == [])
        #expect(pager.stepIndex == 0)
    }
}
