package dev.jtrace.core.internal;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;

/**
 * The first, always-accepted part of {@code struct perf_event_attr}
 * ({@code include/uapi/linux/perf_event.h}, {@code PERF_ATTR_SIZE_VER0} = 64 bytes). jtrace-core
 * needs it only to probe whether perf_event_open is allowed; jtrace-perf describes the full struct.
 *
 * <pre>
 *  0      4      8         16              24           32           40      48            52        56       64
 *  +------+------+---------+---------------+------------+------------+-------+-------------+---------+--------+
 *  | type | size | config  | sample_period | sample_type| read_format| flags | wakeup_evts | bp_type | config1|
 *  +------+------+---------+---------------+------------+------------+-------+-------------+---------+--------+
 *  flags bit 0 = disabled, 5 = exclude_kernel, 6 = exclude_hv
 * </pre>
 */
public final class PerfEventAttr {
    /** Size of the version-0 struct. */
    public static final int SIZE_VER0 = 64;
    /** The version-0 layout. */
    public static final StructLayout LAYOUT_VER0 = MemoryLayout.structLayout(
            JAVA_INT.withName("type"), JAVA_INT.withName("size"), JAVA_LONG.withName("config"),
            JAVA_LONG.withName("sample_period"), JAVA_LONG.withName("sample_type"),
            JAVA_LONG.withName("read_format"), JAVA_LONG.withName("flags"),
            JAVA_INT.withName("wakeup_events"), JAVA_INT.withName("bp_type"), JAVA_LONG.withName("config1"));
    /** Offset of {@code type}. */
    public static final long TYPE = 0;
    /** Offset of {@code size}. */
    public static final long SIZE = 4;
    /** Offset of {@code config}. */
    public static final long CONFIG = 8;
    /** Offset of the flag bits. */
    public static final long FLAGS = 40;

    /** {@code PERF_TYPE_SOFTWARE}. */
    public static final int TYPE_SOFTWARE = 1;
    /** {@code PERF_COUNT_SW_TASK_CLOCK}. */
    public static final long SW_TASK_CLOCK = 1;
    /** Flag bit: start disabled. */
    public static final long FLAG_DISABLED = 1L;
    /** Flag bit: do not count kernel mode. */
    public static final long FLAG_EXCLUDE_KERNEL = 1L << 5;
    /** Flag bit: do not count hypervisor mode. */
    public static final long FLAG_EXCLUDE_HV = 1L << 6;
    /** {@code PERF_FLAG_FD_CLOEXEC}. */
    public static final long PERF_FLAG_FD_CLOEXEC = 8;

    private PerfEventAttr() {
    }

    /**
     * Allocates a zeroed version-0 attr with {@code type}, {@code size}, {@code config} and flags set.
     *
     * @param arena where to allocate
     * @param type the {@code PERF_TYPE_*}
     * @param config the event within the type
     * @param flags the flag bits
     * @return the struct
     */
    public static MemorySegment allocate(Arena arena, int type, long config, long flags) {
        MemorySegment attr = arena.allocate(LAYOUT_VER0);
        attr.set(JAVA_INT, TYPE, type);
        attr.set(JAVA_INT, SIZE, SIZE_VER0);
        attr.set(JAVA_LONG, CONFIG, config);
        attr.set(JAVA_LONG, FLAGS, flags);
        return attr;
    }
}
