#!/usr/bin/env bash
# Side-by-side: jtrace-tracedat against libtracecmd/libtraceevent on the same trace.dat files.
#
#   benchmarks/tracedat-side-by-side.sh [--runs N] [--warmups N] FILE.dat...
#   benchmarks/tracedat-side-by-side.sh --make DIR [--events N]     (as root: record a test file)
#
# For each file, three modes, single-threaded, only the iteration timed (see
# src/main/c/tracedat_bench.c and src/main/java/dev/jtrace/tracedat/TraceDatSideBySide.java):
#   iterate  every record in time order over all CPUs and buffers
#   fields   + common_pid and one payload field per record
#   render   + the record as a trace-cmd report line
# and prints events/s of both and the ratio jtrace/C, with jtrace's bytes allocated per event.
#
# --make records N events (default 2,500,000) of syscalls, sched, kmem, irq and timer events in a
# tracefs instance of its own (removed afterwards), writes DIR/bench-v7-zstd.dat with
# `trace-cmd extract` and DIR/bench-v6.dat with `trace-cmd convert --file-version 6 --compression none`.
#
# Needs: gcc, pkg-config, Debian's libtracecmd-dev libtraceevent-dev libtracefs-dev (the C harness
# is built here), a JDK 25 (found as ./mvnw finds it), and trace-cmd for --make.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
OUT=$ROOT/benchmarks/target
RUNS=5
WARMUPS=3
MAKE_DIR=
EVENTS=2500000
FILES=()
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) RUNS=$2; shift 2 ;;
    --warmups) WARMUPS=$2; shift 2 ;;
    --make) MAKE_DIR=$2; shift 2 ;;
    --events) EVENTS=$2; shift 2 ;;
    -h|--help) sed -n '2,22p' "$0"; exit 0 ;;
    *) FILES+=("$1"); shift ;;
  esac
done

make_files() {
  local dir=$1 tracefs inst name total
  command -v trace-cmd >/dev/null || { echo "trace-cmd is missing: apt-get install trace-cmd" >&2; exit 3; }
  tracefs=$(awk '$3 == "tracefs" { print $2; exit }' /proc/mounts)
  [ -n "$tracefs" ] || { echo "tracefs is not mounted" >&2; exit 3; }
  name=jtrace-bench-$$
  inst=$tracefs/instances/$name
  mkdir -p "$dir"
  mkdir "$inst"
  # shellcheck disable=SC2064
  trap "echo 0 > '$inst/tracing_on'; echo 0 > '$inst/events/enable'; rmdir '$inst'" EXIT
  echo 0 > "$inst/tracing_on"
  echo 262144 > "$inst/buffer_size_kb"
  echo 0 > "$inst/options/hash-ptr"
  for e in syscalls sched kmem irq timer; do
    [ -e "$inst/events/$e/enable" ] && echo 1 > "$inst/events/$e/enable"
  done
  echo 1 > "$inst/tracing_on"
  total=0
  while [ "$total" -lt "$EVENTS" ]; do
    find /usr -maxdepth 4 -name '*.h' -newer /etc/hostname -print >/dev/null 2>&1 || true
    cat /etc/os-release /etc/passwd >/dev/null
    sh -c 'for i in 1 2 3 4 5 6 7 8; do ls /usr/bin >/dev/null; done'
    total=$(cat "$inst"/per_cpu/cpu*/stats | awk '/^entries:/ { s += $2 } END { print s + 0 }')
  done
  echo 0 > "$inst/tracing_on"
  if cat "$inst"/per_cpu/cpu*/stats | awk '/^overrun:/ && $2 > 0 { bad = 1 } END { exit !bad }'; then
    echo "warning: the ring buffer overran (some events lost)" >&2
  fi
  trace-cmd extract -k --quiet -B "$name" --compression zstd -o "$dir/bench-v7-zstd.dat"
  trace-cmd convert -i "$dir/bench-v7-zstd.dat" --file-version 6 --compression none -o "$dir/bench-v6.dat"
  echo "recorded $total events: $dir/bench-v7-zstd.dat $dir/bench-v6.dat"
}

if [ -n "$MAKE_DIR" ]; then
  make_files "$MAKE_DIR"
  exit 0
fi
[ ${#FILES[@]} -gt 0 ] || { sed -n '2,22p' "$0"; exit 2; }

mkdir -p "$OUT"
if ! pkg-config --exists libtracecmd libtraceevent; then
  echo "the C harness needs: apt-get install gcc pkg-config libtracecmd-dev libtraceevent-dev libtracefs-dev" >&2
  exit 3
fi
gcc -O2 -Wall -o "$OUT/tracedat-bench-c" benchmarks/src/main/c/tracedat_bench.c \
  $(pkg-config --cflags --libs libtracecmd libtraceevent)
if [ ! -f "$OUT/jtrace-benchmarks.jar" ]; then
  ./mvnw -q -B -DskipTests package -pl benchmarks -am
fi
# The JDK ./mvnw would use (JAVA_HOME if 25+, else the lowest installed 25+).
# shellcheck source=../.mvn/select-jdk.sh
. .mvn/select-jdk.sh
JAVA=$JAVA_HOME/bin/java

for f in "${FILES[@]}"; do
  c=$("$OUT/tracedat-bench-c" "$f" "$RUNS" 1 2>/dev/null)
  j=$("$JAVA" --sun-misc-unsafe-memory-access=allow -XX:+UseParallelGC -Xmx2g \
       -cp "$OUT/jtrace-benchmarks.jar" dev.jtrace.tracedat.TraceDatSideBySide "$f" "$RUNS" "$WARMUPS")
  echo "== $f"
  echo "$j" | head -1
  printf '%-8s %12s %14s %14s %8s %12s\n' mode events "C ev/s" "jtrace ev/s" ratio "jtrace B/ev"
  for mode in iterate fields render; do
    cl=$(echo "$c" | awk -v m=$mode '$2 == m')
    jl=$(echo "$j" | awk -v m=$mode '$1 == "jtrace" && $2 == m')
    ce=$(echo "$cl" | awk '{ print $6 }')
    je=$(echo "$jl" | awk '{ print $6 }')
    n=$(echo "$jl" | awk '{ print $3 }')
    b=$(echo "$jl" | awk '{ print $11 }')
    printf '%-8s %12s %14s %14s %8s %12s\n' "$mode" "$n" "$ce" "$je" \
      "$(awk -v a="$je" -v b="$ce" 'BEGIN { printf "%.2fx", a / b }')" "$b"
  done
done
