/// The version printed by `stepwise --version`.
public enum StepwiseVersion {
    public static let current = "0.1.0"
}
