/// Splits a command line printed by a compiler driver back into arguments.
///
/// The Swift driver prints each job with POSIX shell quoting (single quotes,
/// double quotes, backslashes); this undoes exactly that, and nothing else
/// (no variable expansion, no globbing).
enum ShellWords {
    static func split(_ line: Substring) -> [String] {
        var words: [String] = []
        var current = ""
        var inWord = false
        var index = line.startIndex
        while index < line.endIndex {
            let character = line[index]
            switch character {
            case " ", "\t":
                if inWord {
                    words.append(current)
                    current = ""
                    inWord = false
                }
            case "'":
                inWord = true
                index = line.index(after: index)
                while index < line.endIndex && line[index] != "'" {
                    current.append(line[index])
                    index = line.index(after: index)
                }
            case "\"":
                inWord = true
                index = line.index(after: index)
                while index < line.endIndex && line[index] != "\"" {
                    if line[index] == "\\", line.index(after: index) < line.endIndex {
                        index = line.index(after: index)
                    }
                    current.append(line[index])
                    index = line.index(after: index)
                }
            case "\\":
                inWord = true
                let next = line.index(after: index)
                if next < line.endIndex {
                    current.append(line[next])
                    index = next
                }
            default:
                inWord = true
                current.append(character)
            }
            if index < line.endIndex { index = line.index(after: index) }
        }
        if inWord { words.append(current) }
        return words
    }
}
