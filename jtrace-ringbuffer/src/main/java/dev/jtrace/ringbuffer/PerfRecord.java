package dev.jtrace.ringbuffer;

import static java.lang.foreign.ValueLayout.JAVA_INT_UNALIGNED;
import static java.lang.foreign.ValueLayout.JAVA_LONG_UNALIGNED;
import static java.lang.foreign.ValueLayout.JAVA_SHORT_UNALIGNED;

import dev.jtrace.core.MalformedDataException;
import dev.jtrace.ringbuffer.internal.PerfMmapPage;
import java.lang.foreign.MemorySegment;

/**
 * A reusable view of one perf ring record ({@code struct perf_event_header} and its body), filled
 * by a {@link PerfRingReader}. It points into the mapped ring, or into the reader's scratch buffer
 * for a record that wraps around the ring's end; either way it is valid until the next call on
 * the reader. Offsets given to the getters count from the start of the record (the header), and
 * every getter checks that the field lies within the record.
 *
 * <p>The body layout depends on the record type and the event's {@code sample_type}; for a
 * tracepoint sampled with {@code PERF_SAMPLE_RAW}, the raw data is a trace-event record that
 * {@link dev.jtrace.traceevent.EventRecord#wrap} can view in place.
 */
public final class PerfRecord {
    private MemorySegment segment = MemorySegment.NULL;
    private long offset;
    private int size;
    private long position;
    private String source = "";

    /** Creates an empty view; a {@link PerfRingReader} fills it. */
    public PerfRecord() {
    }

    void set(MemorySegment segment, long offset, int size, long position, String source) {
        this.segment = segment;
        this.offset = offset;
        this.size = size;
        this.position = position;
        this.source = source;
    }

    /**
     * Returns the record type ({@code PERF_RECORD_SAMPLE} = 9, {@code PERF_RECORD_LOST} = 2, ...).
     *
     * @return the type
     */
    public int type() {
        return segment.get(JAVA_INT_UNALIGNED, offset + PerfMmapPage.TYPE);
    }

    /**
     * Returns the misc bits of the header (CPU mode, exact IP, ...).
     *
     * @return the unsigned 16-bit value
     */
    public int misc() {
        return Short.toUnsignedInt(segment.get(JAVA_SHORT_UNALIGNED, offset + PerfMmapPage.MISC));
    }

    /**
     * Returns the record's size, header included.
     *
     * @return the size in bytes, a multiple of 8
     */
    public int size() {
        return size;
    }

    /**
     * Returns the memory holding the record: the ring's data area or the reader's scratch buffer.
     *
     * @return the segment (not a copy)
     */
    public MemorySegment segment() {
        return segment;
    }

    /**
     * Returns where the record starts in {@link #segment()}.
     *
     * @return the byte offset of the header
     */
    public long offset() {
        return offset;
    }

    /**
     * Returns the record's position in the ring as the kernel counts it ({@code data_tail} before
     * the record): increasing for a forward ring, for error messages and gap checks.
     *
     * @return the byte counter
     */
    public long position() {
        return position;
    }

    /**
     * Reads an unsigned 16-bit field.
     *
     * @param at the offset from the record start
     * @return the value
     * @throws MalformedDataException if the field is not within the record
     */
    public int u16(int at) {
        check(at, Short.BYTES);
        return Short.toUnsignedInt(segment.get(JAVA_SHORT_UNALIGNED, offset + at));
    }

    /**
     * Reads a 32-bit field.
     *
     * @param at the offset from the record start
     * @return the value (use {@link Integer#toUnsignedLong} for {@code u32} fields)
     * @throws MalformedDataException if the field is not within the record
     */
    public int s32(int at) {
        check(at, Integer.BYTES);
        return segment.get(JAVA_INT_UNALIGNED, offset + at);
    }

    /**
     * Reads a 64-bit field.
     *
     * @param at the offset from the record start
     * @return the value (unsigned fields above {@link Long#MAX_VALUE} come out negative)
     * @throws MalformedDataException if the field is not within the record
     */
    public long u64(int at) {
        check(at, Long.BYTES);
        return segment.get(JAVA_LONG_UNALIGNED, offset + at);
    }

    private void check(int at, int length) {
        if (at < 0 || at > size - length) {
            throw new MalformedDataException(source, position + Math.max(at, 0), length + "-byte field at offset " + at
                    + " runs past the " + size + "-byte record of type " + type());
        }
    }

    @Override
    public String toString() {
        return "PerfRecord[type " + type() + ", misc " + misc() + ", " + size + " bytes at " + position + "]";
    }
}
