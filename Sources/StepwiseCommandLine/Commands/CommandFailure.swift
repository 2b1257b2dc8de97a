/// A command that cannot do what it was asked, for a reason found while it runs (no such
/// lesson, no such step): the parser prints `Error: ` and the reason. A `ValidationError`
/// thrown from `run()` would add the usage of `stepwise` itself, which names no subcommand and
/// says nothing about the mistake; `validate()` keeps `ValidationError` for bad options.
struct CommandFailure: Error, CustomStringConvertible {
    var description: String

    init(_ description: String) {
        self.description = description
    }
}
