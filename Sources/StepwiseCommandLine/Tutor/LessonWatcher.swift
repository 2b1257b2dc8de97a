import Foundation

/// `learn --watch`: looks at the lesson files' modification times every 300 ms and posts the
/// new text of one that changed, so an author sees an edit at once.
enum LessonWatcher {
    static func start(files: [String], post: AsyncStream<TutorEvent>.Continuation) -> Task<Void, Never> {
        Task.detached {
            var seen = Dictionary(uniqueKeysWithValues: Set(files).map { ($0, modificationDate(of: $0)) })
            while !Task.isCancelled {
                try? await Task.sleep(for: .milliseconds(300))
                for (file, last) in seen {
                    let current = modificationDate(of: file)
                    guard current != last else { continue }
                    seen[file] = current
                    post.yield(.lessonFileChanged(file: file, text: try? String(contentsOfFile: file, encoding: .utf8)))
                }
            }
        }
    }

    private static func modificationDate(of file: String) -> Date? {
        (try? FileManager.default.attributesOfItem(atPath: file))?[.modificationDate] as? Date
    }
}
