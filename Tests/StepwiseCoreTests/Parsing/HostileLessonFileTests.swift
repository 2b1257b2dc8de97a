import Foundation
import Testing

@testable import StepwiseCore

/// Lesson files an author (or a mistake) can put in a lessons folder: each gives an error at a
/// line and column of that file, and the good lesson beside it still loads.
@Suite(.tags(.fast)) struct HostileLessonFileTests {
    static let good = "---\nid: good\ntitle: Good\n---\n\n## One\n\nText.\n"

    /// A folder holding a good lesson `01-good.md` and the hostile `02-bad.md`.
    func loadBeside(_ bad: Data) throws -> (catalog: LessonCatalog, bad: String) {
        let folder = try LessonFolder()
        try folder.write("01-good.md", Self.good)
        let path = folder.path + "/02-bad.md"
        try bad.write(to: URL(fileURLWithPath: path))
        return (LessonCatalog.load(folder: folder.path), LessonCatalog.displayPath(path))
    }

    func loadBeside(_ bad: String) throws -> (catalog: LessonCatalog, bad: String) {
        try loadBeside(Data(bad.utf8))
    }

    /// `line:column: severity: message` of every diagnostic, the shape assertions compare.
    func findings(_ catalog: LessonCatalog, in file: String) -> [String] {
        catalog.diagnostics.filter { $0.location.file == file }.map {
            "\($0.location.line):\($0.location.column): \($0.severity.rawValue): \($0.message)"
        }
    }

    @Test func anEmptyFileIsMissingItsFrontMatter() throws {
        let (catalog, bad) = try loadBeside("")
        #expect(
            findings(catalog, in: bad) == ["1:1: error: missing front matter: start the file with '---', 'id: ...', 'title: ...', '---'"])
        #expect(catalog.lessons.map(\.id) == ["good"])
        #expect(
            catalog.diagnostics.map(\.description) == [
                "\(bad):1:1: error: missing front matter: start the file with '---', 'id: ...', 'title: ...', '---'"
            ])
    }

    @Test func binaryJunkIsReportedAtItsFirstBadByte() throws {
        // Deterministic junk: a text-looking start, then bytes that are not UTF-8.
        var generator = SeededGenerator(seed: 7)
        var junk = Data("---\nid: x\n\u{7F}ELF".utf8)
        junk += Data((0..<4096).map { _ in UInt8.random(in: 0x80...0xFF, using: &generator) })
        let (catalog, bad) = try loadBeside(junk)
        // The first junk bytes happen to form two valid characters; the third starts one that is cut short.
        #expect(findings(catalog, in: bad) == ["3:8: error: the file is not UTF-8 text: byte 0xE5 starts a truncated character"])
        #expect(catalog.lessons.map(\.id) == ["good"])
    }

    @Test func invalidUTF8IsLocatedByLineAndByteColumn() throws {
        var data = Data(Self.good.utf8)
        data += Data("\nMore text, then é and a stray byte: ".utf8) + Data([0xFF]) + Data(" here.\n".utf8)
        let (catalog, bad) = try loadBeside(data)
        // Line 10; the column counts bytes, as compilers do: 'é' is two.
        #expect(findings(catalog, in: bad) == ["10:38: error: the file is not UTF-8 text: byte 0xFF cannot appear here"])
        #expect(catalog.lessons.map(\.id) == ["good"])
    }

    @Test func aTruncatedCharacterAtTheEndIsLocated() throws {
        let (catalog, bad) = try loadBeside(Data("---\nid: t\n".utf8) + Data([0xE2, 0x82]))
        #expect(findings(catalog, in: bad) == ["3:1: error: the file is not UTF-8 text: byte 0xE2 starts a truncated character"])
    }

    @Test func aNULByteMarksTheFileAsBinary() throws {
        let (catalog, bad) = try loadBeside(Data("---\nid: n\ntitle: N\n---\nab".utf8) + Data([0]) + Data("c\n".utf8))
        #expect(findings(catalog, in: bad) == ["5:3: error: the file contains a NUL byte: it is binary, not Markdown text"])
        #expect(catalog.lessons.map(\.id) == ["good"])
    }

    @Test func anUnclosedFenceIsReportedAtItsOpeningAndTheLessonStillLoads() throws {
        let (catalog, bad) = try loadBeside("---\nid: open\ntitle: Open\n---\n\n## Step\n\n```swift\nprint(1)\n\n## Never a step\n")
        #expect(findings(catalog, in: bad) == ["8:1: error: code block is never closed: add a line of ``` after it"])
        #expect(catalog.lessons.map(\.id) == ["good", "open"])
    }

    @Test func fencesNestInsideLongerFencesAndOtherFenceCharacters() throws {
        let text = """
            ---
            id: nested
            title: Nested
            ---

            ## Step

            ````markdown
            ```swift
            print(1)
            ```
            ````

            ```text
            ~~~
            not a fence here
            ~~~
            ```

            ~~~~swift
            print("~~~ and ``` inside")
            ~~~~
            """
        let (catalog, bad) = try loadBeside(text)
        #expect(findings(catalog, in: bad).isEmpty)
        let blocks = try #require(catalog.lessons.first { $0.id == "nested" }).steps[0].codeBlocks
        #expect(blocks.map(\.code) == ["```swift\nprint(1)\n```", "~~~\nnot a fence here\n~~~", "print(\"~~~ and ``` inside\")"])
        #expect(blocks.map(\.info.language) == ["markdown", "text", "swift"])
    }

    @Test func fencesInQuotesAndListsKeepTheirRoleAndAreClosed() throws {
        let text = """
            ---
            id: contained
            title: Contained
            ---

            ## Step

            > ```swift
            > print(1)
            > ```

            - Run this:

              ```swift
              print(2)
              ```

            > ```swift
            > print(3)

            After the quote.
            """
        let (catalog, bad) = try loadBeside(text)
        // The quote that ends without a closing fence is the only problem.
        #expect(findings(catalog, in: bad) == ["18:3: error: code block is never closed: add a line of ``` after it"])
        let snippets = try #require(catalog.lessons.first { $0.id == "contained" }).steps[0].snippets
        #expect(snippets.map(\.block.code) == ["print(1)", "print(2)", "print(3)"])
    }

    @Test func anIndentedBlockStartingWithBackticksIsNotAFence() throws {
        let (catalog, bad) = try loadBeside("---\nid: indented\ntitle: I\n---\n\n## Step\n\n    ```swift\n    code\n")
        #expect(findings(catalog, in: bad).isEmpty)
        let block = try #require(catalog.lessons.first { $0.id == "indented" }?.steps[0].codeBlocks.first)
        #expect(block.role == .display)
        #expect(block.code == "```swift\ncode")
    }

    @Test func aFencedBlockWhoseCodeStartsLikeItsFenceIsStillFenced() throws {
        let (catalog, bad) = try loadBeside("---\nid: fence\ntitle: F\n---\n\n## Step\n\n````swift\n````swift is text here\n````\n")
        #expect(findings(catalog, in: bad).isEmpty)
        let block = try #require(catalog.lessons.first { $0.id == "fence" }?.steps[0].codeBlocks.first)
        #expect(block.info.language == "swift")
        #expect(block.code == "````swift is text here")
    }

    @Test func unterminatedFrontMatterIsOneErrorNotOnePerLine() throws {
        let (catalog, bad) = try loadBeside("---\nid: open\ntitle: Open\n\n## Step\n\nSome text.\nMore text.\n")
        #expect(findings(catalog, in: bad) == ["1:1: error: front matter is never closed: add a '---' line after it"])
        #expect(catalog.lessons.map(\.id) == ["good"])
    }

    @Test func badFrontMatterKeysAndValuesAreReportedOnTheirLines() throws {
        let text = "---\nid: keys\ntitle: Keys\ntilte: Typo\norder: third\nno colon here\nid: again\n---\n\nText.\n"
        let (catalog, bad) = try loadBeside(text)
        #expect(
            findings(catalog, in: bad) == [
                "4:1: error: unknown front matter key 'tilte'; did you mean 'title'?",
                "6:1: error: front matter line is not 'key: value'",
                "7:1: error: front matter key 'id' is already set on line 2",
                "5:1: error: order 'third' is not a whole number",
            ])
        // Problems that leave the lesson usable do not drop it.
        #expect(catalog.lessons.map(\.id) == ["good", "keys"])
    }

    @Test func controlCharactersInFrontMatterAreEscapedInTheMessage() throws {
        let text = "---\nid: ctl\ntitle: C\n\u{1B}[31m\u{7}: red\n---\n\nText.\n"
        let (catalog, bad) = try loadBeside(text)
        #expect(findings(catalog, in: bad) == [#"4:1: error: unknown front matter key '\u{1B}[31m\u{07}'"#])
        #expect(!catalog.diagnostics.contains { $0.message.unicodeScalars.contains("\u{1B}") })
    }

    @Test func aHugeUnknownWordIsQuotedShort() throws {
        let word = String(repeating: "x", count: 100_000)
        let (catalog, bad) = try loadBeside("---\nid: huge\ntitle: H\n---\n\n```\(word)\ncode\n```\n")
        let found = findings(catalog, in: bad)
        #expect(found == ["6:4: error: unknown code block role '\(String(repeating: "x", count: 40))…'"])
    }

    @Test func aTimeoutBeyondAnHourIsAnErrorAtTheWordNotACrashAtRun() throws {
        let text =
            "---\nid: slow\ntitle: S\n---\n\n```swift timeout=9223372036854775807\nprint(1)\n```\n\n```swift timeout=0\nprint(2)\n```\n\n```swift timeout=3600\nprint(3)\n```\n"
        let (catalog, bad) = try loadBeside(text)
        #expect(
            findings(catalog, in: bad) == [
                "6:10: error: timeout= needs a whole number of seconds from 1 to 3600, found '9223372036854775807'",
                "10:10: error: timeout= needs a whole number of seconds from 1 to 3600, found '0'",
            ])
        let snippets = try #require(catalog.lessons.first { $0.id == "slow" }).steps[0].snippets
        #expect(snippets.map(\.options.timeoutSeconds) == [nil, nil, 3600])
    }

    @Test func duplicateIdsArePointedAtTheIdLineOfTheSecondFile() throws {
        let folder = try LessonFolder()
        defer { folder.remove() }
        let first = try folder.write("01-first.md", "---\nid: same\ntitle: First\n---\n\nOne.\n")
        let second = try folder.write("02-second.md", "---\ntitle: Second\nsummary: S\nid: same\n---\n\nTwo.\n")
        try folder.write("03-other.md", "---\nid: other\ntitle: Other\n---\n\nThree.\n")
        let catalog = LessonCatalog.load(folder: folder.path)
        #expect(catalog.lessons.map(\.id) == ["same", "other"])
        #expect(catalog.lessons.first?.file == first)
        let duplicate = try #require(catalog.diagnostics.first)
        #expect(catalog.diagnostics.count == 1)
        #expect(duplicate.description == "\(second):4:1: error: duplicate lesson id 'same' (also used by \(first)); this lesson is skipped")
        #expect(duplicate.notes == ["\(first):2:1: the lesson that keeps this id"])
    }

    @Test func deepNestingIsReportedInsteadOfOverflowingTheStack() throws {
        let quotes = String(repeating: ">", count: 100_000)
        let emphasis = String(repeating: "*", count: 30_000)
        let (catalog, bad) = try loadBeside("---\nid: deep\ntitle: D\n---\n\n## Step\n\n\(quotes) x\n\n\(emphasis)x\(emphasis)\n")
        #expect(
            findings(catalog, in: bad) == [
                "8:32: error: lists, quotes or emphasis are nested more than 32 deep here; the deeper content is left out"
            ])
        #expect(catalog.lessons.map(\.id) == ["good", "deep"])
    }

    @Test func oldMacLineEndingsAndAByteOrderMarkKeepLineNumbers() throws {
        let text = "\u{FEFF}---\rid: cr\rtitle: CR\rtilte: x\r---\r\r```swfit\rcode\r```\r"
        let (catalog, bad) = try loadBeside(text)
        #expect(
            findings(catalog, in: bad) == [
                "4:1: error: unknown front matter key 'tilte'; did you mean 'title'?",
                "7:4: error: unknown code block role 'swfit'; did you mean 'swift'?",
            ])
        #expect(catalog.lessons.map(\.id) == ["good", "cr"])
    }
}

/// A small deterministic generator (SplitMix64), so generated junk is the same on every run.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64

    init(seed: UInt64) {
        state = seed
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
