import Testing

@testable import StepwiseTerminal

/// `h`, `o`, `d` and `r` on the Python page: what the lesson keeps back, shown on request.
@Suite(.tags(.fast)) struct PagerRevealTests {
    /// An exercise with two hints and a solution; a compare step; plain prose.
    static let steps = [
        Pager.StepFeatures(hintCount: 2, hasSolution: true),
        Pager.StepFeatures(runnableCount: 1, hasPython: true, hasDifferences: true),
        Pager.StepFeatures(),
    ]

    func pager(at step: Int = 0) -> Pager {
        var pager = Pager(steps: Self.steps, startAt: step)
        _ = pager.start()
        return pager
    }

    @Test func hRevealsTheHintsOneAtATimeThenSaysAllAreShown() {
        var pager = pager()
        #expect(pager.handle(.key(.character("h"))) == [.show(.hint(1)), .render])
        #expect(pager.hintsShown == 1)
        #expect(pager.handle(.key(.character("h"))) == [.show(.hint(2)), .render])
        #expect(pager.hintsShown == 2)
        let third = pager.handle(.key(.character("h")))
        #expect(pager.hintsShown == 2)
        #expect(third.contains(.notice("all 2 hints are shown")))
    }

    @Test func oRevealsTheSolution() {
        var pager = pager()
        #expect(!pager.showsSolution)
        #expect(pager.handle(.key(.character("o"))) == [.show(.solution), .render])
        #expect(pager.showsSolution)
    }

    @Test func dRevealsTheDifferencesOnACompareStep() {
        var pager = pager(at: 1)
        #expect(pager.handle(.key(.character("d"))) == [.show(.differences), .render])
        #expect(pager.showsDifferences)
    }

    @Test(arguments: ["h", "o", "d"] as [Character])
    func aStepWithoutItSaysSoAndChangesNothing(key: Character) {
        var pager = pager(at: 2)
        let before = pager
        let effects = pager.handle(.key(.character(key)))
        #expect(pager == before)
        #expect(effects.count == 1)
        if case .notice = effects.first {} else { Issue.record("expected a notice, got \(effects)") }
    }

    @Test func turningThePageHidesWhatWasRevealed() {
        var pager = pager()
        _ = pager.handle(.key(.character("h")))
        _ = pager.handle(.key(.character("o")))
        _ = pager.handle(.key(.space))
        _ = pager.handle(.key(.left))
        #expect(pager.hintsShown == 0)
        #expect(!pager.showsSolution)
    }

    @Test func rOnThePythonPageRunsThePythonAndTheSwiftOnTheOther() {
        var pager = pager(at: 1)
        _ = pager.handle(.key(.character("p")))
        #expect(pager.view == .python)
        #expect(pager.handle(.key(.character("r"))) == [.runPython, .render])
        #expect(pager.activity == .running)
        #expect(pager.handle(.runEnded) == [.render])
        #expect(pager.activity == .idle)
        _ = pager.handle(.key(.character("p")))
        #expect(pager.handle(.key(.character("r"))) == [.run(snippet: 0), .render])
    }

    @Test func escStopsAPythonRun() {
        var pager = pager(at: 1)
        _ = pager.handle(.key(.character("p")))
        _ = pager.handle(.key(.character("r")))
        #expect(pager.handle(.key(.escape)) == [.stopRun, .render])
        #expect(pager.activity == .idle)
    }
}
