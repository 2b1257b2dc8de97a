import Foundation
import StepwiseCore
import Testing

@testable import StepwiseSyntax

/// `Benchmarks/run.sh` (e): each built-in snippet the rewrite instruments, run from the cache
/// instrumented and plain, alternately; prints the median ratio. Runs only with
/// `STEPWISE_BENCH=1`, and asserts nothing, because timings depend on the machine.
@Suite(.tags(.compiler), .serialized, .enabled(if: ProcessInfo.processInfo.environment["STEPWISE_BENCH"] == "1"))
struct InstrumentBenchmarkTests {
    @Test func instrumentedRunsAgainstPlainRuns() async throws {
        let runs = Int(ProcessInfo.processInfo.environment["STEPWISE_BENCH_RUNS"] ?? "") ?? 5
        let folder = try #require(LessonLocator.builtInFolder(environment: [:]))
        let runner = try await InstrumentedRunTests.runner(.compile)
        let clock = ContinuousClock()
        var ratios: [Double] = []
        for lesson in LessonCatalog.load(folder: folder).lessons {
            for step in lesson.steps {
                for snippet in step.snippets {
                    let source = SnippetSource(snippet.block.code)
                    guard let rewrite = Instrumenter().instrumentTasks(source) else { continue }
                    let limits = SnippetPlan(snippet.options, base: RunLimits()).limits
                    // Compiles both into the cache first: the ratio is about running, not compiling.
                    guard case .ran = try await runner.run(source, limits: limits),
                        case .ran(let warm, _) = try await runner.run(source, limits: limits, rewrite: rewrite),
                        warm.instrumentationNote == nil
                    else { continue }
                    var plain: [Duration] = []
                    var instrumented: [Duration] = []
                    for _ in 0..<runs {
                        let began = clock.now
                        _ = try await runner.run(source, limits: limits)
                        plain.append(clock.now - began)
                        let again = clock.now
                        _ = try await runner.run(source, limits: limits, rewrite: rewrite)
                        instrumented.append(clock.now - again)
                    }
                    let ratio = DurationText.value(Self.median(instrumented)) / DurationText.value(Self.median(plain))
                    ratios.append(ratio)
                    print(String(format: "BENCH   %@ %@: %.2fx", lesson.id, step.title ?? "", ratio))
                }
            }
        }
        let median = ratios.sorted()[ratios.count / 2]
        print(
            String(
                format: "BENCH (e) instrumented / plain run, median over %d instrumented snippets: %.2fx (target <= 1.2x)", ratios.count,
                median))
    }

    static func median(_ samples: [Duration]) -> Duration {
        samples.sorted()[samples.count / 2]
    }
}
