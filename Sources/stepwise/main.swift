import StepwiseCommandLine

await StepwiseCommand.main()
