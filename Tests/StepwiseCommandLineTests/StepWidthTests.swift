import Foundation
import Testing

@testable import StepwiseCommandLine
@testable import StepwiseCore
@testable import StepwiseTerminal

/// Every built-in step, laid out as the tutor lays it out, fits the window it is shown in.
@Suite(.tags(.fast))
struct StepWidthTests {
    static let lessonsFolder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Lessons").path

    /// The text the tutor prints for `effects` at `width`, its own style codes taken out.
    static func printed(_ effects: [TutorEffect], width: Int) -> [String] {
        effects.flatMap { effect -> [String] in
            guard case .show(let text) = effect else { return [] }
            let bytes = Wrapping.fit(text, width: width).rendered(color: true)
            return bytes.replacing(#/\u{1B}\[[0-9;]*m/#, with: "").split(separator: "\n", omittingEmptySubsequences: false)
                .map(String.init)
        }
    }

    @Test(arguments: [60, 80])
    func everyBuiltInStepFitsTheWindow(width: Int) throws {
        let catalog = LessonCatalog.load(folder: Self.lessonsFolder)
        #expect(catalog.lessons.count >= 10, "the built-in lessons were not found in \(Self.lessonsFolder)")
        var state = TutorState(
            catalog: catalog, progress: LearnerProgress(),
            capabilities: TerminalCapabilities(isInteractive: false, usesColor: true, width: width))
        var steps = 0
        for (lessonIndex, lesson) in catalog.lessons.enumerated() {
            for stepIndex in lesson.steps.indices {
                let effects = state.handle(.opened(lesson: lessonIndex, step: stepIndex))
                // The state's own layout must fit before the print-time fitting gets to it.
                let laidOut = effects.flatMap { effect -> [String] in
                    guard case .show(let text) = effect else { return [] }
                    return text.rendered(color: true).replacing(#/\u{1B}\[[0-9;]*m/#, with: "")
                        .split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
                }
                for line in laidOut + Self.printed(effects, width: width) {
                    #expect(
                        Wrapping.columns(of: line) <= width,
                        "\(lesson.id) step \(stepIndex + 1) at \(width): \(Wrapping.columns(of: line)) columns: \(line)")
                }
                steps += 1
            }
        }
        #expect(steps > 50)
    }

    @Test
    func wideCharactersCountTwoColumnsAndControlPicturesOne() {
        #expect(Wrapping.columns(of: "日本語") == 6)
        #expect(Wrapping.columns(of: "␛[2J") == 4)
        #expect(Wrapping.columns(of: "e\u{301}") == 1)
    }

    @Test
    func aCharacterShownByItsCodePointCountsTheColumnsItWillTake() {
        #expect(Wrapping.columns(of: "a\u{202E}b") == 10)
        #expect(Wrapping.columns(of: "a\u{202E}b") == Wrapping.columns(of: VisibleText.row("a\u{202E}b")))
        #expect(Wrapping.columns(of: "x\u{9B}y") == Wrapping.columns(of: VisibleText.row("x\u{9B}y")))
        // Prose laid out before it is shown still fits once it is: nothing is cut off a row.
        let prose = "An override \u{202E}DESREVER\u{202C} and an isolate \u{2067}RTL\u{2069} and zero\u{200B}width here."
        for line in Wrapping.prose([Span(prose)], width: 40, indent: "", hanging: "").lines {
            let shown = line.map { VisibleText.row($0.text) }.joined()
            #expect(Wrapping.columns(of: shown) <= 40, "\(shown)")
        }
    }

    @Test
    func codeBreaksBetweenTokensAndKeepsItsIndentation() {
        let line = [Span("    let continuation = makeIterator(over: numbers, startingAt: 10)")]
        let pieces = Wrapping.code(line, room: 30, indent: "    ")
        #expect(pieces.count > 1)
        let words = Set(line[0].text.split { !($0.isLetter || $0.isNumber) }.map(String.init))
        for piece in pieces {
            let text = piece.map(\.text).joined()
            #expect(Wrapping.columns(of: text) <= 30, "\(text)")
            // Every identifier in a piece is whole: a cut never falls inside one.
            for word in text.split(whereSeparator: { !($0.isLetter || $0.isNumber) }) {
                #expect(words.contains(String(word)), "cut inside an identifier: \(text)")
            }
        }
        for piece in pieces.dropFirst() {
            #expect(piece.map(\.text).joined().hasPrefix("    " + Wrapping.continuation))
        }
    }

    @Test
    func printedProseBreaksBetweenWordsUnderItsIndent() {
        let sentence =
            "  End of the sequence: Swift returns nil where Python's generator raises StopIteration. A well-behaved iterator keeps returning nil."
        let fitted = Wrapping.fit(StyledText(plain: sentence), width: 60).rendered(color: false).split(separator: "\n")
        #expect(fitted.count > 1)
        #expect(fitted.allSatisfy { Wrapping.columns(of: $0) <= 60 })
        #expect(fitted.dropFirst().allSatisfy { $0.hasPrefix("    ") })
        #expect(fitted.joined(separator: " ").split(separator: " ") == sentence.split(separator: " "))
    }

    @Test
    func aTimedOutputLineWrapsUnderItsGutter() {
        let line = [Span("  0.1s │ ", .dim), Span(String(repeating: "word ", count: 20))]
        let fitted = Wrapping.fit(StyledText(lines: [line]), width: 40).rendered(color: false).split(separator: "\n")
        #expect(fitted.count > 2)
        #expect(fitted.dropLast().allSatisfy { !$0.hasSuffix(" ") })
        #expect(fitted.allSatisfy { Wrapping.columns(of: $0) <= 40 })
        #expect(fitted.dropFirst().allSatisfy { $0.hasPrefix("       │ ↪ word") }, "\(fitted)")
    }

    @Test
    func tabChoicesFillLinesThatFit() {
        let ids = (1...12).map { "lesson-number-\($0)" }
        let lines = Wrapping.list(ids, width: 60)
        #expect(lines.count > 1)
        #expect(lines.allSatisfy { Wrapping.columns(of: $0) <= 60 })
        #expect(lines.joined(separator: "  ").components(separatedBy: "  ") == ids)
    }
}
