#!/usr/bin/env bash
# Whole-process time of `./jtrace report FILE >/dev/null` against `trace-cmd report FILE >/dev/null`.
#
#   benchmarks/report-vs-trace-cmd.sh [--runs N] [--warmups N] [--no-hyperfine] FILE.dat...
#
# For each file, prints the median wall-clock seconds of each command and the ratio trace-cmd/jtrace
# (above 1: jtrace is faster), and with hyperfine the mean user+system CPU seconds of each (the JVM
# compiles and collects on other threads: on a busy machine that shows in the wall-clock time). JVM start-up, file opening, decompression, rendering and writing are
# all in the time, as a user sees them. The two outputs differ (jtrace prints the kernel's trace
# format, trace-cmd its own layout); only the time is compared, and both must exit with status 0.
#
# Uses hyperfine (apt-get install hyperfine) with --warmups untimed runs and --runs timed ones
# (defaults 2 and 10), output to /dev/null; without it (or with --no-hyperfine), a loop of the same
# runs timed with date, taking the median. Before timing, `./jtrace report` runs once on the first
# file: it builds the tool when the jar is missing or older than the sources, and the JVM writes the
# class-data-sharing archive next to the jar when there is none valid (see ./jtrace). Load averages
# are printed before and after: other work on the machine shows in these figures.
#
# Needs: trace-cmd (apt-get install trace-cmd), a JDK 25 (found as ./mvnw finds it).
# benchmarks/tracedat-side-by-side.sh --make DIR records test files.
set -euo pipefail
usage() { awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"; }
absolute() { case "$1" in /*) printf '%s\n' "$1" ;; *) printf '%s/%s\n' "$PWD" "$1" ;; esac; }
RUNS=10
WARMUPS=2
HYPERFINE=1
FILES=()
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) RUNS=$2; shift 2 ;;
    --warmups) WARMUPS=$2; shift 2 ;;
    --no-hyperfine) HYPERFINE=; shift ;;
    -h|--help) usage; exit 0 ;;
    -*) echo "unknown option: $1" >&2; usage >&2; exit 2 ;;
    *) FILES+=("$(absolute "$1")"); shift ;;
  esac
done
[ ${#FILES[@]} -gt 0 ] || { usage >&2; exit 2; }
[ "$RUNS" -ge 1 ] && [ "$WARMUPS" -ge 0 ] || { echo "--runs must be at least 1, --warmups at least 0" >&2; exit 2; }
for f in "${FILES[@]}"; do
  [ -r "$f" ] || { echo "cannot read $f" >&2; exit 2; }
done
command -v trace-cmd >/dev/null || { echo "trace-cmd is missing: apt-get install trace-cmd" >&2; exit 3; }
if [ -n "$HYPERFINE" ] && ! command -v hyperfine >/dev/null; then
  echo "(hyperfine is not installed: timing a plain loop; apt-get install hyperfine for more)" >&2
  HYPERFINE=
fi
cd "$(dirname "$0")/.."
JTRACE=$PWD/jtrace

# Build the tool (and its CDS archive) now, not inside the first timed run; fail if report fails.
if ! "$JTRACE" report "${FILES[0]}" >/dev/null; then
  echo "error: ./jtrace report ${FILES[0]} failed" >&2
  exit 1
fi

# median_seconds CMD...: runs CMD WARMUPS times untimed, then RUNS times, prints the median seconds.
median_seconds() {
  local i t0 t1 times=()
  for ((i = 0; i < WARMUPS; i++)); do
    "$@" >/dev/null || { echo "error: $* failed" >&2; return 1; }
  done
  for ((i = 0; i < RUNS; i++)); do
    t0=$(date +%s%N)
    "$@" >/dev/null || { echo "error: $* failed" >&2; return 1; }
    t1=$(date +%s%N)
    times+=("$((t1 - t0))")
  done
  printf '%s\n' "${times[@]}" | sort -n | awk '{ t[NR] = $1 } END {
    m = NR % 2 ? t[(NR + 1) / 2] : (t[NR / 2] + t[NR / 2 + 1]) / 2; printf "%.3f\n", m / 1e9 }'
}

echo "load average: $(cut -d' ' -f1-3 /proc/loadavg) ($(nproc) CPUs); median of $RUNS runs after $WARMUPS" \
  "warm-ups, $([ -n "$HYPERFINE" ] && echo "hyperfine (min-max in brackets)" || echo "plain loop")"
printf '%-20s %22s %22s %7s %14s\n' file "jtrace s" "trace-cmd s" ratio "CPU s j / t-c"
csv=$(mktemp)
trap 'rm -f "$csv"' EXIT
for f in "${FILES[@]}"; do
  if [ -n "$HYPERFINE" ]; then
    printf -v jcmd '%q report %q' "$JTRACE" "$f"
    printf -v tcmd 'trace-cmd report %q' "$f"
    hyperfine -N --style none --output null --warmup "$WARMUPS" --runs "$RUNS" --export-csv "$csv" \
      -n jtrace "$jcmd" -n trace-cmd "$tcmd" >&2
    # command,mean,stddev,median,user,system,min,max
    j=$(awk -F, '$1 == "jtrace" { printf "%.3f", $4 }' "$csv")
    t=$(awk -F, '$1 == "trace-cmd" { printf "%.3f", $4 }' "$csv")
    jr=$(awk -F, '$1 == "jtrace" { printf "[%.2f-%.2f]", $7, $8 }' "$csv")
    tr=$(awk -F, '$1 == "trace-cmd" { printf "[%.2f-%.2f]", $7, $8 }' "$csv")
    cpu=$(awk -F, '$1 == "jtrace" { j = $5 + $6 } $1 == "trace-cmd" { t = $5 + $6 } END { printf "%.2f / %.2f", j, t }' "$csv")
  else
    j=$(median_seconds "$JTRACE" report "$f")
    t=$(median_seconds trace-cmd report "$f")
    jr= tr= cpu=-
  fi
  printf '%-20s %22s %22s %7s %14s\n' "$(basename "$f")" "$j $jr" "$t $tr" \
    "$(awk -v j="$j" -v t="$t" 'BEGIN { printf "%.2fx", t / j }')" "$cpu"
done
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
