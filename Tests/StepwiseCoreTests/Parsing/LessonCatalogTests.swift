import Foundation
import Testing

@testable import StepwiseCore

@Suite(.tags(.fast)) struct LessonCatalogTests {
    func folder(_ files: [String: String]) throws -> String {
        let path = NSTemporaryDirectory() + "stepwise-catalog-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        for (name, text) in files {
            try text.write(toFile: path + "/" + name, atomically: true, encoding: .utf8)
        }
        return path
    }

    @Test func loadsTheGoodLessonsInOrderWhenOneIsBroken() throws {
        let path = try folder([
            "02-b.md": "---\nid: b\ntitle: B\n---\n\nText.\n",
            "01-a.md": "---\nid: a\ntitle: A\n---\n\nText.\n",
            "03-broken.md": "no front matter\n",
            "AUTHORING.md": "# Not a lesson\n",
        ])
        let catalog = LessonCatalog.load(folder: path)
        #expect(catalog.lessons.map(\.id) == ["a", "b"])
        #expect(catalog.diagnostics.count == 1)
        #expect(catalog.diagnostics.first?.location.file.hasSuffix("03-broken.md:1:1") == false)
        #expect(catalog.diagnostics.first?.location.file.hasSuffix("03-broken.md") == true)
    }

    @Test func frontMatterOrderOverridesTheFileNumber() throws {
        let path = try folder([
            "01-a.md": "---\nid: a\ntitle: A\norder: 5\n---\n\nText.\n",
            "02-b.md": "---\nid: b\ntitle: B\n---\n\nText.\n",
        ])
        #expect(LessonCatalog.load(folder: path).lessons.map(\.id) == ["b", "a"])
    }

    @Test func skipsADuplicateIDWithAnError() throws {
        let path = try folder([
            "01-a.md": "---\nid: same\ntitle: A\n---\n\nText.\n",
            "02-b.md": "---\nid: same\ntitle: B\n---\n\nText.\n",
        ])
        let catalog = LessonCatalog.load(folder: path)
        #expect(catalog.lessons.count == 1)
        #expect(catalog.diagnostics.contains { $0.message.contains("duplicate lesson id 'same'") })
    }

    @Test func findsLessonsByNumberIdAndPrefix() throws {
        let path = try folder([
            "01-a.md": "---\nid: generators\ntitle: A\n---\n\nText.\n",
            "02-b.md": "---\nid: sequences\ntitle: B\n---\n\nText.\n",
        ])
        let catalog = LessonCatalog.load(folder: path)
        #expect(catalog.lesson(matching: "2")?.id == "sequences")
        #expect(catalog.lesson(matching: "generators")?.id == "generators")
        #expect(catalog.lesson(matching: "seq")?.id == "sequences")
        #expect(catalog.lesson(matching: "9") == nil)
    }

    @Test func theBuiltInLessonsAreFoundFromAnyDirectory() throws {
        let folder = try #require(LessonLocator.builtInFolder(environment: [:]))
        #expect(FileManager.default.fileExists(atPath: folder + "/AUTHORING.md"))
    }
}
