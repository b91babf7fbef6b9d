package dev.jtrace.traceevent.internal;

import dev.jtrace.traceevent.CommTable;
import dev.jtrace.traceevent.EventRecord;

/**
 * The context columns the kernel writes before each event in the {@code trace} file
 * ({@code trace_print_context} with the default options):
 * <pre>
 *             bash-14139   [000] d.h1.  2940.749278: </pre>
 * the task name right-aligned in 16 columns, the pid left-aligned in 7, the CPU in 3 digits, the
 * latency flags (irqs-off, need-resched, hard/soft irq, preempt depth, migrate-disable depth)
 * and the timestamp: microseconds, rounded, for nanosecond clocks; the raw count for the others
 * ({@code counter}, {@code uptime}, {@code x86-tsc}). With the option {@code record-tgid} the
 * thread-group id follows the pid, right-aligned in 7 columns between parentheses, or
 * {@code (-------)} when the kernel has not saved it:
 * <pre>
 *             java-4242    (   4201) [001] ..... 2940.749278: </pre>
 */
public final class LinePrefix {
    // enum trace_flag_type (kernel/trace/trace.h)
    private static final int IRQS_OFF = 0x01;
    private static final int NEED_RESCHED_LAZY = 0x02;
    private static final int NEED_RESCHED = 0x04;
    private static final int HARDIRQ = 0x08;
    private static final int SOFTIRQ = 0x10;
    private static final int PREEMPT_RESCHED = 0x20;
    private static final int NMI = 0x40;
    private static final int BH_OFF = 0x80;

    /** PREEMPT_RT (through 6.6-rt) with lazy preemption: the need-resched-lazy bit of common_flags. */
    private static final int RT_NEED_RESCHED_LAZY = 0x20;
    private static final int IRQS_NOSUPPORT = 0x02;

    private final CommTable comms;
    private final boolean nanosecondClock;
    /** Offset of {@code common_preempt_lazy_count} on PREEMPT_RT kernels with lazy preemption, else -1. */
    private final int lazyCountOffset;
    private final boolean recordTgid;

    /**
     * Creates the prefix writer for one buffer.
     *
     * @param comms task names
     * @param traceClock the buffer's trace clock
     */
    public LinePrefix(CommTable comms, String traceClock) {
        this(comms, traceClock, -1);
    }

    /**
     * Creates the prefix writer for one buffer of a kernel whose formats carry
     * {@code common_preempt_lazy_count}: the PREEMPT_RT patch set before 6.12 (e.g. Debian's 6.1
     * -rt kernels), whose latency column has seven characters: irqs-off, need-resched ({@code n}),
     * need-resched-lazy ({@code L}), hard/soft irq, preempt depth, lazy-preempt depth and
     * migrate-disable depth.
     *
     * @param comms task names
     * @param traceClock the buffer's trace clock
     * @param lazyCountOffset the offset of {@code common_preempt_lazy_count}, or -1 for the
     *     mainline five-character column
     */
    public LinePrefix(CommTable comms, String traceClock, int lazyCountOffset) {
        this(comms, traceClock, lazyCountOffset, false);
    }

    /**
     * Creates the prefix writer for one buffer, with or without the {@code record-tgid} column.
     *
     * @param comms task names and thread-group ids
     * @param traceClock the buffer's trace clock
     * @param lazyCountOffset the offset of {@code common_preempt_lazy_count}, or -1
     * @param recordTgid whether the buffer's {@code record-tgid} option is on
     */
    public LinePrefix(CommTable comms, String traceClock, int lazyCountOffset, boolean recordTgid) {
        this.comms = comms;
        this.nanosecondClock = isNanosecondClock(traceClock);
        this.lazyCountOffset = lazyCountOffset;
        this.recordTgid = recordTgid;
    }

    /**
     * Tells whether a trace clock counts nanoseconds (printed as seconds.microseconds) rather than
     * raw counts ({@code counter}, {@code uptime} and the arch cycle counters).
     *
     * @param traceClock the clock name
     * @return whether the kernel prints its time stamps as seconds.microseconds
     */
    public static boolean isNanosecondClock(String traceClock) {
        return switch (traceClock) {
            case "counter", "uptime", "x86-tsc", "arm64-cntvct", "ppc-tb" -> false;
            default -> true;
        };
    }

    /**
     * Appends {@code comm-pid [cpu] flags timestamp: }.
     *
     * @param r the record
     * @param out where to append
     */
    public void append(EventRecord r, StringBuilder out) {
        int pid = r.commonPid();
        String comm = comms.comm(pid);
        pad(out, 16 - comm.length());
        out.append(comm).append('-');
        int start = out.length();
        if (pid >= 0) {
            Digits.appendDecimal(out, pid, 0, ' ');
        } else {
            out.append(pid);
        }
        pad(out, 7 - (out.length() - start));
        if (recordTgid) {
            appendTgid(comms.tgid(pid), out);
        }
        out.append(" [");
        int cpu = r.cpu();
        if (cpu < 100) {
            out.append('0');
        }
        if (cpu < 10) {
            out.append('0');
        }
        out.append(cpu).append("] ");
        if (lazyCountOffset >= 0) {
            appendRtLatencyFlags(r.commonFlags(), r.commonPreemptCount(), r.u8(lazyCountOffset),
                    r.commonMigrateDisable(), out);
        } else {
            appendLatencyFlags(r.commonFlags(), r.commonPreemptCount() | (r.commonMigrateDisable() << 4), out);
        }
        appendTime(r.timestamp(), nanosecondClock, out);
        out.append(": ");
    }

