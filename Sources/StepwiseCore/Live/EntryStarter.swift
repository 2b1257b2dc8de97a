/// The function that starts a module's code in the live program, defined once in the snippet's
/// module and called by every module's exported entry function (see `EntryRewriter`).
///
/// Each entry used to carry the task and its `catch` clauses itself: type-checking and
/// generating them was a fifth of the frontend's time on a one-line entry (109 ms against 90 ms,
/// medians of 30 interleaved runs here).
package enum EntryStarter {
    package static let name = "__stepwiseStart"

    /// Starts `run` in a main-actor task and tells the host how it ended, on the main actor:
    /// 0 finished, 1 threw (with the error's description), 2 cancelled, 3 returned a result
    /// (a stepping call's report, see ``LiveStepDriver/result``).
    package static let source = """
        func \(name)(
            _ number: Int32, _ report: @convention(c) (Int32, Int32, UnsafePointer<CChar>?) -> Void,
            _ run: @escaping @Sendable @MainActor () async throws -> Void
        ) -> Task<Void, Never> {
            // A C function pointer captures nothing: sharing it with the task is safe.
            nonisolated(unsafe) let done = report
            return Task { @MainActor in
                do {
                    try await run()
                    done(number, 0, nil)
                } catch is CancellationError {
                    done(number, 2, nil)
                } catch let result as __StepwiseReturn {
                    result.text.withCString { done(number, 3, $0) }
                } catch {
                    String(reflecting: error).withCString { done(number, 1, $0) }
                }
            }
        }
        """
}
