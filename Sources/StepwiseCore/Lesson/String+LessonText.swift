/// Small text helpers for reading lesson files by hand (front matter, line endings).
extension StringProtocol {
    func trimmingTrailingWhitespace() -> String {
        var text = String(self)
        while let last = text.last, last.isWhitespace { text.removeLast() }
        return text
    }

    func trimmingLeadingWhitespace() -> String {
        String(drop(while: \.isWhitespace)).trimmingTrailingWhitespace()
    }

    func unquoted() -> String {
        if count >= 2, let first, let last = last, first == last, first == "\"" || first == "'" {
            return String(dropFirst().dropLast())
        }
        return String(self)
    }
}

extension String {
    /// Without a leading byte-order mark, and with `\r\n` and a lone `\r` (both line ends
    /// to cmark) as `\n`, so the loader's line numbers and cmark's agree.
    func normalizedForParsing() -> String {
        var text = Substring(self)
        if text.unicodeScalars.first == "\u{FEFF}" { text = Substring(text.unicodeScalars.dropFirst()) }
        guard text.utf8.contains(UInt8(ascii: "\r")) else { return String(text) }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count)
        var afterCR = false
        for byte in text.utf8 {
            if byte == UInt8(ascii: "\r") {
                bytes.append(UInt8(ascii: "\n"))
                afterCR = true
                continue
            }
            if !(afterCR && byte == UInt8(ascii: "\n")) { bytes.append(byte) }
            afterCR = false
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
