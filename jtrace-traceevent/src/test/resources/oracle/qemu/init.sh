#!/bin/busybox sh
# /init of the capture initramfs (see capture.sh): runs each ftrace tracer of the guest kernel on a
# short workload, saves what the render oracle needs for it under /out/<name>/, then writes /out
# as a tar to the virtio disk (/dev/vda) and powers off.
/bin/busybox --install -s /bin
mount -t proc proc /proc
mount -t sysfs sys /sys
mount -t devtmpfs dev /dev
mount -t tracefs nodev /sys/kernel/tracing
mkdir -p /tmp /out
T=/sys/kernel/tracing
log() { echo "capture: $(cut -d' ' -f1 /proc/uptime)s $*" >/dev/console; }

workload() {
  local i
  log "workload"
  for i in ${1:-1 2 3}; do
    ls -l / /sys/kernel/tracing >/dev/null
    cat /proc/version /proc/meminfo >/dev/null
    echo "jtrace capture $i" >/tmp/f$i
    cat /tmp/f$i >/dev/null
  done
  echo "jtrace marker" >$T/trace_marker
  sleep 0.2
}

# a few syscalls and a marker, for the tracers that record every call
light_workload() {
  log "light workload"
  cat /proc/version >/dev/null
  echo "jtrace marker" >$T/trace_marker
}

# save NAME TEXTFILE RAWFILE: the text (trace or snapshot) and the raw pages (trace_pipe_raw or
# snapshot_raw, read after the text, consuming) of every CPU, with the files to render them.
save() {
  d=/out/$1
  mkdir -p $d/events/ftrace
  cat $T/$2 >$d/trace
  cat $T/saved_cmdlines >$d/saved_cmdlines
  cat $T/saved_tgids >$d/saved_tgids 2>/dev/null
  : >$d/stats
  for c in $T/per_cpu/cpu*; do
    n=${c##*/cpu}
    echo "cpu$n" >>$d/stats
    cat $c/stats >>$d/stats
    # a read blocks once the CPU's buffer is empty: stop it after a while
    timeout 5 cat $c/$3 >$d/cpu$n.raw
  done
  cat $T/events/header_page >$d/header_page
  cat $T/events/header_event >$d/header_event
  for e in $T/events/ftrace/*; do
    mkdir -p $d/events/ftrace/${e##*/}
    cat $e/format >$d/events/ftrace/${e##*/}/format
  done
  cat $T/trace_clock >$d/trace_clock
  cat $T/trace_options >$d/trace_options
  for o in $T/options/*; do echo "${o##*/} $(cat $o)"; done >$d/options
  cat $T/tracing_max_latency >$d/tracing_max_latency 2>/dev/null
  cat $T/tracing_thresh >$d/tracing_thresh 2>/dev/null
  cat /sys/devices/system/cpu/possible >$d/cpus_possible
  cat /sys/devices/system/cpu/online >$d/cpus_online
  { echo "tracer: $(cat $T/current_tracer)"; echo "kernel: $(uname -a)"; echo "$NOTE"; } >$d/NOTES
  log "saved $1: $(wc -l <$d/trace) lines, $(cat $d/cpu*.raw | wc -c) raw bytes"
}

reset() {
  echo 0 >$T/tracing_on
  echo nop >$T/current_tracer
  echo >$T/set_ftrace_filter
  echo >$T/set_graph_function
  echo >$T/set_ftrace_pid
  echo 0 >$T/max_graph_depth
  echo 0 >$T/options/latency-format
  echo 0 >$T/options/func-no-repeats 2>/dev/null
  echo 0 >$T/snapshot 2>/dev/null
  echo 1 >$T/tracing_on
}

# start TRACER: the tracer on a fresh buffer
start() {
  log "starting $1"
  echo 0 >$T/tracing_on
  echo $1 >$T/current_tracer
  echo 1 >$T/tracing_on
}

echo 1024 >$T/buffer_size_kb
echo 0 >$T/options/hash-ptr 2>/dev/null
cat /proc/kallsyms >/out/kallsyms
cat $T/printk_formats >/out/printk_formats
cat $T/available_tracers >/out/available_tracers
# the tracers this boot captures: jtrace.tracers=a,b on the kernel command line (default: all)
wanted=$(sed -n 's/.*jtrace\.tracers=\([^ ]*\).*/\1/p' /proc/cmdline | tr ',' ' ')
want() {
  [ -z "$wanted" ] && return 0
  for w in $wanted; do [ "$w" = "$1" ] && return 0; done
  return 1
}
# have TRACER [CAPTURE]: the kernel has the tracer and this boot captures it (or CAPTURE)
have() {
  grep -qw "$1" /out/available_tracers && want "${2:-$1}"
}