    /** {@code " (%7d)"}, or {@code " (-------)"} for a pid without a saved tgid (the kernel's 0). */
    private static void appendTgid(int tgid, StringBuilder out) {
        out.append(" (");
        if (tgid > 0) {
            Digits.appendDecimal(out, tgid, 7, ' ');
        } else {
            out.append("-------");
        }
        out.append(')');
    }

    private static void pad(StringBuilder out, int n) {
        if (n > 0) {
            out.repeat(' ', n);
        }
    }

    /**
     * Appends the latency flags column as {@code trace_print_lat_fmt} does: irqs-off,
     * need-resched, hard/soft irq, preempt depth and migrate-disable depth.
     *
     * @param flags the entry's {@code common_flags}
     * @param preemptCount the preempt count in bits 0-3, the migrate-disable depth in bits 4-7
     * @param out where to append
     */
    public static void appendLatencyFlags(int flags, int preemptCount, StringBuilder out) {
        boolean bhOff = (flags & BH_OFF) != 0;
        boolean irqsOff = (flags & IRQS_OFF) != 0;
        out.append(irqsOff && bhOff ? 'D' : irqsOff ? 'd' : bhOff ? 'b' : '.');
        out.append(switch (flags & (NEED_RESCHED | NEED_RESCHED_LAZY | PREEMPT_RESCHED)) {
            case NEED_RESCHED | NEED_RESCHED_LAZY | PREEMPT_RESCHED -> 'B';
            case NEED_RESCHED | PREEMPT_RESCHED -> 'N';
            case NEED_RESCHED_LAZY | PREEMPT_RESCHED -> 'L';
            case NEED_RESCHED | NEED_RESCHED_LAZY -> 'b';
            case NEED_RESCHED -> 'n';
            case PREEMPT_RESCHED -> 'p';
            case NEED_RESCHED_LAZY -> 'l';
            default -> '.';
        });
        boolean nmi = (flags & NMI) != 0;
        boolean hardirq = (flags & HARDIRQ) != 0;
        boolean softirq = (flags & SOFTIRQ) != 0;
        out.append(nmi && hardirq ? 'Z' : nmi ? 'z' : hardirq && softirq ? 'H' : hardirq ? 'h' : softirq ? 's' : '.');
        int depth = preemptCount & 0xF;
        out.append(depth != 0 ? Character.forDigit(depth, 16) : '.');
        int migrate = (preemptCount >> 4) & 0xF;
        out.append(migrate != 0 ? Character.forDigit(migrate, 16) : '.');
    }

    /**
     * {@code trace_print_lat_fmt} of the PREEMPT_RT patch set with lazy preemption (through 6.6-rt):
     * there {@code TRACE_FLAG_PREEMPT_RESCHED} is 0 and bit 0x20 means need-resched-lazy, so the
     * need-resched column shows only {@code n}, and a column of its own shows {@code L}; the lazy
     * preempt count prints in hex between the preempt and migrate-disable depths.
     */
    static void appendRtLatencyFlags(int flags, int preemptDepth, int lazyCount, int migrate, StringBuilder out) {
        boolean bhOff = (flags & BH_OFF) != 0;
        boolean irqsOff = (flags & IRQS_OFF) != 0;
        out.append(irqsOff && bhOff ? 'D' : irqsOff ? 'd' : bhOff ? 'b' : (flags & IRQS_NOSUPPORT) != 0 ? 'X' : '.');
        out.append((flags & NEED_RESCHED) != 0 ? 'n' : '.');
        out.append((flags & RT_NEED_RESCHED_LAZY) != 0 ? 'L' : '.');
        boolean nmi = (flags & NMI) != 0;
        boolean hardirq = (flags & HARDIRQ) != 0;
        boolean softirq = (flags & SOFTIRQ) != 0;
        out.append(nmi && hardirq ? 'Z' : nmi ? 'z' : hardirq && softirq ? 'H' : hardirq ? 'h' : softirq ? 's' : '.');
        out.append(preemptDepth != 0 ? Character.forDigit(preemptDepth, 16) : '.');
        if (lazyCount != 0) {
            out.append(Integer.toHexString(lazyCount));
        } else {
            out.append('.');
        }
        out.append(migrate != 0 ? Character.forDigit(migrate, 16) : '.');
    }

    /**
     * Appends a time stamp as {@code trace_print_time} does: {@code " %5lu.%06lu"} (microseconds,
     * rounded) for nanosecond clocks, {@code " %12llu"} for the others.
     *
     * @param ts the time stamp
     * @param nanosecondClock whether the clock counts nanoseconds
     * @param out where to append
     */
    public static void appendTime(long ts, boolean nanosecondClock, StringBuilder out) {
        out.append(' ');
        if (!nanosecondClock) {
            if (ts < 0) { // beyond Long.MAX_VALUE: rare enough to allocate
                String s = Long.toUnsignedString(ts);
                pad(out, 12 - s.length());
                out.append(s);
            } else {
                Digits.appendDecimal(out, ts, 12, ' ');
            }
            return;
        }
        long usecs = Long.divideUnsigned(ts + 500, 1000);
        Digits.appendDecimal(out, usecs / 1_000_000, 5, ' ');
        out.append('.');
        Digits.appendDecimal(out, usecs % 1_000_000, 6, '0');
    }
}
