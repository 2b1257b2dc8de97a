import Foundation

/// Writing a generated program's files.
enum ProgramFiles {
    /// A new private folder under `<directory>/tmp`.
    static func makeTemporaryFolder(in directory: String, prefix: String) throws -> String {
        let temporary = (directory as NSString).appendingPathComponent("tmp")
        do {
            try FileManager.default.createDirectory(atPath: temporary, withIntermediateDirectories: true)
        } catch {
            throw ExecutionError.cacheUnavailable(path: temporary, reason: "\(error.localizedDescription)")
        }
        var template = Array((temporary as NSString).appendingPathComponent("\(prefix)-XXXXXX").utf8CString)
        let created = template.withUnsafeMutableBufferPointer { buffer -> Bool in
            guard let base = buffer.baseAddress else { return false }
            return mkdtemp(base) != nil
        }
        guard created else {
            throw ExecutionError.cacheUnavailable(path: temporary, reason: SystemErrors.describe(errno))
        }
        return String(decoding: template.dropLast().map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    static func write(_ program: GeneratedProgram, to folder: String) throws {
        for (name, text) in [(GeneratedProgram.mainFileName, program.main), (GeneratedProgram.supportFileName, program.support)] {
            let path = (folder as NSString).appendingPathComponent(name)
            guard FileManager.default.createFile(atPath: path, contents: Data(text.utf8)) else {
                throw ExecutionError.cacheUnavailable(path: path, reason: "could not write the file")
            }
        }
    }
}
