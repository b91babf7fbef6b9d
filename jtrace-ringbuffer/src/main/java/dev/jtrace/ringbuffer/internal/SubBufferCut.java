package dev.jtrace.ringbuffer.internal;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT_UNALIGNED;
import static java.lang.foreign.ValueLayout.JAVA_LONG_UNALIGNED;

import dev.jtrace.core.MalformedDataException;
import dev.jtrace.traceevent.HeaderPage;
import java.lang.foreign.MemorySegment;

/**
 * Cuts the unread tail off a sub-buffer into a self-contained sub-buffer of its own, as the
 * kernel's {@code ring_buffer_read_page()} does when {@code read()} meets a page that is partly
 * consumed: the new page's time stamp is the time reached after the events left out, its commit
 * length is the tail's length, and the bytes after it are zero. Decoding the cut page from its
 * first byte then yields exactly the tail's events with their original absolute time stamps.
 *
 * <p>A mapped ring buffer needs this for the sub-buffer the writer is still filling: the reader
 * hands out the part it has not handed out yet, and a copy is the only way to give it a header
 * of its own.
 *
 * <p>The time walk follows the kernel's reader ({@code rb_update_read_stamp()}): data events and
 * time extends add their delta, an absolute time stamp replaces the time (its top five bits coming
 * from the running time), padding adds nothing.
 */
public final class SubBufferCut {
    private static final int TYPE_LEN_MASK = 0x1f;
    private static final int TYPE_LEN_BITS = 5;
    private static final int DATA_TYPE_LEN_MAX = 28;
    private static final int PADDING = 29;
    private static final int TIME_EXTEND = 30;
    private static final int TIME_EVENT_SIZE = 8;
    private static final int TS_SHIFT = 27;
    private static final long TS_MSB = 0xf8L << 56;

    private SubBufferCut() {
    }

    /**
     * Returns the time reached after walking the events in the first {@code dataBytes} bytes of
     * the sub-buffer's data area.
     *
     * @param page the sub-buffer (header included)
     * @param header its layout
     * @param dataBytes how far to walk, counted from the data offset; must end on an event boundary
     * @param source the sub-buffer's origin, for error messages
     * @return the absolute time in trace-clock units
     * @throws MalformedDataException if an event header is invalid or {@code dataBytes} does not
     *     fall on an event boundary
     */
    public static long timeAfter(MemorySegment page, HeaderPage header, int dataBytes, String source) {
        int dataOffset = header.dataOffset();
        if (dataBytes < 0 || dataBytes > header.dataSize() || dataOffset + (long) dataBytes > page.byteSize()) {
            throw new MalformedDataException(source, dataOffset, "cannot walk " + dataBytes
                    + " data bytes of a sub-buffer of " + page.byteSize() + " bytes");
        }
        long time = page.get(JAVA_LONG_UNALIGNED, header.timestampOffset());
        int end = dataOffset + dataBytes;
        int at = dataOffset;
        while (at < end) {
            if (end - at < Integer.BYTES) {
                throw new MalformedDataException(source, at, "event header needs 4 bytes, " + (end - at) + " left");
            }
            int word = page.get(JAVA_INT_UNALIGNED, at);
            int typeLen = word & TYPE_LEN_MASK;
            long delta = Integer.toUnsignedLong(word) >>> TYPE_LEN_BITS;
            if (typeLen >= 1 && typeLen <= DATA_TYPE_LEN_MAX) {
                time += delta;
                at = step(at, Integer.BYTES + typeLen * Integer.BYTES, end, source);
                continue;
            }
            if (end - at < TIME_EVENT_SIZE) {
                throw new MalformedDataException(source, at, "event type_len " + typeLen + " needs 8 bytes, "
                        + (end - at) + " left");
            }
            long array0 = Integer.toUnsignedLong(page.get(JAVA_INT_UNALIGNED, at + Integer.BYTES));
            switch (typeLen) {
                case 0 -> {
                    if (array0 < TIME_EVENT_SIZE || array0 % Integer.BYTES != 0) {
                        throw new MalformedDataException(source, at, "event length word " + array0
                                + " is not a multiple of 4 of at least 8");
                    }
                    time += delta;
                    at = step(at, Integer.BYTES + array0, end, source);
                }
                case PADDING -> {
                    if (delta == 0 || array0 < Integer.BYTES || array0 % Integer.BYTES != 0) {
                        throw new MalformedDataException(source, at, "end-of-page padding before byte "
                                + dataBytes + " of the data, where the walk must still find events");
                    }
                    at = step(at, Integer.BYTES + array0, end, source);
                }
                case TIME_EXTEND -> {
                    // A time extend belongs to the event after it: a boundary never falls between them.
                    time += (array0 << TS_SHIFT) + delta;
                    at += TIME_EVENT_SIZE;
                }
                default -> {
                    time = fixAbsolute((array0 << TS_SHIFT) + delta, time);
                    at += TIME_EVENT_SIZE;
                }
            }
        }
        if (at != end) {
            throw new MalformedDataException(source, at, "byte " + dataBytes + " of the data is not an event boundary");
        }
        return time;
    }

