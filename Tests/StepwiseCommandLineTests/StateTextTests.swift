import Testing

@testable import StepwiseCommandLine

/// A stored property's value, shortened so that no type name is cut mid-way.
@Suite(.tags(.fast))
struct StateTextTests {
    @Test func moduleNamesGoAndInnerGenericArgumentsAreElided() {
        let value =
            "Iterator(_base: Swift.LazyFilterSequence<Swift.LazyMapSequence<Swift.Array<Swift.Int>, Swift.String>>.Iterator(_base: x))"
        let short = StateText.shortened(value, room: 60)
        #expect(!short.contains("Swift."))
        #expect(short.count <= 60)
        #expect(short.hasPrefix("Iterator(_base: LazyFilterSequence<"))
        #expect(short.contains("<…>"))
    }

    @Test func aCollectionsContentsGoBeforeThePositionAfterIt() {
        let value = "IndexingIterator<Array<Int>>(_elements: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12], _position: 3)"
        let short = StateText.shortened(value, room: 54)
        #expect(short == "IndexingIterator<…>(_elements: […], _position: 3)")
    }

    @Test func aShortValueIsLeftAlone() {
        #expect(StateText.line(label: "i", value: "Swift.Int", room: 40) == "i = Int")
        #expect(StateText.shortened("3", room: 40) == "3")
    }
}
