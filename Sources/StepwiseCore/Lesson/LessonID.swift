/// What a lesson's `id:` may be: `a-z`, `0-9` and `-`, at most 64 bytes.
///
/// Progress is keyed by the id and the learner's edited copies live in a folder named after it,
/// so an id that could hold `/`, `..` or a NUL would let a shared lesson file create or delete
/// files outside the state folder. A lesson whose id breaks the rule does not load at all.
package enum LessonID {
    package static let maximumLength = 64

    package static func isValid(_ text: String) -> Bool {
        !text.isEmpty && text.utf8.count <= maximumLength
            && text.utf8.allSatisfy {
                (UInt8(ascii: "a")...UInt8(ascii: "z")).contains($0) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0)
                    || $0 == UInt8(ascii: "-")
            }
    }
}