    private static int step(int at, long size, int end, String source) {
        if (size > end - at) {
            throw new MalformedDataException(source, at, "event of " + size + " bytes runs past byte " + end);
        }
        return at + (int) size;
    }

    /** The kernel's {@code rb_fix_abs_ts()}: an absolute stamp holds 59 bits, the rest comes from the running time. */
    private static long fixAbsolute(long abs, long running) {
        long msb = running & TS_MSB;
        if (msb == 0) {
            return abs;
        }
        long fixed = abs | msb;
        if (Long.compareUnsigned(fixed, running) < 0) {
            fixed += 1L << 59;
        }
        return fixed;
    }

    /**
     * Writes into {@code target} a sub-buffer holding the data bytes {@code [from, to)} of
     * {@code page}: header time stamp = the time after the first {@code from} bytes, commit =
     * {@code to - from} without flags, the rest of the data area zeroed.
     *
     * @param page the source sub-buffer
     * @param header its layout
     * @param from the first data byte to keep (an event boundary)
     * @param to the end of the data to keep (an event boundary)
     * @param target where to build the new sub-buffer; at least {@code header.subBufferSize()} bytes
     * @param source the sub-buffer's origin, for error messages
     * @throws MalformedDataException if the range is not within the data area or the walk to
     *     {@code from} finds invalid events
     */
    public static void cut(MemorySegment page, HeaderPage header, int from, int to, MemorySegment target,
            String source) {
        if (from < 0 || to < from || to > header.dataSize()) {
            throw new MalformedDataException(source, header.dataOffset(), "data range [" + from + ", " + to
                    + ") is not within the " + header.dataSize() + "-byte data area");
        }
        long time = from == 0 ? page.get(JAVA_LONG_UNALIGNED, header.timestampOffset())
                : timeAfter(page, header, from, source);
        int dataOffset = header.dataOffset();
        zero(target, 0, dataOffset);
        target.set(JAVA_LONG_UNALIGNED, header.timestampOffset(), time);
        if (header.commitSize() == Long.BYTES) {
            target.set(JAVA_LONG_UNALIGNED, header.commitOffset(), to - from);
        } else {
            target.set(JAVA_INT_UNALIGNED, header.commitOffset(), to - from);
        }
        MemorySegment.copy(page, JAVA_BYTE, dataOffset + (long) from, target, JAVA_BYTE, dataOffset, to - from);
        zero(target, dataOffset + (long) (to - from), header.subBufferSize());
    }

    /** Zeroes {@code [from, to)} without creating a slice (this runs once per cut sub-buffer). */
    private static void zero(MemorySegment target, long from, long to) {
        long at = from;
        while (at < to && (at & 7) != 0) {
            target.set(JAVA_BYTE, at++, (byte) 0);
        }
        for (; at + Long.BYTES <= to; at += Long.BYTES) {
            target.set(JAVA_LONG_UNALIGNED, at, 0L);
        }
        while (at < to) {
            target.set(JAVA_BYTE, at++, (byte) 0);
        }
    }
}
