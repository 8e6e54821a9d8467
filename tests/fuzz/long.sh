#!/usr/bin/env bash
# tests/fuzz/long.sh - long fuzzing, outside CI.
#
#   tests/fuzz/long.sh [SECONDS] [HARNESS...]
#
# Runs each harness (default: fuzz_load and fuzz_render, at the same time)
# for SECONDS (default 1800 = 30 minutes) with the plan dictionary, inputs
# of at most 64 KiB and leak detection on. VANBAN_FUZZ_JOBS (default 1)
# processes per harness share one corpus, so the default uses one core per
# harness; on a bigger machine use e.g. VANBAN_FUZZ_JOBS=4. VANBAN_FUZZ_FLAGS
# adds libFuzzer flags, e.g. "-len_control=0" to try inputs up to 64 KiB from
# the start (by default libFuzzer grows the length limit slowly, and 30
# minutes end near the largest seed, ~14 KiB).
#
# A finding stops a libFuzzer process; the run is then restarted on the same
# corpus for the time that is left (at most 50 times per job), so one
# finding does not end a 30-minute run. Nothing under tests/ is written. Per
# harness, in VANBAN_FUZZ_OUT (default build-fuzz/long/):
#   HARNESS/corpus/    new interesting inputs, and copies of
#                      tests/fuzz/regressions/*.yaml (the other seeds are read
#                      in place: tests/fuzz/corpus, samples/, tests/bad/;
#                      regressions/pending/ is left out)
#   HARNESS/findings/  crash-*, leak-*, timeout-*, oom-* inputs, and
#                      slow-unit-* (one input took more than 1 s: report it)
#   HARNESS/job-N.log  libFuzzer's output, one section per (re)start
# and a summary at the end (executions, coverage, findings). Triage:
# docs/fuzzing.md. Build first (tests/fuzz/ci.sh does), or point
# VANBAN_FUZZ_BUILD at a build directory.
set -uo pipefail
cd "$(dirname "$0")/../.."

SECONDS_PER=${1:-1800}
[ $# -gt 0 ] && shift
HARNESSES=("$@")
[ ${#HARNESSES[@]} -gt 0 ] || HARNESSES=(fuzz_load fuzz_render)
BUILD=$(realpath -m "${VANBAN_FUZZ_BUILD:-build-fuzz}")
OUT=$(realpath -m "${VANBAN_FUZZ_OUT:-$BUILD/long}")
JOBS=${VANBAN_FUZZ_JOBS:-1}
read -r -a EXTRA <<<"${VANBAN_FUZZ_FLAGS:-}"
ROOT=$(pwd)

export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}

for h in "${HARNESSES[@]}"; do
    if [ ! -x "$BUILD/tests/fuzz/$h" ]; then
        echo "long.sh: $BUILD/tests/fuzz/$h is missing; run tests/fuzz/ci.sh first" >&2
        exit 2
    fi
done

# Seed directories are read recursively by libFuzzer, so the regressions
# (whose pending/ subdirectory holds known, unfixed crashers and hangs that
# would only be found again) are copied into the run's corpus instead.
seeds=("$ROOT/tests/fuzz/corpus")
for d in samples tests/bad; do
    [ -d "$d" ] && seeds+=("$ROOT/$d")
done

# job HARNESS N: fuzz until the deadline, restarting after each finding.
job() {
    local h=$1 n=$2 dir="$OUT/$1"
    local log="$dir/job-$n.log" deadline=$(($(date +%s) + SECONDS_PER)) starts=0
    while :; do
        local left=$((deadline - $(date +%s)))
        [ "$left" -ge 5 ] && [ "$starts" -lt 50 ] || break
        starts=$((starts + 1))
        echo "=== long.sh: start $starts, $left s left" >>"$log"
        "$BUILD/tests/fuzz/$h" -max_total_time="$left" -max_len=65536 \
            -dict="$ROOT/tests/fuzz/plan.dict" -timeout=10 -report_slow_units=1 \
            -rss_limit_mb=2048 -print_final_stats=1 -artifact_prefix="$dir/findings/" \
            ${EXTRA[@]+"${EXTRA[@]}"} "$dir/corpus" "${seeds[@]}" >>"$log" 2>&1 && break
        echo "=== long.sh: exit status $?" >>"$log"
    done
}

pids=()
for h in "${HARNESSES[@]}"; do
    mkdir -p "$OUT/$h/corpus" "$OUT/$h/findings"
    for f in tests/fuzz/regressions/*.yaml; do
        [ -f "$f" ] && cp "$f" "$OUT/$h/corpus/regression-$(basename "$f")"
    done
    for ((n = 1; n <= JOBS; n++)); do
        job "$h" "$n" &
        pids+=($!)
        echo "long.sh: $h job $n: $SECONDS_PER s, log $OUT/$h/job-$n.log" >&2
    done
done

# Ctrl-C or a kill stops the jobs and their fuzzers (each job is a subshell
# whose fuzzer is its child).
stop() {
    for p in "${pids[@]}"; do
        pkill -P "$p" 2>/dev/null
        kill "$p" 2>/dev/null
    done
    wait
    exit 130
}
trap stop INT TERM
wait

status=0
for h in "${HARNESSES[@]}"; do
    dir="$OUT/$h"
    execs=$(grep -h '^stat::number_of_executed_units' "$dir"/job-*.log |
        awk '{s += $2} END {print s + 0}')
    cov=$(grep -hoE 'cov: [0-9]+ ft: [0-9]+' "$dir"/job-*.log | tail -1)
    starts=$(grep -hc '^=== long.sh: start' "$dir"/job-*.log | awk '{s += $1} END {print s}')
    nfind=$(find "$dir/findings" -type f | wc -l)
    echo "== $h: ${SECONDS_PER} s x $JOBS job(s), $execs executions, $cov," \
         "corpus $(find "$dir/corpus" -type f | wc -l) new inputs, $starts start(s)," \
         "$nfind finding(s)"
    find "$dir/findings" -type f -printf '   %p\n'
    [ "$nfind" -eq 0 ] || status=1
done
exit $status
