/// The version printed by `stepwise --version`.
package enum StepwiseVersion {
    package static let current = "0.1.0"
}
