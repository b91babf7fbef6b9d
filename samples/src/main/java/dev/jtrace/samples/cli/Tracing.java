package dev.jtrace.samples.cli;

import dev.jtrace.samples.cli.TraceArgs.EventSelection;
import dev.jtrace.tracefs.TraceSession;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** What stream, top and record share: turning {@code -e} selections into tracefs patterns, defaults. */
final class Tracing {
    /** The events {@code stream} shows when no {@code -e} is given: who runs, wakes, starts and ends. */
    static final List<String> STREAM_DEFAULTS = List.of("sched:sched_switch", "sched:sched_wakeup",
            "sched:sched_process_fork", "sched:sched_process_exec", "sched:sched_process_exit");
    /** The events {@code top} and {@code record} take by default: a broad, cheap view of the machine. */
    static final List<String> MACHINE_DEFAULTS = List.of("sched:sched_switch", "sched:sched_wakeup",
            "sched:sched_process_fork", "sched:sched_process_exec", "sched:sched_process_exit",
            "raw_syscalls:sys_enter", "irq:*", "timer:*", "workqueue:*", "signal:*");

    private Tracing() {
    }

    /**
     * The tracefs pattern of a selection: a bare word names a system when the kernel has a system of
     * that name (as trace-cmd's {@code -e sched} does), an event of any system otherwise.
     */
    static String pattern(EventSelection e, Path tracefs) {
        if (e.system() != null) {
            return e.spec();
        }
        return Files.isDirectory(tracefs.resolve("events").resolve(e.event())) ? e.event() + ":*" : "*:" + e.event();
    }

    /**
     * The filter the default system-call event gets: not the thread that reads the buffers. Its
     * reads are system calls too; traced, each read would bring the next event, and the reader would
     * spin on its own reads instead of ever finding the buffer empty.
     */
    static String notThisReader() {
        return "common_pid != " + dev.jtrace.core.internal.LibC.gettid();
    }

    /** Whether a default event is a system-call event that needs {@link #notThisReader()}. */
    static boolean isSyscallEvent(String pattern) {
        return pattern.startsWith("raw_syscalls:") || pattern.startsWith("syscalls:");
    }

    /** Adds the selections (or the defaults) to a session; call it on the thread that will read. */
    static void addEvents(TraceSession.Builder b, TraceArgs args, Path tracefs, List<String> defaults) {
        if (args.events().isEmpty()) {
            for (String d : defaults) {
                if (isSyscallEvent(d)) {
                    b.event(d, notThisReader());
                } else {
                    b.event(d);
                }
            }
            return;
        }
        for (EventSelection e : args.events()) {
            if (e.filter() == null) {
                b.event(pattern(e, tracefs));
            } else {
                b.event(pattern(e, tracefs), e.filter());
            }
        }
    }

    /** Requests a stop after the duration, from a daemon thread; nothing for 0. */
    static void stopAfter(double seconds, StopSignal stop) {
        if (seconds <= 0) {
            return;
        }
        Thread.ofPlatform().daemon().name("jtrace-timer").start(() -> {
            try {
                if (!stop.await(Math.round(seconds * 1e9), java.util.concurrent.TimeUnit.NANOSECONDS)) {
                    stop.requestStop();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }
}
