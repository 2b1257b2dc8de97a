#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Splits a child's raw output into timed lines while keeping memory bounded.
///
/// The first `keptLimit` bytes (both streams together) become lines; the rest
/// is only counted, so a snippet that prints 100 MB costs the tutor at most the
/// kept limit plus one read buffer. Every line is the program's own output: the
/// tutor's messages travel on a channel of their own (``ControlChannel``).
struct OutputCollector {
    private struct PendingLine {
        var bytes: [UInt8] = []
        var droppedBytes = 0
        var isEmpty: Bool { bytes.isEmpty && droppedBytes == 0 }
    }

    let keptLimit: Int
    private(set) var keptBytes = 0
    private(set) var totalBytes = 0
    private(set) var omittedBytes = 0
    private(set) var omittedLines = 0
    private(set) var lines: [TimedLine] = []
    /// Whether completed lines are stored in `lines` (interactive sessions only stream them).
    let storesLines: Bool
    private var pending: [TimedLine.Stream: PendingLine] = [.stdout: PendingLine(), .stderr: PendingLine()]
    /// Lines completed so far, stored or not: where a control message falls among them.
    private(set) var keptLineCount = 0

    init(keptLimit: Int, storesLines: Bool = true) {
        self.keptLimit = keptLimit
        self.storesLines = storesLines
    }

    /// Consumes bytes read from `stream` at `elapsed`; returns the lines they completed.
    mutating func consume(_ bytes: UnsafeRawBufferPointer, from stream: TimedLine.Stream, at elapsed: Duration) -> [TimedLine] {
        totalBytes += bytes.count
        var events: [TimedLine] = []
        var line = pending[stream] ?? PendingLine()
        var start = 0
        while start < bytes.count {
            // memchr rather than a Swift loop: debug builds of a byte loop crawl through a 32 MiB flood.
            var end = bytes.count
            if let base = bytes.baseAddress, let found = memchr(base + start, 10, bytes.count - start) {
                end = base.distance(to: UnsafeRawPointer(found))
            }
            append(bytes, start..<end, to: &line)
            if end < bytes.count {
                if let event = finish(&line, stream: stream, at: elapsed, endsWithNewline: true) {
                    events.append(event)
                }
                line = PendingLine()
                start = end + 1
            } else {
                start = end
            }
        }
        pending[stream] = line
        return events
    }

    /// Completes a last line without a newline when the stream closes.
    mutating func finishStream(_ stream: TimedLine.Stream, at elapsed: Duration) -> [TimedLine] {
        guard var line = pending[stream], !line.isEmpty else { return [] }
        pending[stream] = PendingLine()
        return finish(&line, stream: stream, at: elapsed, endsWithNewline: false).map { [$0] } ?? []
    }

    private mutating func append(_ bytes: UnsafeRawBufferPointer, _ range: Range<Int>, to line: inout PendingLine) {
        guard !range.isEmpty else { return }
        keep(bytes[range], in: &line)
    }

    private mutating func keep<Bytes: Collection>(_ bytes: Bytes, in line: inout PendingLine) where Bytes.Element == UInt8 {
        let room = max(0, keptLimit - keptBytes)
        let kept = min(room, bytes.count)
        if kept > 0 {
            line.bytes.append(contentsOf: bytes.prefix(kept))
            keptBytes += kept
        }
        let dropped = bytes.count - kept
        if dropped > 0 {
            line.droppedBytes += dropped
            omittedBytes += dropped
        }
    }

    private mutating func finish(
        _ line: inout PendingLine, stream: TimedLine.Stream, at elapsed: Duration, endsWithNewline: Bool
    ) -> TimedLine? {
        // The newline counts towards the kept limit like any other byte.
        if endsWithNewline {
            if keptBytes < keptLimit { keptBytes += 1 } else { omittedBytes += 1; line.droppedBytes += 1 }
        }
        if line.bytes.isEmpty && line.droppedBytes > 0 {
            omittedLines += 1
            return nil
        }
        var text = String(decoding: line.bytes, as: UTF8.self)
        if text.hasSuffix("\r") { text.removeLast() }
        let timed = TimedLine(elapsed: elapsed, stream: stream, text: text, isTruncated: hasDroppedContent(line, endsWithNewline))
        keptLineCount += 1
        if storesLines { lines.append(timed) }
        return timed
    }

    private func hasDroppedContent(_ line: PendingLine, _ endsWithNewline: Bool) -> Bool {
        // A dropped newline alone does not truncate the visible text.
        line.droppedBytes > (endsWithNewline ? 1 : 0)
    }
}
