#!/usr/bin/env bash
# tests/fuzz/ci.sh - the fuzzers' CI step (deterministic, about a minute).
#
#   tests/fuzz/ci.sh            build in build-fuzz/ (clang, libFuzzer, ASan+UBSan),
#                               replay every known input through both harnesses,
#                               then a bounded fuzzing run per harness with a fixed seed
#
# Environment: VANBAN_FUZZ_BUILD (build directory, default build-fuzz),
# VANBAN_FUZZ_RUNS_LOAD / VANBAN_FUZZ_RUNS_RENDER (bounded-run lengths),
# CC (default clang). Needs the Debian packages clang and libclang-rt-14-dev
# (clang 14's libFuzzer and sanitizer runtimes) on top of the build deps.
#
# What is replayed: tests/fuzz/corpus/, samples/*.yaml, tests/bad/*.yaml and
# tests/fuzz/regressions/*.yaml (fixed crashers). tests/fuzz/regressions/pending/
# holds crashers not fixed yet and is NOT replayed, so CI stays green; see
# docs/fuzzing.md. Each (harness, input) pair counts as one test, and each
# bounded run as one more; the last line is "N passed, M failed" and the exit
# status is non-zero when anything failed. Logs and crash artifacts go to
# BUILD/fuzz-ci/.
set -uo pipefail
cd "$(dirname "$0")/../.."

BUILD=${VANBAN_FUZZ_BUILD:-build-fuzz}
CC=${CC:-clang}
# Chosen so that each bounded run takes about 10-15 s on a 2-core machine; the
# -max_total_time cap only guards against a much slower CI host (a run that
# hits it is still a pass, but it is reported as non-deterministic).
RUNS_LOAD=${VANBAN_FUZZ_RUNS_LOAD:-40000}
RUNS_RENDER=${VANBAN_FUZZ_RUNS_RENDER:-15000}
HARNESSES=(fuzz_load fuzz_render)

passed=0
failed=0
now_ms() { echo $(($(date +%s%N) / 1000000)); }
secs() { # milliseconds since $1, as seconds with one decimal
    local d=$(($(now_ms) - $1))
    printf '%d.%d' $((d / 1000)) $((d % 1000 / 100))
}
t0=$(now_ms)

echo "fuzz-ci: building in $BUILD with $CC" >&2
# VANBAN_FUZZ_EXTRA_FLAGS is reset: CI never steps over a finding.
if ! cmake -S . -B "$BUILD" -DCMAKE_C_COMPILER="$CC" -DVANBAN_FUZZ=ON -DVANBAN_TESTS=OFF \
        -DVANBAN_FUZZ_EXTRA_FLAGS= >/dev/null ||
    ! cmake --build "$BUILD" -j "$(nproc 2>/dev/null || echo 2)" \
        --target "${HARNESSES[@]}" >"$BUILD/fuzz-build.log" 2>&1; then
    cat "$BUILD/fuzz-build.log" 2>/dev/null >&2
    echo "fuzz-ci: build failed" >&2
    echo "0 passed, 1 failed"
    exit 1
fi

out="$BUILD/fuzz-ci"
rm -rf "$out"
mkdir -p "$out/artifacts" "$out/logs"
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
# Reproducible PDFs do not matter here, but keep the clock out of the run.
export SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-0}

# Every seed file (not recursive: regressions/pending/ is skipped).
inputs=()
for f in tests/fuzz/corpus/* samples/*.yaml tests/bad/*.yaml tests/fuzz/regressions/*.yaml; do
    [ -f "$f" ] && inputs+=("$f")
done

# Common flags: generous per-input timeout (a hang is a failure), crash files
# into the build tree instead of the current directory.
flags=(-timeout=10 -rss_limit_mb=2048 -artifact_prefix="$out/artifacts/")

for h in "${HARNESSES[@]}"; do
    bin="$BUILD/tests/fuzz/$h"
    log="$out/logs/$h-replay.log"
    ts=$(now_ms)
    # Fast path: one process replays every input. Only when it fails is each
    # input replayed alone, to count and show every failing one.
    if "$bin" "${flags[@]}" "${inputs[@]}" >"$log" 2>&1; then
        passed=$((passed + ${#inputs[@]}))
        echo "fuzz-ci: $h replayed ${#inputs[@]} inputs in $(secs "$ts") s: ok" >&2
    else
        echo "fuzz-ci: $h replay failed; replaying each input alone" >&2
        for f in "${inputs[@]}"; do
            one="$out/logs/$h-$(basename "$f").log"
            if "$bin" "${flags[@]}" "$f" >"$one" 2>&1; then
                passed=$((passed + 1))
                rm -f "$one"
            else
                failed=$((failed + 1))
                echo "FAIL: $h $f (log: $one)" >&2
                grep -E 'ERROR:|runtime error|SUMMARY|#[0-9]+ 0x' "$one" | head -25 >&2
            fi
        done
    fi
done

# Coverage of a few code paths depends on addresses (ASLR), which is enough to
# make two runs with the same seed drift apart; without ASLR they are
# identical. setarch is in util-linux; where personality() is refused the
# runs go on with ASLR (and a warning).
norandom=()
if setarch "$(uname -m)" -R true 2>/dev/null; then
    norandom=(setarch "$(uname -m)" -R)
else
    echo "fuzz-ci: warning: cannot disable ASLR; bounded runs may differ slightly" >&2
fi

run_bounded() { # harness runs
    local h=$1 runs=$2
    local bin="$BUILD/tests/fuzz/$h" log="$out/logs/$h-bounded.log"
    local scratch="$out/scratch-$h"
    mkdir -p "$scratch"
    local ts
    ts=$(now_ms)
    # New inputs go to the scratch directory (the first one), never into the
    # checked-in corpus. One process, one seed: the same inputs every time.
    if ${norandom[@]+"${norandom[@]}"} "$bin" "${flags[@]}" -seed=1 -runs="$runs" \
        -max_total_time=25 -max_len=65536 -reload=0 -dict=tests/fuzz/plan.dict \
        -print_final_stats=1 "$scratch" tests/fuzz/corpus >"$log" 2>&1; then
        passed=$((passed + 1))
        local done_line
        done_line=$(grep -E '^Done [0-9]+ runs' "$log" | tail -1)
        echo "fuzz-ci: $h bounded run (-seed=1 -runs=$runs) ok in $(secs "$ts") s:" \
             "$done_line; $(grep -oE 'cov: [0-9]+ ft: [0-9]+' "$log" | tail -1)" >&2
        if ! grep -qE "^Done $((runs)) runs" "$log"; then
            echo "fuzz-ci: warning: $h stopped at -max_total_time before $runs runs" \
                 "(slow host?); the run was not the deterministic one" >&2
        fi
    else
        failed=$((failed + 1))
        echo "FAIL: $h bounded run (log: $log; input saved in $out/artifacts/)" >&2
        grep -E 'ERROR:|runtime error|SUMMARY|#[0-9]+ 0x|Test unit written' "$log" |
            head -40 >&2
    fi
}

run_bounded fuzz_load "$RUNS_LOAD"
run_bounded fuzz_render "$RUNS_RENDER"

echo "fuzz-ci: total $(secs "$t0") s" >&2
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
