#!/bin/sh
# Captures the kernel texts the pure tests of jtrace-tracefs parse. Run as root in this directory:
#   sh capture.sh
# It creates its own tracefs instance (removed at the end) and, for the uprobe error entries, writes
# refused commands in the group jtrace_capture_<pid> (nothing is created; the top-level error_log keeps
# the entries, which are shared with every user).
set -eu
T=${TRACEFS:-/sys/kernel/tracing}
I=$T/instances/jtrace-capture-$$
mkdir "$I"
trap 'rmdir "$I"' EXIT
uname -r > KERNEL_RELEASE
for e in sched/sched_switch sched/sched_wakeup syscalls/sys_enter_openat ftrace/print ftrace/raw_data; do
    mkdir -p "formats/$e"
    cat "$T/events/$e/format" > "formats/$e/format"
done
cat "$T/events/header_page" > header_page
# Filter errors: one write per refused filter (printf without newline = exactly the text).
for f in 'prev_pid == abc' 'prev_pid = 1' 'prev_pid == 1 && (next_pid == 2' 'nosuchfield == 1'; do
    printf '%s' "$f" > "$I/events/sched/sched_switch/filter" 2>/dev/null || true
done
cat "$I/error_log" > instance_error_log
# Uprobe errors land in the top-level log; keep only the entries about this script's commands.
G=jtrace_capture_$$   # a group of this run only, to pick its entries out of the shared log
for c in "p:$G/x /bin/true:0x100 foo=%nosuchreg" "p:$G/x /nonexistent:0x100" "p:$G/x-y /bin/true:0x100"; do
    printf '%s' "$c" >> "$T/dynamic_events" 2>/dev/null || true
done
awk -v g="$G/" '/^\[/ {entry=$0; getline cmd; getline caret; if (index(cmd, g)) print entry "\n" cmd "\n" caret}' \
    "$T/error_log" > toplevel_error_log
# Per-CPU counters after ten markers on one CPU, and buffer_size_kb texts.
echo 1 > "$I/tracing_on"
for n in 1 2 3 4 5 6 7 8 9 10; do taskset -c 0 sh -c "printf 'marker %s' $n > '$I/trace_marker'"; done
echo 0 > "$I/tracing_on"
cat "$I/per_cpu/cpu0/stats" > stats_cpu0
# Trigger file: the header of an empty one, then with two triggers.
cat "$I/events/sched/sched_switch/trigger" > trigger_empty
printf '%s' 'traceoff:3 if prev_pid == 1' > "$I/events/sched/sched_switch/trigger"
printf '%s' 'stacktrace' > "$I/events/sched/sched_switch/trigger"
cat "$I/events/sched/sched_switch/trigger" > trigger_two
printf '%s' '!traceoff' > "$I/events/sched/sched_switch/trigger"
printf '%s' '!stacktrace' > "$I/events/sched/sched_switch/trigger"
cat "$T/buffer_size_kb" > toplevel_buffer_size_kb
echo 100 > "$I/per_cpu/cpu0/buffer_size_kb"
cat "$I/buffer_size_kb" > mixed_buffer_size_kb
cat "$I/trace_clock" > trace_clock
cat "$I/events/sched/sched_switch/filter" > /dev/null
printf '%s' 'prev_pid == abc' > "$I/events/sched/sched_switch/filter" 2>/dev/null || true
cat "$I/events/sched/sched_switch/filter" > refused_filter
