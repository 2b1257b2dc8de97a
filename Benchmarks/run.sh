#!/usr/bin/env bash
# Measures the snippet execution engine against baselines measured in the same run:
#
#   (a) a cached run of the 1-to-5 generator through the tutor vs running the same
#       compiled binary directly                                    target <= 1.5x
#   (b) a first run (fresh cache) vs `swift file.swift` of the same code
#                                                                   target <= 1.0x
#   (c) the median round trip of one next() step                    target <  5 ms
#   (d) making 1 MiB of plain and of hostile output visible (VisibleText) vs decoding it
#       (Tests/StepwiseCoreTests/Text/VisibleTextBenchmarkTests.swift; the filter below
#       matches it too)                                              reported, no target
#   (e) an instrumented run (task timeline) of each built-in snippet the rewrite touches
#       vs its plain run, both from the cache; median of the ratios  target <= 1.2x
#
# (a) and (b) go through `stepwise run LESSON.md` (the build Scripts/stepwise runs) when it has
# that subcommand. The library-level versions of (a) and (b), and (c), come from
# Tests/StepwiseCoreTests/Execution/BenchmarkTests.swift and (e) from
# Tests/StepwiseSyntaxTests/InstrumentBenchmarkTests.swift, which only run with
# STEPWISE_BENCH=1 (debug build, the one `swift test` uses).
#
# Usage: Benchmarks/run.sh            (RUNS=N to change the number of runs; default 20; ONLY_A=1 for (a) alone)
# Uses hyperfine when installed (apt-get install -y hyperfine), else a loop timed with date.
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS="${RUNS:-20}"

# The build Scripts/stepwise makes and learners run (debug: see Scripts/stepwise for why).
# CONFIGURATION=release measures an optimised, statically linked build instead.
CONFIGURATION="${CONFIGURATION:-debug}"
if [[ "$CONFIGURATION" == "release" ]]; then
    swift build -c release --static-swift-stdlib >/dev/null
else
    # The tutor and its sandbox host, as Scripts/stepwise builds them.
    swift build >/dev/null
fi
BIN="$PWD/.build/$CONFIGURATION/stepwise"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

# The lesson's own 1-to-5 generator: the first swift block of lesson 1.
SNIPPET="$(awk '/^```swift/ { inside = 1; next } inside && /^```/ { exit } inside { print }' Lessons/01-generators.md)"
printf '%s\n' "$SNIPPET" >"$WORK/file.swift"
cat >"$WORK/01-bench.md" <<MD
---
id: bench
title: Benchmark
---

## The generator

