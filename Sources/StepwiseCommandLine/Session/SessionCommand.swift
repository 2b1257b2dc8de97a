import Foundation
import StepwiseCore

/// A line typed at the prompt, parsed once.
enum SessionCommand: Equatable {
    case proceed
    case back
    case again
    case lessons
    case goto(lesson: String, step: Int?)
    case hint
    case help
    case quit
    case run(index: Int?)
    case step
    case next
    case edit
    case reset
    case compare
    case check
    case solution
    case predict
    /// Ends the step's live program: its variables and tasks are gone.
    case restart
    /// A word that looks like a mistyped command.
    case unknown(word: String, suggestion: String?)
    /// Anything else is Swift for the prompt evaluator.
    case swift(String)

    /// Every command with its one-line help, in the order `help` lists them.
    static let catalog: [(name: String, usage: String, summary: String)] = [
        ("continue", "Enter / continue", "go on to the next step (or the next next() call while stepping)"),
        ("back", "back", "go back one step"),
        ("again", "again", "show this step again from the top"),
        ("lessons", "lessons", "list the lessons with your progress"),
        ("goto", "goto LESSON [STEP]", "open a lesson by number or id, optionally at a step"),
        ("run", "run [N]", "compile and run this step's Swift snippet (the Nth one) in a program of its own"),
        ("step", "step", "start stepping this step's iterator, one next() per Enter"),
        ("next", "next", "call next() once more while stepping"),
        ("predict", "predict", "answer this step's predict-the-output question"),
        ("edit", "edit", "open this step's snippet (or exercise) in your editor; then run it"),
        ("reset", "reset", "throw away your edits and restore the lesson's snippet"),
        ("restart", "restart", "end the live program your Swift entries run in (its variables and tasks)"),
        ("compare", "compare", "run the Python original and the Swift side by side"),
        ("check", "check", "run the exercise's checks against your code"),
        ("hint", "hint", "show the next hint for this step"),
        ("solution", "solution", "show the exercise's solution (after three tries)"),
        ("help", "help", "list these commands"),
        ("quit", "quit", "save your place and leave (Ctrl-D works too)"),
    ]

    static var names: [String] { catalog.map(\.name) + ["exit"] }

    static func parse(_ input: String) -> SessionCommand {
        let trimmed = input.trimmingCharacters(in: .whitespaces)
        if trimmed.isEmpty { return .proceed }
        let words = trimmed.split(separator: " ").map(String.init)
        let head = words[0].lowercased()
        let rest = Array(words.dropFirst())
        switch (head, rest.count) {
        case ("continue", 0), ("c", 0): return .proceed
        case ("back", 0), ("b", 0): return .back
        case ("again", 0): return .again
        case ("lessons", 0), ("list", 0), ("ls", 0): return .lessons
        case ("goto", 1): return .goto(lesson: rest[0], step: nil)
        case ("goto", 2): return .goto(lesson: rest[0], step: Int(rest[1]))
        case ("hint", 0), ("h", 0): return .hint
        case ("help", 0), ("?", 0): return .help
        case ("quit", 0), ("exit", 0), ("q", 0): return .quit
        case ("run", 0), ("r", 0): return .run(index: nil)
        case ("run", 1) where Int(rest[0]) != nil: return .run(index: Int(rest[0]))
        case ("step", 0), ("s", 0): return .step
        case ("next", 0), ("n", 0): return .next
        case ("edit", 0), ("e", 0): return .edit
        case ("reset", 0): return .reset
        case ("compare", 0): return .compare
        case ("check", 0): return .check
        case ("solution", 0): return .solution
        case ("predict", 0): return .predict
        case ("restart", 0): return .restart
        default: break
        }
        // One plain word close to a command is a typo, not Swift (`hlep`, `contnue`).
        if words.count <= 2, head.allSatisfy(\.isLetter), let suggestion = NearMiss.bestMatch(for: head, in: names),
            suggestion != head
        {
            return .unknown(word: trimmed, suggestion: suggestion)
        }
        if words.count == 1, names.contains(head) {
            return .unknown(word: trimmed, suggestion: nil)
        }
        if words.count == 2, ["goto", "run"].contains(head) {
            return .unknown(word: trimmed, suggestion: head)
        }
        return .swift(input)
    }
}
