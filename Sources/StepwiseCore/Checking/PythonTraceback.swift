/// A Python traceback names the temporary file the block ran from
/// (`File "/tmp/stepwise-python-…/snippet.py", line 14`); an author needs the lesson's line.
package enum PythonTraceback {
    /// The file name ``PythonRunner`` gives the block.
    static let fileName = "snippet.py"

    /// ``relocate(_:file:firstLine:)`` for a lesson's block, whose code starts on the line after
    /// its opening fence.
    package static func relocate(_ output: [String], in block: CodeBlock) -> (lines: [String], errorLine: Int?) {
        relocate(output, file: block.location.file, firstLine: block.location.line + 1)
    }

    /// A run of `block` (as the tutor and the presenter show it) with its traceback's frames
    /// at the lesson's lines; each line keeps its stream and time.
    package static func relocate(_ result: RunResult, in block: CodeBlock) -> RunResult {
        var relocated = result
        let texts = relocate(result.lines.map(\.text), in: block).lines
        for index in relocated.lines.indices { relocated.lines[index].text = texts[index] }
        return relocated
    }

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
