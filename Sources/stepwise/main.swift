import StepwiseCommandLine

await StepwiseCommand.launch()
