package dev.jtrace.tracedat;

import dev.jtrace.traceevent.CommTable;
import dev.jtrace.traceevent.EventFormat;
import dev.jtrace.traceevent.EventRecord;
import dev.jtrace.traceevent.EventRenderer;
import java.util.Objects;

/**
 * Renders records in the line layout of {@code trace-cmd report} (trace-cmd 3.1): the columns,
 * widths and time-stamp format are trace-cmd's; the event text after the name is jtrace's
 * kernel-exact rendering ({@link EventRenderer#appendInfo}), the text the kernel's own
 * {@code trace} file shows.
 * <pre>
 *              bash-6507  [001]  9604.723832: sched_process_fork:   comm=bash pid=6507 child_comm=bash child_pid=6511
 * [inst: ]{comm %16s}-{pid %-5d} [{cpu %03d}] {sec %5d}.{usec %06d}: {name}: {pad to 20} {info}
 * </pre>
 *
 * <p>Where the output differs from trace-cmd's, it is because trace-cmd's event text comes from
 * libtraceevent and the kernel disagrees with it; jtrace follows the kernel:
 * <ul>
 * <li>syscall events: the kernel writes {@code sys_openat(dfd: ffffff9c, ...)} and
 *     {@code sys_openat -> 0x3}; libtraceevent prints the format's print fmt
 *     ({@code dfd: 0xffffff9c, ...}), which the kernel never uses for them;</li>
 * <li>print fmts libtraceevent cannot evaluate (helpers such as {@code __print_symbolic} over
 *     enums it cannot resolve, or functions without a plugin) come out as its raw field dump or
 *     {@code [FAILED TO PARSE]}; jtrace evaluates them as the kernel does;</li>
 * <li>trace-cmd's plugins, which it loads by default, replace the text of some events with their
 *     own ({@code sched_switch} as {@code bash:6511 [120] S ==> swapper/0:0 [120]}, and kmem,
 *     function and others); {@code trace-cmd report -N} shows libtraceevent's print-fmt text, which
 *     matches jtrace's for such events;</li>
 * <li>{@code %p}-family pointers, {@code %pS} symbol offsets, {@code %*pbl} bitmaps and similar
 *     follow the kernel's vsprintf rules, where libtraceevent's re-implementations drift.</li>
 * </ul>
 * The prefix follows trace-cmd, including where it differs from the kernel: a 5-column pid
 * (the kernel's is 7), microseconds for the {@code uptime} clock (which is not nanoseconds), and
 * no latency columns.
 *
 * <p>Not thread-safe; appends to the caller's builder and allocates nothing per line beyond what
 * the event text needs.
 */
public final class ReportRenderer {
    private static final String SPACES = "                    ";

    private final TraceDatFile file;
    private final EventRenderer info;
    private final CommTable comms;
    private final boolean fullTimestamps;
    private final boolean microseconds;
    private final boolean namedBuffers;
    private final int nameWidth;

    ReportRenderer(TraceDatFile file, EventRenderer info, boolean fullTimestamps) {
        this.file = file;
        this.info = info;
        this.comms = file.comms();
        this.fullTimestamps = fullTimestamps;
        this.microseconds = usesMicroseconds(file.options());
        int width = 0;
        boolean named = false;
        for (TraceBuffer b : file.buffers()) {
            if (!b.name().isEmpty()) {
                named = true;
                width = Math.max(width, b.name().length());
            }
        }
        this.namedBuffers = named;
        this.nameWidth = width;
    }

    /**
     * Tells whether trace-cmd shows time stamps as seconds with a fraction: unless the recorded
     * {@code trace_clock} selects a clock outside {@code local, global, uptime, perf, mono*, tai,
     * tsc2nsec}, or the file converts TSC to nanoseconds ({@code extract_trace_clock()}).
     */
    static boolean usesMicroseconds(TraceDatOptions options) {
        if (options.tsc2nsec() != null && options.tsc2nsec().mult() != 0) {
            return true;
        }
        String clock = FileParser.clockName(options.traceClockText());
        if (clock == null) {
            return true;
        }
        return switch (clock) {
            case "local", "global", "uptime", "perf", "tai", "tsc2nsec" -> true;
            default -> clock.startsWith("mono");
        };
    }

