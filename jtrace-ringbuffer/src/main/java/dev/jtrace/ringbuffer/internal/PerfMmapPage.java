package dev.jtrace.ringbuffer.internal;

import static java.lang.foreign.ValueLayout.JAVA_INT_UNALIGNED;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT_UNALIGNED;

import java.lang.foreign.MemorySegment;
import java.lang.invoke.VarHandle;

/**
 * The ring-control part of {@code struct perf_event_mmap_page}, the first page of a perf_event
 * mapping ({@code include/uapi/linux/perf_event.h}), and {@code struct perf_event_header}, the
 * start of every record in the data area that follows.
 *
 * <pre>
 *  0 ....................... 1024        1032        1040          1048        1056
 *  | version, lock, time_* ... |  data_head | data_tail | data_offset | data_size | aux_* ...
 *
 *  record:  0        4        6        8
 *           +--------+--------+--------+------------------
 *           |  type  |  misc  |  size  | body (size - 8 bytes, 8-byte aligned)
 *           +--------+--------+--------+------------------
 * </pre>
 *
 * <p>The kernel writes records and then publishes {@code data_head}; the reader loads it with
 * acquire semantics (the {@code smp_rmb()} the header asks for) before reading the records, and
 * stores {@code data_tail} with release semantics after reading them (the {@code smp_mb()}), so
 * the kernel never overwrites a record still being read. Both are free-running byte counters;
 * the offset in the data area is the counter modulo {@code data_size} (a power of two).
 * {@code data_offset}/{@code data_size} exist since Linux 4.1; before, the data starts one page
 * in and fills the rest of the mapping.
 */
public final class PerfMmapPage {
    /** Offset of {@code data_head}. */
    public static final long DATA_HEAD = 1024;
    /** Offset of {@code data_tail}. */
    public static final long DATA_TAIL = 1032;
    /** Offset of {@code data_offset}. */
    public static final long DATA_OFFSET = 1040;
    /** Offset of {@code data_size}. */
    public static final long DATA_SIZE = 1048;

    /** Size of {@code struct perf_event_header}. */
    public static final int HEADER_SIZE = 8;
    /** Offset of the record type in the header. */
    public static final int TYPE = 0;
    /** Offset of the misc bits in the header. */
    public static final int MISC = 4;
    /** Offset of the record size (header included) in the header. */
    public static final int SIZE = 6;

    /** {@code PERF_RECORD_LOST}: {@code u64 id; u64 lost;} records the kernel could not write. */
    public static final int RECORD_LOST = 2;
    /** Offset of {@code lost} in a {@code PERF_RECORD_LOST}. */
    public static final int LOST_COUNT = 16;
    /** {@code PERF_RECORD_SAMPLE}. */
    public static final int RECORD_SAMPLE = 9;

    /** {@code PERF_EVENT_IOC_PAUSE_OUTPUT = _IOW('$', 9, __u32)}: stop (1) or resume (0) writing the ring. */
    public static final long IOC_PAUSE_OUTPUT = 0x40042409L;

    private static final VarHandle LONG = JAVA_LONG.varHandle();

    private PerfMmapPage() {
    }

    /**
     * Loads {@code data_head} with acquire semantics: records before it are fully written.
     *
     * @param control the mapping's first page
     * @return the head counter
     */
    public static long headAcquire(MemorySegment control) {
        return (long) LONG.getAcquire(control, DATA_HEAD);
    }

    /**
     * Loads {@code data_tail} (plain: only the reader writes it).
     *
     * @param control the mapping's first page
     * @return the tail counter
     */
    public static long tail(MemorySegment control) {
        return control.get(JAVA_LONG, DATA_TAIL);
    }

    /**
     * Stores {@code data_tail} with release semantics: the records before it are read and may be
     * overwritten.
     *
     * @param control the mapping's first page
     * @param tail the new tail counter
     */
    public static void tailRelease(MemorySegment control, long tail) {
        LONG.setRelease(control, DATA_TAIL, tail);
    }

    /**
     * Returns {@code data_offset}.
     *
     * @param control the mapping's first page
     * @return where the data area starts in the mapping, 0 on kernels before 4.1
     */
    public static long dataOffset(MemorySegment control) {
        return control.get(JAVA_LONG, DATA_OFFSET);
    }

    /**
     * Returns {@code data_size}.
     *
     * @param control the mapping's first page
     * @return the data area's size, 0 on kernels before 4.1
     */
    public static long dataSize(MemorySegment control) {
        return control.get(JAVA_LONG, DATA_SIZE);
    }

    /**
     * Reads a record's type.
     *
     * @param data memory holding the record
     * @param at the record's offset
     * @return the {@code PERF_RECORD_*} type
     */
    public static int type(MemorySegment data, long at) {
        return data.get(JAVA_INT_UNALIGNED, at + TYPE);
    }

    /**
     * Reads a record's size.
     *
     * @param data memory holding the record
     * @param at the record's offset
     * @return the size in bytes, header included
     */
    public static int size(MemorySegment data, long at) {
        return Short.toUnsignedInt(data.get(JAVA_SHORT_UNALIGNED, at + SIZE));
    }
}
