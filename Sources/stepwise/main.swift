import StepwiseCommandLine

// Called from a function, not from top-level code: top-level code picks the synchronous
// `ParsableCommand.main()`, which refuses to run an async command.
func start() async {
    await StepwiseCommand.main()
}

await start()
