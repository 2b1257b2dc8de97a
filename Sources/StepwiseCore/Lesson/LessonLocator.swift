import Foundation

/// Finds the built-in lessons from any working directory.
///
/// Order: `STEPWISE_LESSONS`, then `share/stepwise/Lessons` beside an installed binary, then the
/// `Lessons/` folder of the source checkout the binary was built from (recorded at compile time
/// through `#filePath`), so `swift run` and `.build/*/stepwise` work from anywhere.
package enum LessonLocator {
    package static func builtInFolder(environment: [String: String] = ProcessInfo.processInfo.environment) -> String? {
        var candidates: [String] = []
        if let override = environment["STEPWISE_LESSONS"], !override.isEmpty { candidates.append(override) }
        let executable = URL(fileURLWithPath: CommandLine.arguments.first ?? "").resolvingSymlinksInPath()
        let prefix = executable.deletingLastPathComponent().deletingLastPathComponent()
        candidates.append(prefix.appendingPathComponent("share/stepwise/Lessons").path)
        candidates.append(sourceCheckoutLessons)
        return candidates.first { isDirectory($0) }
    }

    /// `<checkout>/Lessons`, derived from this file's path at build time.
    static var sourceCheckoutLessons: String {
        var url = URL(fileURLWithPath: #filePath)
        // Sources/StepwiseCore/Lesson/LessonLocator.swift -> checkout root
        for _ in 0..<4 { url.deleteLastPathComponent() }
        return url.appendingPathComponent("Lessons").path
    }

    static func isDirectory(_ path: String) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory.boolValue
    }
}
