import Synchronization

/// The highlighted lines of recently coloured sources. The presenter lays a step out again for
/// every line of output and every key, and a debug build of swift-syntax takes milliseconds to
/// parse a snippet: the same text is parsed once.
final class HighlightMemo: Sendable {
    /// Enough for every block of the largest lesson; past it the memo starts again.
    static let capacity = 256

    private let entries = Mutex<[String: [[HighlightSpan]]]>([:])

    func lines(of text: String, _ make: (String) -> [[HighlightSpan]]) -> [[HighlightSpan]] {
        if let found = entries.withLock({ $0[text] }) { return found }
        let made = make(text)
        entries.withLock { entries in
            if entries.count >= Self.capacity { entries.removeAll(keepingCapacity: true) }
            entries[text] = made
        }
        return made
    }
}
