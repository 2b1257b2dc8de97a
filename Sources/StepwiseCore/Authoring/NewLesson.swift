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
        let slug = Self.slug(for: title)
        guard !slug.isEmpty else { throw .titleHasNoWords(title) }
        let names: [String]
        do {
            names = try fileSystem.contentsOfDirectory(atPath: folder).filter(LessonCatalog.isLessonFile)
        } catch {
            throw .unreadableFolder(folder, reason: error.localizedDescription)
        }
        let catalog = LessonCatalog.load(files: names.sorted().map { (folder as NSString).appendingPathComponent($0) }, folder: folder)
        if let taken = catalog.lessons.first(where: { $0.id == slug }) {
            throw .idInUse(slug, file: taken.file)
        }
        let number = (names.compactMap(LessonParser.leadingNumber).max() ?? 0) + 1
        self.title = title
        self.id = slug
        self.fileName = (number < 10 ? "0" : "") + "\(number)-\(slug).md"
    }

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
    /// file names stay ASCII.
    package static func slug(for title: String) -> String {
        let folded = title.folding(options: [.diacriticInsensitive, .caseInsensitive], locale: Locale(identifier: "en_US_POSIX"))
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
