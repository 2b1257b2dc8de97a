import Foundation

/// Reads one lesson file into a `Lesson`. Anything that is not a Markdown text file (a
/// folder, a device, a binary or non-UTF-8 file, one too large to be a lesson) is refused
/// with an error located in that file, so it never stops the other lessons from loading.
package enum LessonFileLoader {
    /// Far beyond any lesson a person writes (the largest built-in one is under 20 KB), yet
    /// small enough that reading a file by mistake never strains memory.
    package static let maximumBytes = 32 << 20

    /// - Parameter file: the path diagnostics show.
    package static func lesson(atPath path: String, file: String, diagnostics: inout [Diagnostic]) -> Lesson? {
        switch contents(ofFile: path) {
        case .success(let data):
            return lesson(from: data, file: file, diagnostics: &diagnostics)
        case .failure(let error):
            diagnostics.append(.error(at: SourceLocation(file: file, line: 1), error.description))
            return nil
        }
    }

    /// Parses a lesson file's bytes; what `lesson(atPath:)` does after reading, and what the
    /// fuzz target drives.
    package static func lesson(from data: Data, file: String, diagnostics: inout [Diagnostic]) -> Lesson? {
        if let (offset, problem) = firstNonTextByte(in: data) {
            diagnostics.append(.error(at: location(ofByte: offset, in: data, file: file), problem))
            return nil
        }
        let text = String(decoding: data, as: UTF8.self)
        return LessonParser(file: file).parse(text, diagnostics: &diagnostics)
    }

    /// Reads at most `maximumBytes + 1` bytes from a regular file: never blocks on a FIFO
    /// or reads forever from a device such as `/dev/zero` behind a symlink.
    static func contents(ofFile path: String) -> Result<Data, LessonFileError> {
        var info = stat()
        guard stat(path, &info) == 0 else { return .failure(.unreadable(reason: String(cString: strerror(errno)))) }
        switch info.st_mode & S_IFMT {
        case S_IFREG: break
        case S_IFDIR: return .failure(.notAFile("a folder"))
        default: return .failure(.notAFile("a device, socket or pipe"))
        }
        guard info.st_size <= maximumBytes else { return .failure(.tooLarge(bytes: Int(info.st_size))) }
        let descriptor = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
        guard descriptor >= 0 else { return .failure(.unreadable(reason: String(cString: strerror(errno)))) }
        defer { close(descriptor) }
        var data = Data()
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        reading: while data.count <= maximumBytes {
            switch buffer.withUnsafeMutableBytes({ Syscalls.read(descriptor, into: $0.baseAddress, count: $0.count) }) {
            case .bytes(let count): data.append(contentsOf: buffer[..<count])
            case .endOfFile, .wouldBlock: break reading
            case .failed(let code): return .failure(.unreadable(reason: String(cString: strerror(code))))
            }
        }
        // The file grew past the limit after `stat`.
        guard data.count <= maximumBytes else { return .failure(.tooLarge(bytes: data.count)) }
        return .success(data)
    }

    /// The first byte that makes `data` something other than UTF-8 text, and why.
    static func firstNonTextByte(in data: Data) -> (offset: Int, problem: String)? {
        if let nul = data.firstIndex(of: 0) {
            return (nul - data.startIndex, "the file contains a NUL byte: it is binary, not Markdown text")
        }
        if String(validating: data, as: UTF8.self) != nil { return nil }
        // Only a broken file pays for finding where it breaks.
        var parser = Unicode.UTF8.ForwardParser()
        var iterator = data.makeIterator()
        var offset = 0
        while true {
            switch parser.parseScalar(from: &iterator) {
            case .valid(let scalar):
                offset += scalar.count
            case .error:
                let byte = data[data.startIndex + offset]
                let hex = String(byte, radix: 16, uppercase: true)
                // 0xC2...0xF4 begin a multi-byte character; the bytes after this one do not finish it.
                let why = (0xC2...0xF4).contains(byte) ? "starts a truncated character" : "cannot appear here"
                return (offset, "the file is not UTF-8 text: byte 0x\(hex.count == 1 ? "0" + hex : hex) \(why)")
            case .emptyInput:
                return nil
            }
        }
    }

    /// Line and byte column of `offset`, counting `\n`, `\r\n` and a lone `\r` as line ends as cmark does.
    static func location(ofByte offset: Int, in data: Data, file: String) -> SourceLocation {
        var line = 1
        var lineStart = 0
        var index = 0
        let bytes = data.prefix(offset)
        var previous: UInt8 = 0
        for byte in bytes {
            if byte == UInt8(ascii: "\n") {
                if previous != UInt8(ascii: "\r") { line += 1 }
                lineStart = index + 1
            } else if byte == UInt8(ascii: "\r") {
                line += 1
                lineStart = index + 1
            }
            previous = byte
            index += 1
        }
        return SourceLocation(file: file, line: line, column: offset - lineStart + 1)
    }
}

/// Why a lesson file could not be read at all.
package enum LessonFileError: Error, Equatable, CustomStringConvertible {
    case unreadable(reason: String)
    case notAFile(String)
    case tooLarge(bytes: Int)

    package var description: String {
        switch self {
        case .unreadable(let reason):
            "cannot read this file: \(reason)"
        case .notAFile(let kind):
            "this is \(kind), not a lesson file"
        case .tooLarge(let bytes):
            "this file is \(bytes / (1 << 20)) MB; a lesson file may be at most \(LessonFileLoader.maximumBytes / (1 << 20)) MB"
        }
    }
}