# function tracer, default options plus func-no-repeats (runs of one call as a func_repeats
# entry), on a few functions (filldir64 runs once per directory entry: ls makes runs)
if have function; then
  reset
  echo 'ksys_read ksys_write do_sys_openat2 dput fput filp_close filldir64' >$T/set_ftrace_filter
  echo 1 >$T/options/func-no-repeats
  NOTE="set_ftrace_filter: $(cat $T/set_ftrace_filter | tr '\n' ' '); options/func-no-repeats 1"
  start function; workload 1; echo 0 >$T/tracing_on
  save function trace trace_pipe_raw
fi

# function_graph with default options on this shell and its children (set_ftrace_pid with
# function-fork), three levels deep.
if have function_graph function_graph; then
  reset
  echo 3 >$T/max_graph_depth
  echo 1 >$T/options/function-fork
  echo $$ >$T/set_ftrace_pid
  NOTE="set_ftrace_pid: the capture shell, options/function-fork 1, max_graph_depth 3, default graph options"
  start function_graph; light_workload; echo 0 >$T/tracing_on
  save function_graph trace trace_pipe_raw
  echo 0 >$T/options/function-fork
fi

# the same kind of entries rendered as events (no graph tracer state): snapshot, then nop
if have function_graph function_graph-events; then
  reset
  echo 2 >$T/max_graph_depth
  NOTE="max_graph_depth 2, every task during a marker write; the buffer moved to the snapshot, then current_tracer nop: trace is the snapshot file"
  start function_graph; echo "jtrace marker" >$T/trace_marker; echo 0 >$T/tracing_on
  echo 1 >$T/snapshot
  echo nop >$T/current_tracer
  save function_graph-events snapshot snapshot_raw
fi

# wakeup tracers: trace shows the max-latency buffer, trace_pipe_raw the running one, so the two
# hold different records. Function tracing off (only the wakeup and switch entries); the text of
# eight successive max-latency traces is kept (trace-N), the last one as trace.
for w in wakeup wakeup_rt; do
  if have $w; then
    reset
    NOTE="options/latency-format 0 after the tracer set it, options/function-trace 0; trace is the max-latency buffer, cpuN.raw the running buffer (different records); trace-1..8 successive max traces"
    start $w; echo 0 >$T/options/latency-format; echo 0 >$T/options/function-trace
    mkdir -p /out/$w
    for n in 1 2 3 4 5 6 7 8; do
      echo 0 >$T/tracing_max_latency; workload 1; sleep 0.2
      cat $T/trace >/out/$w/trace-$n
    done
    echo 0 >$T/tracing_on
    save $w trace trace_pipe_raw
    echo 1 >$T/options/function-trace
  fi
done

if have hwlat; then
  reset
  echo 100000 >$T/hwlat_detector/width
  echo 200000 >$T/hwlat_detector/window
  NOTE="hwlat_detector width 100000 window 200000"
  start hwlat; sleep 2; echo 0 >$T/tracing_on
  save hwlat trace trace_pipe_raw
fi

if have osnoise; then
  reset
  echo 100000 >$T/osnoise/period_us
  echo 50000 >$T/osnoise/runtime_us
  NOTE="osnoise period_us 100000 runtime_us 50000"
  start osnoise; sleep 1; echo 0 >$T/tracing_on
  save osnoise trace trace_pipe_raw
  echo 1000000 >$T/osnoise/period_us
  echo 1000000 >$T/osnoise/runtime_us
fi

if have timerlat; then
  reset
  echo 10000 >$T/osnoise/timerlat_period_us
  NOTE="timerlat_period_us 10000"
  start timerlat; sleep 1; echo 0 >$T/tracing_on
  save timerlat trace trace_pipe_raw
fi

if have branch; then
  reset
  NOTE="branch tracer"
  start branch; workload; echo 0 >$T/tracing_on
  save branch trace trace_pipe_raw
fi

# mmiotrace last: it takes all CPUs but one offline while it runs. i6300esb maps its registers.
if have mmiotrace; then
  reset
  NOTE="insmod i6300esb.ko while mmiotrace runs (qemu -device i6300esb)"
  insmod /modules/watchdog.ko
  start mmiotrace; insmod /modules/i6300esb.ko; sleep 1; echo 0 >$T/tracing_on
  save mmiotrace trace trace_pipe_raw
  echo nop >$T/current_tracer
fi

# the disk drivers only now: with them loaded, the graph tracer hung this kernel under qemu
for m in virtio_ring virtio virtio_pci_modern_dev virtio_pci_legacy_dev virtio_pci virtio_blk; do
  insmod /modules/$m.ko
done
sleep 1
log "writing /dev/vda"
tar -cf /dev/vda -C /out .
sync
log "done"
poweroff -f
