package dev.jtrace.core.internal;

import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;

/**
 * {@code struct timespec} on 64-bit Linux ({@code include/uapi/linux/time.h}, libc {@code time.h}).
 *
 * <pre>
 *  0        8        16
 *  +--------+--------+
 *  | tv_sec |tv_nsec |   both 64-bit (time_t, long)
 *  +--------+--------+
 * </pre>
 */
public final class Timespec {
    /** The layout. */
    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
            JAVA_LONG.withName("tv_sec"), JAVA_LONG.withName("tv_nsec"));
    /** Offset of {@code tv_sec}. */
    public static final long TV_SEC = LAYOUT.byteOffset(MemoryLayout.PathElement.groupElement("tv_sec"));
    /** Offset of {@code tv_nsec}. */
    public static final long TV_NSEC = LAYOUT.byteOffset(MemoryLayout.PathElement.groupElement("tv_nsec"));

    private Timespec() {
    }

    /**
     * Reads a timespec as nanoseconds.
     *
     * @param timespec the struct
     * @return {@code tv_sec * 1_000_000_000 + tv_nsec}
     */
    public static long nanos(MemorySegment timespec) {
        return timespec.get(JAVA_LONG, TV_SEC) * 1_000_000_000L + timespec.get(JAVA_LONG, TV_NSEC);
    }
}
