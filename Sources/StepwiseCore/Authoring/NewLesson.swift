import Foundation

/// Creates `NN-slug.md` for `stepwise new "Title"`: the next free number in the folder, a
/// slug of the title for the name and the id, and the template as content.
package struct NewLesson: Sendable, Equatable {
    package var title: String
    package var id: String
    package var fileName: String

    /// Chooses the number, name and id; writes nothing.
    package init(title: String, folder: String, fileSystem: FileManager = .default) throws(NewLessonError) {
        // Front matter values are single lines.
        let title = title.split(whereSeparator: \.isNewline).joined(separator: " ").trimmingLeadingWhitespace()
        guard title.contains(where: { $0.isLetter || $0.isNumber }) else { throw .titleHasNoWords(title) }
        let names: [String]
        do {
            names = try fileSystem.contentsOfDirectory(atPath: folder).filter(LessonCatalog.isLessonFile)
        } catch {
            throw .unreadableFolder(folder, reason: error.localizedDescription)
        }
        let number = (names.compactMap(LessonParser.leadingNumber).max() ?? 0) + 1
        var slug = Self.slug(for: title)
        // Ids are `[a-z0-9-]+`: a title with no letters that spell in Latin ("日本語") gets one by its number.
        isNumberedId = slug.isEmpty
        if slug.isEmpty { slug = "lesson-\(number)" }
        let catalog = LessonCatalog.load(files: names.sorted().map { (folder as NSString).appendingPathComponent($0) }, folder: folder)
        if let taken = catalog.lessons.first(where: { $0.id == slug }) {
            throw .idInUse(slug, file: taken.file)
        }
        self.title = title
        self.id = slug
        self.fileName = (number < 10 ? "0" : "") + "\(number)-\(slug).md"
    }

    /// The title has nothing to spell an id with, so the id is `lesson-N`.
    package var isNumberedId = false

    package var text: String { LessonTemplate.text(id: id, title: title) }

    /// Writes the lesson into `folder`, never replacing an existing file.
    /// - Returns: the path written.
    package func write(into folder: String) throws(NewLessonError) -> String {
        let path = (folder as NSString).appendingPathComponent(fileName)
        guard !FileManager.default.fileExists(atPath: path) else { throw .fileExists(path) }
        do {
            // `.withoutOverwriting` makes the refusal hold even against a file created just now.
            try Data(text.utf8).write(to: URL(fileURLWithPath: path), options: .withoutOverwriting)
        } catch {
            if FileManager.default.fileExists(atPath: path) { throw .fileExists(path) }
            throw .cannotWrite(path, reason: error.localizedDescription)
        }
        return path
    }

    /// `Async Sequences: the basics` -> `async-sequences-the-basics`; accents are dropped so
    /// file names stay ASCII, and other alphabets are spelled in Latin letters (`Генераторы` ->
    /// `generatory`), except Han characters, whose reading depends on the language: empty then.
    package static func slug(for title: String) -> String {
        let isHan = title.unicodeScalars.contains { $0.properties.isIdeographic }
        let latin = isHan ? title : (title.applyingTransform(.toLatin, reverse: false) ?? title)
        let folded = latin.folding(options: [.diacriticInsensitive, .caseInsensitive], locale: Locale(identifier: "en_US_POSIX"))
        var slug = ""
        for scalar in folded.unicodeScalars {
            if scalar.isASCII, scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) {
                slug.unicodeScalars.append(scalar)
            } else if !slug.isEmpty, slug.last != "-" {
                slug.append("-")
            }
        }
        while slug.last == "-" { slug.removeLast() }
        return String(slug.prefix(48)).lowercased()
    }
}
