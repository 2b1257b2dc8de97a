import Testing

@testable import StepwiseCore

/// How the parser gives each step the key its progress and edited copies are filed under.
@Suite(.tags(.fast)) struct StepKeyParsingTests {
    func parse(_ body: String) -> (Lesson?, [Diagnostic]) {
        var diagnostics: [Diagnostic] = []
        let text = "---\nid: keys\ntitle: Keys\n---\n" + body
        return (LessonParser(file: "Lessons/01-keys.md").parse(text, diagnostics: &diagnostics), diagnostics)
    }

    func keys(_ body: String) throws -> [String] {
        let (lesson, diagnostics) = parse(body)
        #expect(diagnostics.isEmpty, "\(diagnostics)")
        return try #require(lesson).steps.map(\.key.rawValue)
    }

    @Test func headingsAreSluggedToFileNameSafeKeys() throws {
        #expect(
            try keys("## Yielding, once!\n\nText.\n\n## `next()` and Générateurs\n\nMore.\n\n## ???\n\nOdd.\n")
                == ["yielding-once", "next-and-generateurs", "step"])
    }

    @Test func aLongHeadingIsCutToTheMaximumLength() throws {
        let key = try keys("## " + String(repeating: "word ", count: 40) + "\n\nText.\n")[0]
        #expect(key.count <= StepKey.maximumLength)
        #expect(StepKey(rawValue: key) != nil)
        #expect(!key.hasSuffix("-"))
    }

    @Test func anExplicitIDUnderTheHeadingWinsOverTheSlug() throws {
        let (lesson, diagnostics) = parse("## Yield once\n<!-- id: first-yield -->\n\nText.\n\n## Other\n\n<!--id:other-one-->\n\nMore.\n")
        #expect(diagnostics.isEmpty, "\(diagnostics)")
        let parsed = try #require(lesson)
        #expect(parsed.steps.map(\.key.rawValue) == ["first-yield", "other-one"])
        #expect(parsed.stepIndex(of: StepKey(rawValue: "other-one")!) == 1)
        #expect(parsed.stepIndex(of: StepKey(rawValue: "yield-once")!) == nil)
    }

    @Test func duplicateHeadingsAreNumberedInOrder() throws {
        #expect(try keys("## Try it\n\nA.\n\n## Try it\n\nB.\n\n## Try It\n\nC.\n") == ["try-it", "try-it-2", "try-it-3"])
    }

    @Test func aHeadingNeverTakesAnExplicitID() throws {
        #expect(try keys("## Counter\n\nA.\n\n## Later\n<!-- id: counter -->\n\nB.\n") == ["counter-2", "counter"])
    }

    @Test func textBeforeTheFirstHeadingIsTheIntroStep() throws {
        #expect(try keys("Opening words.\n\n## Intro\n\nA heading that slugs the same.\n") == ["intro", "intro-2"])
        #expect(try keys("# Title\n\nOpening.\n\n## First\n\nA.\n") == ["intro", "first"])
    }

    @Test func aMalformedIDIsAnErrorAtItsLine() throws {
        let (lesson, diagnostics) = parse("## One\n\nA.\n\n## Two\n<!-- id: Not Valid -->\n\nB.\n")
        let error = try #require(diagnostics.first)
        #expect(diagnostics.count == 1)
        #expect(error.severity == .error)
        #expect(error.location.line == 10)
        #expect(error.message.contains("Not Valid"))
        #expect(lesson?.steps.map(\.key.rawValue) == ["one", "two"], "the lesson is still usable, keyed by its headings")
    }

    @Test func aDuplicateIDIsAnErrorAndTheSecondIsNumbered() throws {
        let (lesson, diagnostics) = parse("## One\n<!-- id: same -->\n\nA.\n\n## Two\n<!-- id: same -->\n\nB.\n")
        #expect(diagnostics.count == 1)
        #expect(diagnostics.first?.message.contains("duplicate step id") == true)
        #expect(diagnostics.first?.location.line == 11)
        #expect(lesson?.steps.map(\.key.rawValue) == ["same", "two"])
    }

    @Test func anIDBelowOtherTextIsIgnoredWithAWarning() throws {
        let (lesson, diagnostics) = parse("## One\n\nA.\n\n<!-- id: late -->\n")
        #expect(diagnostics.map(\.severity) == [.warning])
        #expect(diagnostics.first?.location.line == 9)
        #expect(lesson?.steps.map(\.key.rawValue) == ["one"])
    }

    @Test func otherCommentsAreNotIDs() throws {
        #expect(try keys("## One\n<!-- tutor -->\nType `run`.\n") == ["one"])
    }
}
