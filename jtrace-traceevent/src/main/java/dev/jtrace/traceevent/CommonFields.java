package dev.jtrace.traceevent;

/**
 * The fields every trace-event payload starts with ({@code struct trace_entry} in
 * {@code include/linux/trace_events.h}; the {@code common_*} lines of each {@code format} file).
 *
 * <pre>
 *  0             2        3              4                     8
 *  +-------------+--------+--------------+---------------------+---------------
 *  | common_type | flags  | preempt_count| common_pid (s32)    | event fields ...
 *  |    (u16)    |  (u8)  |     (u8)     |                     |
 *  +-------------+--------+--------------+---------------------+---------------
 *                          low nibble:  preemption depth (capped at 15)
 *                          high nibble: migrate-disable depth (capped at 15, Linux 5.13+)
 * </pre>
 *
 * <p>The split of {@code common_preempt_count} follows {@code tracing_gen_ctx_irq_test()} in
 * {@code kernel/trace/trace.c}, which stores {@code min(preempt_count & 0xff, 15)} in the low nibble
 * and {@code min(migration_disable_value(), 15)} in the high one; older kernels store the
 * preemption count alone in the whole byte.
 */
public final class CommonFields {
    /** Offset of {@code common_type}, the event id (u16). */
    public static final int TYPE_OFFSET = 0;
    /** Offset of {@code common_flags} (u8: irqs-off, need-resched, hardirq, softirq, ... bits). */
    public static final int FLAGS_OFFSET = 2;
    /** Offset of {@code common_preempt_count} (u8). */
    public static final int PREEMPT_COUNT_OFFSET = 3;
    /** Offset of {@code common_pid} (s32). */
    public static final int PID_OFFSET = 4;
    /** Size of the common fields; the event's own fields start here. */
    public static final int SIZE = 8;
    /** Mask of the preemption depth in {@code common_preempt_count}. */
    public static final int PREEMPT_DEPTH_MASK = 0x0f;
    /** Shift of the migrate-disable depth in {@code common_preempt_count}. */
    public static final int MIGRATE_DISABLE_SHIFT = 4;

    private CommonFields() {
    }
}