\`\`\`swift
$SNIPPET
\`\`\`
MD

# median_ms LABEL [--prepare SHELL-COMMAND] COMMAND...: prints the median wall time in milliseconds.
median_ms() {
    local label="$1"
    shift
    local prepare=""
    if [[ "$1" == "--prepare" ]]; then
        prepare="$2"
        shift 2
    fi
    if command -v hyperfine >/dev/null; then
        local json="$WORK/$label.json"
        local options=()
        [[ -n "$prepare" ]] && options=(--prepare "sh -c $(printf '%q' "$prepare")")
        hyperfine -N --warmup 2 --runs "$RUNS" "${options[@]}" --export-json "$json" -- "$(printf '%q ' "$@")" >/dev/null 2>&1
        python3 -c 'import json,sys; print("%.2f" % (json.load(open(sys.argv[1]))["results"][0]["median"] * 1000))' "$json"
    else
        local samples=()
        for _ in $(seq "$RUNS"); do
            [[ -n "$prepare" ]] && sh -c "$prepare"
            local start end
            start=$(date +%s%N)
            "$@" >/dev/null 2>&1 || true
            end=$(date +%s%N)
            samples+=($(((end - start) / 1000)))
        done
        printf '%s\n' "${samples[@]}" | sort -n | python3 -c 'import sys; v=[int(x) for x in sys.stdin]; print("%.2f" % (v[len(v)//2] / 1000))'
    fi
}

ratio() { python3 -c 'import sys; print("%.2fx" % (float(sys.argv[1]) / float(sys.argv[2])))' "$1" "$2"; }

echo "Stepwise execution benchmarks ($(swiftc --version 2>/dev/null | head -1); $(nproc) cores; load $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo '?'))"
echo

# The CLI path needs `stepwise run LESSON.md`; a build without it fails this first run.
export XDG_CACHE_HOME="$WORK/cache-a"
if [[ "$("$BIN" run "$WORK/01-bench.md" 2>/dev/null | tr '\n' ' ')" == "1 2 3 4 5 " ]]; then
    # The first run compiles for the cache in the background; wait for the binary.
    binary=""
    for _ in $(seq 600); do
        binary=$(find "$XDG_CACHE_HOME/stepwise/snippets" -maxdepth 1 -type f ! -name '*.*' 2>/dev/null | head -1)
        [[ -n "$binary" ]] && break
        sleep 0.1
    done
    if [[ -z "$binary" ]]; then
        echo "(a) skipped: the first run did not leave a compiled binary in the cache"
    else
        tutor=$(median_ms a-tutor "$BIN" run "$WORK/01-bench.md")
        direct=$(median_ms a-direct "$binary")
        echo "(a) cached run:  stepwise run ${tutor} ms   vs binary directly ${direct} ms   = $(ratio "$tutor" "$direct")   (one-shot command: includes the tutor's own start-up)"
        # `run` typed at the prompt of a tutor that is already running: the time one more `run`
        # adds to a piped session, (T(1 + N runs) - T(1 run)) / N.
        export XDG_STATE_HOME="$WORK/state"
        extra=20
        one=$(median_ms a-session-1 sh -c "printf 'run\\n' | $(printf '%q' "$BIN") learn bench --lessons $(printf '%q' "$WORK") >/dev/null")
        many=$(median_ms a-session-n sh -c "yes run | head -n $((extra + 1)) | $(printf '%q' "$BIN") learn bench --lessons $(printf '%q' "$WORK") >/dev/null")
        per_run=$(python3 -c 'import sys; print("%.2f" % ((float(sys.argv[2]) - float(sys.argv[1])) / int(sys.argv[3])))' "$one" "$many" "$extra")
        echo "(a) cached run:  \`run\` in the tutor ${per_run} ms   vs binary directly ${direct} ms   = $(ratio "$per_run" "$direct")   (target <= 1.5x; $("$BIN" doctor | head -1))"
        # The same without the sandbox, and the sandbox's own cost: bwrap with the tutor's
        # options around the binary, started from a shell like the tutor's limits wrapper.
        one_off=$(STEPWISE_SANDBOX=off median_ms a-session-1-off sh -c "printf 'run\\n' | $(printf '%q' "$BIN") learn bench --lessons $(printf '%q' "$WORK") >/dev/null")
        many_off=$(STEPWISE_SANDBOX=off median_ms a-session-n-off sh -c "yes run | head -n $((extra + 1)) | $(printf '%q' "$BIN") learn bench --lessons $(printf '%q' "$WORK") >/dev/null")
        per_run_off=$(python3 -c 'import sys; print("%.2f" % ((float(sys.argv[2]) - float(sys.argv[1])) / int(sys.argv[3])))' "$one_off" "$many_off" "$extra")
        echo "(a) cached run:  \`run\` in the tutor, STEPWISE_SANDBOX=off ${per_run_off} ms   vs binary directly ${direct} ms   = $(ratio "$per_run_off" "$direct")"
        if command -v bwrap >/dev/null; then
            bwrapped=$(median_ms a-bwrap sh -c 'ulimit -t 12; ulimit -v 4194304; ulimit -f 524288; exec "$0" "$@"' \
                bwrap --unshare-all --die-with-parent --new-session --cap-drop ALL --ro-bind / / --dev /dev --proc /proc \
                --size 268435456 --tmpfs /tmp --ro-bind "$binary" "$binary" -- "$binary")
            echo "(a) sandbox cost: the binary in bwrap ${bwrapped} ms   vs binary directly ${direct} ms   = $(ratio "$bwrapped" "$direct")   (the floor for a per-run sandbox)"
        fi
        unset XDG_STATE_HOME
    fi

    if [[ -n "${ONLY_A:-}" ]]; then exit 0; fi
    # A fresh snippet cache for every run. What Stepwise learned about the toolchain
    # (its version, the interpreter's command line) stays, as it would after the
    # first use; and the previous run's detached compile must finish first, so it
    # does not compete for the CPU with the run being measured.
    export XDG_CACHE_HOME="$WORK/cache-b"
    "$BIN" run "$WORK/01-bench.md" >/dev/null
    snippets="$XDG_CACHE_HOME/stepwise/snippets"
    # "detache[d]-" matches the compile's folder name but not this command line itself.
    fresh="while pgrep -f $(printf '%q' "$snippets/tmp/detache[d]-") >/dev/null; do sleep 0.05; done; rm -rf $(printf '%q' "$snippets")"
    first=$(median_ms b-tutor --prepare "$fresh" "$BIN" run "$WORK/01-bench.md")
    interpreter=$(median_ms b-swift swift -swift-version 6 "$WORK/file.swift")
    echo "(b) first run:   stepwise run ${first} ms   vs swift file.swift ${interpreter} ms   = $(ratio "$first" "$interpreter")   (target <= 1.0x)"
    unset XDG_CACHE_HOME
else
    unset XDG_CACHE_HOME
    echo "(a), (b) through the CLI: skipped, this build has no working \`stepwise run LESSON.md\`"
fi

echo
echo "Library level (debug build, $RUNS runs):"
STEPWISE_BENCH=1 STEPWISE_BENCH_RUNS="$RUNS" swift test --filter 'StepwiseCoreTests\..*BenchmarkTests' 2>&1 | sed -n 's/^BENCH /  /p' | grep -v '^  binary:'
# Each instrumented snippet sleeps for up to seconds per run: fewer runs (RUNS_E, default 5).
STEPWISE_BENCH=1 STEPWISE_BENCH_RUNS="${RUNS_E:-5}" swift test --filter InstrumentBenchmarkTests 2>&1 | sed -n 's/^BENCH /  /p'

echo
echo "The prompt's live program (debug build):"
STEPWISE_BENCH=1 swift test --filter LiveProgramBenchmarkTests 2>&1 | sed -n 's/^BENCH /  /p'
