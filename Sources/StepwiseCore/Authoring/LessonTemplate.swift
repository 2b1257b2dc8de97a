/// The text `stepwise new` writes: a working lesson that uses every code-block role once,
/// so an author learns the format by editing it. It must pass `stepwise check` as written
/// (a test makes sure), or the first thing a new author sees would be errors they did not make.
package enum LessonTemplate {
    package static func text(id: String, title: String) -> String {
        """
        ---
        id: \(id)
        title: \(title)
        summary: One sentence that `stepwise list` shows next to the title.
        ---

        # \(title)

        This text before the first `##` heading is the lesson's opening step. Every `##`
        heading starts a new step; the learner sees one step at a time. Replace the steps
        below with your own, and run `stepwise check` on this file as you go.

        A line `<!-- tutor -->` marks the paragraph right after it as an instruction for the
        interactive tutor ("Type `run`."): `stepwise present` and handouts leave it out.

        ## Run a snippet

        A plain `swift` block is a runnable snippet: `run` compiles and runs it. A line that
        starts with `# ` is compiled but hidden from the learner. The `output` block below it
        states what it prints, and `stepwise check` makes sure that is true.

        ```swift
        # let name = "Stepwise"
        print("Hello from \\(name)!")
        ```

        ```output
        Hello from Stepwise!
        ```

        <!-- tutor -->
        Type `run`.

        ## Step through an iterator

        `step=NAME` makes a snippet steppable: each `step` calls `next()` on the top-level
        variable `NAME` and shows what it returned. The `steps` block lists those values.

        ```swift step=countdown
        struct Countdown: IteratorProtocol {
            var remaining: Int

            mutating func next() -> Int? {
                guard remaining > 0 else { return nil }
                defer { remaining -= 1 }
                return remaining
            }
        }

        var countdown = Countdown(remaining: 3)
        ```

        ```steps
        Optional(3)
        Optional(2)
        Optional(1)
        nil
        ```

        <!-- tutor -->
        Type `run`, then `step` four times.

        ## Compare with Python

        A `python compare` block is the original that the step's first runnable snippet
        translates. The `differences` block lists the spellings that may differ: here Python
        quotes strings with `'` where Swift uses `"`.

        ```python compare
        words = ["one", "two", "three"]
        print(words)
        print(len(words))
        ```

        ```swift
        let words = ["one", "two", "three"]
        print(words)
        print(words.count)
        ```

        ```output
        ["one", "two", "three"]
        3
        ```

        ```differences
        ' => "  Python's repr quotes strings with single quotes; Swift prints double quotes.
        ```

        <!-- tutor -->
        Type `run`, then `compare`.

        ## Predict

        A `predict` snippet asks the learner for its output before running it. Keep the
        answer out of sight on GitHub by wrapping its `output` block in `<details>`.

        What does this print?

        ```swift predict
        var letters = ["a", "b", "c"].makeIterator()
        _ = letters.next()
        print(letters.next() as Any)
        ```

        <details><summary>Answer</summary>

        ```output
        Optional("b")
        ```

        </details>

        <!-- tutor -->
        Type your answer.

        ## Your turn: even numbers

        Write an iterator that returns 2, 4, 6, ... up to and including `limit`, then `nil`.

        ```swift exercise
        struct EvenNumbers: IteratorProtocol {
            var limit: Int
            var current = 0

            mutating func next() -> Int? {
                fatalError("TODO: return the next even number, or nil after limit")
            }
        }
        ```

        ```swift checks
        var evens = EvenNumbers(limit: 6)
        check("starts at 2", evens.next(), equals: 2)
        check("goes up by two", [evens.next(), evens.next()], equals: [4, 6])
        check("stops after the limit", evens.next(), equals: nil)
        ```

        ```swift solution
        struct EvenNumbers: IteratorProtocol {
            var limit: Int
            var current = 0

            mutating func next() -> Int? {
                guard current + 2 <= limit else { return nil }
                current += 2
                return current
            }
        }
        ```

        ```hint
        `current` remembers the last number returned; add 2 to it on each call.
        ```

        ```hint
        Return `nil` once `current + 2` would be greater than `limit`.
        ```

        <!-- tutor -->
        Type `edit`, fill in `next()`, then type `check`.

        """
    }
}
