package dev.jtrace.traceevent;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT_UNALIGNED;
import static java.lang.foreign.ValueLayout.JAVA_LONG_UNALIGNED;
import static java.lang.foreign.ValueLayout.JAVA_SHORT_UNALIGNED;

import dev.jtrace.core.MalformedDataException;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * A reusable view of one trace-event record: its time stamp, CPU and payload, read in place from
 * the memory it was decoded from (a sub-buffer, a perf sample, a file mapping). Nothing is copied;
 * the view is valid until the {@link PageDecoder} or the code that filled it moves on, and as long
 * as the underlying memory is.
 *
 * <p>Field getters take offsets relative to the payload start, as the {@code offset:} values of a
 * {@code format} file are; the payload begins with the {@linkplain CommonFields common fields}.
 * Values are read in the CPU's byte order (the order the kernel wrote them in). Every getter checks
 * that the field lies within the payload and throws {@link MalformedDataException} naming the
 * source, CPU, page and byte offset otherwise. Getters allocate nothing; only {@link #cString},
 * {@link #payload()} and {@link #toString()} create objects.
 * {@snippet :
 * while (decoder.next(record)) {
 *     if (record.id() == sched_switch) {
 *         int prevPid = record.s32(24);
 *         String nextComm = record.cString(40, 16);
 *     }
 * }
 * }
 */
public final class EventRecord {
    private MemorySegment segment = MemorySegment.NULL;
    private long base;
    private long payloadOffset;
    private int payloadLength;
    private long timestamp;
    private int cpu;
    private String source = "";
    private long pageIndex = -1;

    /** Creates an empty view; fill it with {@link PageDecoder#next} or {@link #wrap}. */
    public EventRecord() {
    }

    /**
     * Points this view at a payload held elsewhere than in a sub-buffer, for example the raw data of
     * a perf sample. Error offsets are then relative to the start of {@code segment}.
     *
     * @param segment memory holding the payload
     * @param payloadOffset where the payload starts in {@code segment}
     * @param payloadLength the payload's length in bytes
     * @param timestamp the record's time stamp
     * @param cpu the CPU the record was written on
     * @param source where the bytes came from, for error messages
     * @return this view
     * @throws IllegalArgumentException if the payload range is not within {@code segment}
     */
    public EventRecord wrap(MemorySegment segment, long payloadOffset, int payloadLength, long timestamp, int cpu,
            String source) {
        Objects.requireNonNull(segment, "segment");
        Objects.requireNonNull(source, "source");
        if (payloadOffset < 0 || payloadLength < 0 || payloadOffset > segment.byteSize() - payloadLength) {
            throw new IllegalArgumentException("payload [" + payloadOffset + ", +" + payloadLength
                    + ") outside a segment of " + segment.byteSize() + " bytes");
        }
        set(segment, 0, payloadOffset, payloadLength, timestamp, cpu, source, -1);
        return this;
    }

    void set(MemorySegment segment, long base, long payloadOffset, int payloadLength, long timestamp, int cpu,
            String source, long pageIndex) {
        this.segment = segment;
        this.base = base;
        this.payloadOffset = payloadOffset;
        this.payloadLength = payloadLength;
        this.timestamp = timestamp;
        this.cpu = cpu;
        this.source = source;
        this.pageIndex = pageIndex;
    }

    /**
     * Returns the record's absolute time stamp.
     *
     * @return the time in the buffer's trace-clock units (nanoseconds for the default clock)
     */
    public long timestamp() {
        return timestamp;
    }

    /**
     * Returns the CPU the record was written on.
     *
     * @return the CPU number
     */
    public int cpu() {
        return cpu;
    }

    /**
     * Returns the event id ({@code common_type}), the index into the format table.
     *
     * @return the id, 0..65535
     * @throws MalformedDataException if the payload is shorter than 2 bytes
     */
    public int id() {
        return u16(CommonFields.TYPE_OFFSET);
    }

    /**
     * Returns the memory the record is read from; the payload is at {@link #payloadOffset()}.
     *
     * @return the segment (not a copy)
     */
    public MemorySegment segment() {
        return segment;
    }

    /**
     * Returns where the payload starts in {@link #segment()}.
     *
     * @return the byte offset
     */
    public long payloadOffset() {
        return payloadOffset;
    }

    /**
     * Returns the payload length. Ring-buffer payloads are padded to a multiple of 4 bytes, so this
     * can exceed the event's own size by up to 3 bytes.
     *
     * @return the length in bytes
     */
    public int payloadLength() {
        return payloadLength;
    }

    /**
     * Returns the payload as a slice of the underlying memory (allocates the slice object).
     *
     * @return a segment of {@link #payloadLength()} bytes sharing the memory
     */
    public MemorySegment payload() {
        return segment.asSlice(payloadOffset, payloadLength);
    }

    /**
     * Reads an unsigned byte.
     *
     * @param offset the field offset in the payload
     * @return the value, 0..255
     * @throws MalformedDataException if the field is outside the payload
     */
    public int u8(int offset) {
        return Byte.toUnsignedInt(s8(offset));
    }

    /**
     * Reads a signed byte.
     *
     * @param offset the field offset in the payload
     * @return the value
     * @throws MalformedDataException if the field is outside the payload
     */
    public byte s8(int offset) {
        check(offset, Byte.BYTES);
        return segment.get(JAVA_BYTE, payloadOffset + offset);
    }

    /**
     * Reads an unsigned 16-bit value.
     *
     * @param offset the field offset in the payload
     * @return the value, 0..65535
     * @throws MalformedDataException if the field is outside the payload
     */
    public int u16(int offset) {
        return Short.toUnsignedInt(s16(offset));
    }

    /**
     * Reads a signed 16-bit value.
     *
     * @param offset the field offset in the payload
     * @return the value
     * @throws MalformedDataException if the field is outside the payload
     */
    public short s16(int offset) {
        check(offset, Short.BYTES);
        return segment.get(JAVA_SHORT_UNALIGNED, payloadOffset + offset);
    }

    /**
     * Reads an unsigned 32-bit value.
     *
     * @param offset the field offset in the payload
     * @return the value, 0..2<sup>32</sup>-1
     * @throws MalformedDataException if the field is outside the payload
     */
    public long u32(int offset) {
        return Integer.toUnsignedLong(s32(offset));
    }

    /**
     * Reads a signed 32-bit value.
     *
     * @param offset the field offset in the payload
     * @return the value
     * @throws MalformedDataException if the field is outside the payload
     */
    public int s32(int offset) {
        check(offset, Integer.BYTES);
        return segment.get(JAVA_INT_UNALIGNED, payloadOffset + offset);
    }

    /**
     * Reads an unsigned 64-bit value. Java has no unsigned long: the bits are returned as is; use
     * {@link Long#toUnsignedString(long)} or {@link Long#compareUnsigned} to treat them as unsigned.
     *
     * @param offset the field offset in the payload
     * @return the value's 64 bits
     * @throws MalformedDataException if the field is outside the payload
     */
    public long u64(int offset) {
        return s64(offset);
    }

    /**
     * Reads a signed 64-bit value.
     *
     * @param offset the field offset in the payload
     * @return the value
     * @throws MalformedDataException if the field is outside the payload
     */
    public long s64(int offset) {
        check(offset, Long.BYTES);
        return segment.get(JAVA_LONG_UNALIGNED, payloadOffset + offset);
    }

    /**
     * Copies raw bytes of the payload into an array.
     *
     * @param offset the field offset in the payload
     * @param destination the array to copy into
     * @param destinationOffset where to start in {@code destination}
     * @param length how many bytes to copy
     * @throws MalformedDataException if the range is outside the payload
     * @throws IndexOutOfBoundsException if the range is outside {@code destination}
     */
    public void bytes(int offset, byte[] destination, int destinationOffset, int length) {
        Objects.checkFromIndexSize(destinationOffset, length, destination.length);
        check(offset, length);
        MemorySegment.copy(segment, JAVA_BYTE, payloadOffset + offset, destination, destinationOffset, length);
    }

    /**
     * Returns the length of a NUL-terminated string stored in a field of {@code maxLength} bytes
     * (a {@code char[N]} array or a dynamic string), without creating a String.
     *
     * @param offset the field offset in the payload
     * @param maxLength the field's size
     * @return the number of bytes before the first NUL, or {@code maxLength} if there is none
     * @throws MalformedDataException if the field is outside the payload
     */
    public int cStringLength(int offset, int maxLength) {
        check(offset, maxLength);
        long start = payloadOffset + offset;
        for (int i = 0; i < maxLength; i++) {
            if (segment.get(JAVA_BYTE, start + i) == 0) {
                return i;
            }
        }
        return maxLength;
    }

    /**
     * Reads a NUL-terminated string from a field of {@code maxLength} bytes, decoded as UTF-8
     * (malformed bytes become U+FFFD).
     *
     * @param offset the field offset in the payload
     * @param maxLength the field's size; the string ends at the first NUL or here
     * @return the string
     * @throws MalformedDataException if the field is outside the payload
     */
    public String cString(int offset, int maxLength) {
        int length = cStringLength(offset, maxLength);
        byte[] bytes = new byte[length];
        MemorySegment.copy(segment, JAVA_BYTE, payloadOffset + offset, bytes, 0, length);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /**
     * Decodes the payload offset of a {@code __data_loc} field: a u32 whose low 16 bits are the
     * offset of the data from the payload start and whose high 16 bits are its length.
     *
     * @param fieldOffset the offset of the 4-byte {@code __data_loc} field
     * @return the data's offset in the payload
     * @throws MalformedDataException if the field or the data it points at is outside the payload
     */
    public int dataLocOffset(int fieldOffset) {
        int loc = s32(fieldOffset);
        int offset = loc & 0xffff;
        checkDynamic(fieldOffset, offset, loc >>> 16);
        return offset;
    }

    /**
     * Decodes the length of a {@code __data_loc} field's data (strings include their NUL).
     *
     * @param fieldOffset the offset of the 4-byte {@code __data_loc} field
     * @return the data's length in bytes
     * @throws MalformedDataException if the field or the data it points at is outside the payload
     */
    public int dataLocLength(int fieldOffset) {
        int loc = s32(fieldOffset);
        int length = loc >>> 16;
        checkDynamic(fieldOffset, loc & 0xffff, length);
        return length;
    }

    /**
     * Decodes the payload offset of a {@code __rel_loc} field, whose low 16 bits count from the end
     * of the field itself ({@code __get_rel_dynamic_array()} in {@code include/trace/stages/}).
     *
     * @param fieldOffset the offset of the 4-byte {@code __rel_loc} field
     * @return the data's offset in the payload
     * @throws MalformedDataException if the field or the data it points at is outside the payload
     */
    public int relLocOffset(int fieldOffset) {
        int loc = s32(fieldOffset);
        int offset = fieldOffset + Integer.BYTES + (loc & 0xffff);
        checkDynamic(fieldOffset, offset, loc >>> 16);
        return offset;
    }

    /**
     * Decodes the length of a {@code __rel_loc} field's data.
     *
     * @param fieldOffset the offset of the 4-byte {@code __rel_loc} field
     * @return the data's length in bytes
     * @throws MalformedDataException if the field or the data it points at is outside the payload
     */
    public int relLocLength(int fieldOffset) {
        int loc = s32(fieldOffset);
        int length = loc >>> 16;
        checkDynamic(fieldOffset, fieldOffset + Integer.BYTES + (loc & 0xffff), length);
        return length;
    }

    /**
     * Returns {@code common_type}, the event id.
     *
     * @return the id
     * @throws MalformedDataException if the payload is shorter than the common fields need
     */
    public int commonType() {
        return u16(CommonFields.TYPE_OFFSET);
    }

    /**
     * Returns {@code common_flags}: irqs-off, need-resched, hardirq, softirq and similar bits.
     *
     * @return the flags byte, 0..255
     * @throws MalformedDataException if the payload is shorter than the common fields need
     */
    public int commonFlags() {
        return u8(CommonFields.FLAGS_OFFSET);
    }

    /**
     * Returns the preemption depth: the low nibble of {@code common_preempt_count}.
     *
     * @return the depth, 0..15
     * @throws MalformedDataException if the payload is shorter than the common fields need
     */
    public int commonPreemptCount() {
        return u8(CommonFields.PREEMPT_COUNT_OFFSET) & CommonFields.PREEMPT_DEPTH_MASK;
    }

    /**
     * Returns the migrate-disable depth: the high nibble of {@code common_preempt_count} (always 0
     * on kernels before 5.13).
     *
     * @return the depth, 0..15
     * @throws MalformedDataException if the payload is shorter than the common fields need
     */
    public int commonMigrateDisable() {
        return u8(CommonFields.PREEMPT_COUNT_OFFSET) >>> CommonFields.MIGRATE_DISABLE_SHIFT;
    }

    /**
     * Returns {@code common_pid}: the thread id that was current when the event was written.
     *
     * @return the pid (0 for the idle task)
     * @throws MalformedDataException if the payload is shorter than the common fields need
     */
    public int commonPid() {
        return s32(CommonFields.PID_OFFSET);
    }

    /**
     * Describes the record: CPU, time stamp, id and payload length.
     *
     * @return a one-line description
     */
    @Override
    public String toString() {
        return "EventRecord[cpu=" + cpu + ", timestamp=" + timestamp + ", id="
                + (payloadLength >= Short.BYTES ? String.valueOf(id()) : "?") + ", payloadLength=" + payloadLength
                + "]";
    }

    private void check(int offset, int size) {
        if (offset < 0 || size < 0 || offset > payloadLength - size) {
            throw outside(offset, size, "field");
        }
    }

    private void checkDynamic(int fieldOffset, int offset, int length) {
        if (offset > payloadLength - length) {
            throw new MalformedDataException(describe(source, cpu, pageIndex), payloadOffset - base + fieldOffset,
                    "dynamic data [" + offset + ", +" + length + ") of the field at payload offset " + fieldOffset
                            + " is outside the payload of " + payloadLength + " bytes" + idSuffix());
        }
    }

    private MalformedDataException outside(int offset, int size, String what) {
        return new MalformedDataException(describe(source, cpu, pageIndex), payloadOffset - base + offset,
                what + " at payload offset " + offset + " (" + size + " bytes) is outside the payload of "
                        + payloadLength + " bytes" + idSuffix());
    }

    private String idSuffix() {
        return payloadLength >= Short.BYTES
                ? " (event id " + Short.toUnsignedInt(segment.get(JAVA_SHORT_UNALIGNED, payloadOffset)) + ")"
                : "";
    }

    /** Builds the source part of an error message: {@code <source> cpu<N>[ page <P>]}. */
    static String describe(String source, int cpu, long pageIndex) {
        return pageIndex >= 0 ? source + " cpu" + cpu + " page " + pageIndex : source + " cpu" + cpu;
    }
}