    /**
     * Returns the line trace-cmd prints before the records: {@code cpus=N}.
     *
     * @return the line, without newline
     */
    public String header() {
        return "cpus=" + file.options().cpuCount();
    }

    /**
     * Appends the current record of a cursor as {@code trace-cmd report} lays it out, without the
     * final newline. A record that follows lost events is preceded by trace-cmd's
     * {@code CPU:N [n EVENTS DROPPED]} line (and a newline).
     *
     * @param cursor a cursor of this renderer's file, on a record
     * @param out where to append
     */
    public void appendLine(RecordCursor cursor, StringBuilder out) {
        Objects.requireNonNull(out, "out");
        EventRecord r = cursor.record();
        int cpu = cursor.cpu();
        long missed = cursor.missedEventsBefore();
        if (missed > 0) {
            out.append("CPU:").append(cpu).append(" [").append(missed).append(" EVENTS DROPPED]\n");
        } else if (missed < 0) {
            out.append("CPU:").append(cpu).append(" [EVENTS DROPPED]\n");
        }
        if (namedBuffers) {
            String name = cursor.buffer().name();
            pad(out, nameWidth - name.length());
            out.append(name).append(name.isEmpty() ? "  " : ": ");
        }
        int pid = r.commonPid();
        String comm = comms.comm(pid);
        pad(out, 16 - comm.length());
        out.append(comm).append('-');
        int start = out.length();
        out.append(pid);
        pad(out, 5 - (out.length() - start));
        out.append(" [");
        if (cpu < 100) {
            out.append('0');
        }
        if (cpu < 10) {
            out.append('0');
        }
        out.append(cpu).append(']');
        appendTime(cursor.timestamp(), out);
        EventFormat format = cursor.format();
        String name = format == null ? "(NULL)" : format.name();
        out.append(' ').append(name).append(": ");
        if (name.length() < 20) {
            out.append(SPACES, 0, 20 - name.length());
        }
        int infoStart = out.length();
        info.appendInfo(r, out);
        if (out.length() > infoStart && out.charAt(out.length() - 1) == '\n') {
            out.setLength(out.length() - 1);
        }
    }

    /** libtraceevent's print_event_time() with trace-cmd's " %6.1000d:", " %9.1d:" or "%12d:". */
    private void appendTime(long ts, StringBuilder out) {
        if (!microseconds) {
            appendUnsigned(out, ts, 12, ' ');
            out.append(':');
            return;
        }
        out.append(' ');
        long t = fullTimestamps ? ts : Long.divideUnsigned(ts + 500, 1000);
        long unit = fullTimestamps ? 1_000_000_000L : 1_000_000L;
        appendUnsigned(out, Long.divideUnsigned(t, unit), 5, ' ');
        out.append('.');
        appendUnsigned(out, Long.remainderUnsigned(t, unit), fullTimestamps ? 9 : 6, '0');
        out.append(':');
    }

    /** Appends an unsigned number right-aligned in {@code width} columns; no allocation below 2^63. */
    private static void appendUnsigned(StringBuilder out, long v, int width, char fill) {
        if (v < 0) {
            String s = Long.toUnsignedString(v);
            pad(out, fill, width - s.length());
            out.append(s);
            return;
        }
        int digits = 1;
        for (long x = v; x >= 10; x /= 10) {
            digits++;
        }
        pad(out, fill, width - digits);
        out.append(v);
    }

    private static void pad(StringBuilder out, int n) {
        pad(out, ' ', n);
    }

    private static void pad(StringBuilder out, char c, int n) {
        if (n > 0) {
            out.repeat(c, n);
        }
    }
}
