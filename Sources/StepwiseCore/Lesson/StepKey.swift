import Foundation

/// A step's identity within its lesson, which progress and edited copies are keyed by.
///
/// Positions shift whenever an author inserts, removes or reorders steps; a key does not, so an
/// answered prediction, a failure count, a solved mark or an edited copy stays on its step. The
/// key is the author's explicit `<!-- id: ... -->` when there is one, else a slug of the heading.
/// It is also a file-name component (`<key>-exercise.swift`), hence only `a-z`, `0-9` and `-`.
package struct StepKey: RawRepresentable, Hashable, Codable, Sendable, CustomStringConvertible, CodingKeyRepresentable {
    package let rawValue: String

    /// Long enough for any heading worth reading; short enough that `<key>-<name>.swift` is a
    /// valid file name everywhere.
    package static let maximumLength = 64

    /// The step before the first heading, which has no title to slug.
    package static let untitled = StepKey(checked: "intro")

    /// Fails for text that is not a valid key (empty, too long, or other than `a-z`, `0-9`, `-`),
    /// so a hand-edited progress file cannot smuggle a path into a file name.
    package init?(rawValue: String) {
        guard Self.isValid(rawValue) else { return nil }
        self.rawValue = rawValue
    }

    private init(checked rawValue: String) {
        self.rawValue = rawValue
    }

    package static func isValid(_ text: String) -> Bool {
        !text.isEmpty && text.utf8.count <= maximumLength
            && text.utf8.allSatisfy {
                (UInt8(ascii: "a")...UInt8(ascii: "z")).contains($0) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0)
                    || $0 == UInt8(ascii: "-")
            }
    }

    /// `Yielding, once!` -> `yielding-once`; accents are folded (`Générateurs` -> `generateurs`),
    /// anything else becomes a single `-`. A heading with nothing left (`???`) becomes `step`.
    package init(slugging title: String) {
        let folded = title.folding(options: [.diacriticInsensitive, .caseInsensitive, .widthInsensitive], locale: nil)
        var slug = ""
        for scalar in folded.unicodeScalars {
            if scalar.isASCII, let ascii = Character(scalar).asciiValue,
                (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(ascii) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(ascii)
            {
                slug.unicodeScalars.append(scalar)
            } else if !slug.isEmpty, slug.last != "-" {
                slug.append("-")
            }
        }
        // Cutting may leave a trailing "-" (from the text or from the cut), which reads badly.
        slug = String(slug.prefix(Self.maximumLength))
        while slug.last == "-" { slug.removeLast() }
        self.init(checked: slug.isEmpty ? "step" : slug)
    }

    /// `key-2`, `key-3`, ...: the `number`th step of a lesson to claim this key. The base is
    /// shortened if needed so the result stays within `maximumLength`.
    func numbered(_ number: Int) -> StepKey {
        let suffix = "-\(number)"
        var base = String(rawValue.prefix(Self.maximumLength - suffix.count))
        while base.last == "-" { base.removeLast() }
        return StepKey(checked: (base.isEmpty ? "step" : base) + suffix)
    }

    package var description: String { rawValue }
}
