#!/usr/bin/env bash
# Side-by-side: jtrace-tracedat against libtracecmd/libtraceevent on the same trace.dat files.
#
#   benchmarks/tracedat-side-by-side.sh [--install] [--runs N] [--warmups N] FILE.dat...
#   benchmarks/tracedat-side-by-side.sh [--install] --make DIR [--events N]   (as root: record test files)
#
# For each file, three modes, single-threaded, only the iteration timed (see
# src/main/c/tracedat_bench.c and src/main/java/dev/jtrace/tracedat/TraceDatSideBySide.java):
#   iterate  every record in time order over all CPUs and buffers
#   fields   + common_pid and one payload field per record
#   render   + the record as a trace-cmd report line
# and prints events/s of both (best of --runs timed passes, after --warmups untimed ones for the JVM
# and one for C), the ratio jtrace/C, and jtrace's bytes allocated per event (last timed pass, cursor
# included). It fails (exit 1) when C and jtrace do not count the same events in a mode, or read
# different values in `fields` (a checksum of common_pid and the payload fields).
#
# --make records N events (default 2,500,000) of syscalls, sched, kmem, irq and timer events in a
# tracefs instance of its own (removed afterwards), writes DIR/bench-v7-zstd.dat with
# `trace-cmd extract` and DIR/bench-v6.dat with `trace-cmd convert --file-version 6 --compression none`.
# --install apt-installs what is needed first (as root): gcc pkg-config libtracecmd-dev
# libtraceevent-dev libtracefs-dev trace-cmd.
#
# Needs: gcc, pkg-config, Debian's libtracecmd-dev libtraceevent-dev libtracefs-dev (the C harness
# is built here), a JDK 25 (found as ./mvnw finds it), and trace-cmd for --make. The benchmark jar
# is (re)built when it is missing or older than the sources it is made of.
set -euo pipefail
usage() { awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"; }
# Paths given relative to the caller's directory, before moving to the repository root.
absolute() { case "$1" in /*) printf '%s\n' "$1" ;; *) printf '%s/%s\n' "$PWD" "$1" ;; esac; }
RUNS=5
WARMUPS=3
MAKE_DIR=
INSTALL=
EVENTS=2500000
FILES=()
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) RUNS=$2; shift 2 ;;
    --warmups) WARMUPS=$2; shift 2 ;;
    --make) MAKE_DIR=$(absolute "$2"); shift 2 ;;
    --events) EVENTS=$2; shift 2 ;;
    --install) INSTALL=1; shift ;;
    -h|--help) usage; exit 0 ;;
    -*) echo "unknown option: $1" >&2; usage >&2; exit 2 ;;
    *) FILES+=("$(absolute "$1")"); shift ;;
  esac
done
cd "$(dirname "$0")/.."
ROOT=$PWD
OUT=$ROOT/benchmarks/target
JAR=$OUT/jtrace-benchmarks.jar
PACKAGES=(gcc pkg-config libtracecmd-dev libtraceevent-dev libtracefs-dev trace-cmd)

if [ -n "$INSTALL" ]; then
  [ "$(id -u)" -eq 0 ] || { echo "--install needs root (apt-get install ${PACKAGES[*]})" >&2; exit 3; }
  apt-get update -q
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${PACKAGES[@]}"
fi

make_files() {
  local dir=$1 tracefs inst name total
  command -v trace-cmd >/dev/null || { echo "trace-cmd is missing: apt-get install trace-cmd (or --install)" >&2; exit 3; }
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
if [ ${#FILES[@]} -eq 0 ]; then
  [ -n "$INSTALL" ] && exit 0
  usage >&2
  exit 2
fi
for f in "${FILES[@]}"; do
  [ -r "$f" ] || { echo "cannot read $f" >&2; exit 2; }
done

mkdir -p "$OUT"
if ! command -v gcc >/dev/null || ! pkg-config --exists libtracecmd libtraceevent 2>/dev/null; then
  echo "the C harness needs: apt-get install gcc pkg-config libtracecmd-dev libtraceevent-dev libtracefs-dev" \
    "(or run with --install)" >&2
  exit 3
fi
# shellcheck disable=SC2046
gcc -O2 -Wall -o "$OUT/tracedat-bench-c" benchmarks/src/main/c/tracedat_bench.c \
  $(pkg-config --cflags --libs libtracecmd libtraceevent)
# The jar: rebuilt when missing or older than the benchmark sources, the modules it shades or a pom.
if [ ! -f "$JAR" ] || [ -n "$(find benchmarks/src/main/java jtrace-*/src/main pom.xml benchmarks/pom.xml \
    jtrace-*/pom.xml -newer "$JAR" -print 2>/dev/null | head -n 1)" ]; then
  echo "building $JAR..." >&2
  ./mvnw -q -B -DskipTests package -pl benchmarks -am >&2
fi
# The JDK ./mvnw would use (JAVA_HOME if 25+, else the lowest installed 25+).
# shellcheck source=../.mvn/select-jdk.sh
. .mvn/select-jdk.sh
JAVA=$JAVA_HOME/bin/java

# after WORD LINE / before WORD LINE: the word after / before WORD in LINE.
after() { awk -v w="$1" '{ for (i = 1; i < NF; i++) if ($i == w) { print $(i + 1); exit } }' <<<"$2"; }
before() { awk -v w="$1" '{ for (i = 2; i <= NF; i++) if ($i == w) { print $(i - 1); exit } }' <<<"$2"; }

status=0
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg) ($(nproc) CPUs)"
for f in "${FILES[@]}"; do
  # The C harness's stderr goes to ours; its failure ends the script.
  if ! c=$("$OUT/tracedat-bench-c" "$f" "$RUNS" 1); then
    echo "error: the C harness failed on $f" >&2
    exit 1
  fi
  if ! j=$("$JAVA" --sun-misc-unsafe-memory-access=allow --enable-native-access=ALL-UNNAMED -XX:+UseParallelGC \
      -Xmx2g -cp "$JAR" dev.jtrace.tracedat.TraceDatSideBySide "$f" "$RUNS" "$WARMUPS"); then
    echo "error: jtrace's harness failed on $f" >&2
    exit 1
  fi
  echo "== $f"
  sed -n 1p <<<"$j"
  printf '%-8s %12s %14s %14s %8s %12s\n' mode events "C ev/s" "jtrace ev/s" ratio "jtrace B/ev"
  for mode in iterate fields render; do
    cl=$(awk -v m="$mode" '$1 == "c" && $2 == m' <<<"$c")
    jl=$(awk -v m="$mode" '$1 == "jtrace" && $2 == m' <<<"$j")
    if [ -z "$cl" ] || [ -z "$jl" ]; then
      echo "error: $f $mode: a harness printed no result (C: '$cl', jtrace: '$jl')" >&2
      exit 1
    fi
    cn=$(before events "$cl")
    n=$(before events "$jl")
    ce=$(after best "$cl")
    je=$(after best "$jl")
    b=$(before bytes/event "$jl")
    printf '%-8s %12s %14s %14s %8s %12s\n' "$mode" "$n" "$ce" "$je" \
      "$(awk -v a="$je" -v b="$ce" 'BEGIN { printf "%.2fx", a / b }')" "$b"
    if [ "$cn" != "$n" ]; then
      echo "ERROR: $f $mode: C counted $cn events, jtrace $n" >&2
      status=1
    fi
    if [ "$mode" = fields ] && [ "$(after checksum "$cl")" != "$(after checksum "$jl")" ]; then
      echo "ERROR: $f fields: C and jtrace read different values (checksum C $(after checksum "$cl")," \
        "jtrace $(after checksum "$jl"))" >&2
      status=1
    fi
  done
done
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
[ "$status" -eq 0 ] || echo "FAILED: C and jtrace disagree (see above)" >&2
exit "$status"
