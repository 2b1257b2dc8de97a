/// A Python traceback names the temporary file the block ran from
/// (`File "/tmp/stepwise-python-…/snippet.py", line 14`); an author needs the lesson's line.
enum PythonTraceback {
    /// The file name ``PythonRunner`` gives the block.
    static let fileName = "snippet.py"

    /// `output` with each frame in the block renamed to the lesson file and its line, and the
    /// lesson line of the innermost such frame (where the error was raised), if any.
    /// - Parameters:
    ///   - firstLine: The lesson line of the block's first line of code.
    static func relocate(_ output: [String], file: String, firstLine: Int) -> (lines: [String], errorLine: Int?) {
        var errorLine: Int?
        let lines = output.map { line -> String in
            guard let match = line.firstMatch(of: #/File "([^"]*)", line (\d+)/#),
                match.output.1 == fileName || match.output.1.hasSuffix("/" + fileName),
                let number = Int(match.output.2)
            else { return line }
            let lessonLine = firstLine + number - 1
            errorLine = lessonLine
            return line.replacingCharacters(in: match.range, with: "File \"\(file)\", line \(lessonLine)")
        }
        return (lines, errorLine)
    }
}
