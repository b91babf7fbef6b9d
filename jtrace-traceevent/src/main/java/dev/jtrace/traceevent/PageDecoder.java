package dev.jtrace.traceevent;

import static java.lang.foreign.ValueLayout.JAVA_INT_UNALIGNED;
import static java.lang.foreign.ValueLayout.JAVA_LONG_UNALIGNED;

import dev.jtrace.core.MalformedDataException;
import dev.jtrace.traceevent.internal.PageCommit;
import dev.jtrace.traceevent.internal.RecordHeader;
import java.lang.foreign.MemorySegment;
import java.util.Objects;

/**
 * A reusable cursor over the events of one ring-buffer sub-buffer ("page"), as read from
 * {@code per_cpu/cpuN/trace_pipe_raw}, mapped from it, or stored in a trace.dat file.
 *
 * <p>Point it at a sub-buffer with {@link #reset}, then call {@link #next(EventRecord)} until it
 * returns {@code false}. Time extends, absolute time stamps and padding are consumed on the way;
 * each data event is handed out through the caller's {@link EventRecord}, which is a view over
 * the same memory, valid until the next call that changes it. Nothing is allocated per event and
 * nothing is copied.
 * {@snippet :
 * HeaderPage layout = HeaderPage.parse(Files.readString(headerPagePath), headerPagePath.toString());
 * PageDecoder decoder = new PageDecoder(layout);
 * EventRecord record = new EventRecord();
 * for (long page = 0; page * layout.subBufferSize() < pages.byteSize(); page++) {
 *     decoder.reset(pages, page * layout.subBufferSize(), "cpu0.raw", 0, page);
 *     while (decoder.next(record)) {
 *         System.out.println(record.timestamp() + " id " + record.id() + " pid " + record.commonPid());
 *     }
 * }
 * }
 *
 * <p>Time stamps are absolute, in the units of the buffer's trace clock (nanoseconds for all but
 * {@code counter}, {@code uptime} and the arch clocks): the page time stamp plus the deltas of every
 * event before, time extends included. Like the kernel's own reader
 * ({@code rb_update_read_stamp()}), the delta of a padding (discarded) event is not added. An
 * absolute time stamp (type 31) holds 59 bits; the top five come from the running time, with a
 * carry if the low bits wrapped ({@code rb_fix_abs_ts()}).
 *
 * <p>Bad data (a commit length beyond the sub-buffer, an event running past the commit length, a
 * malformed length word) throws {@link MalformedDataException} naming the source, CPU, page and
 * the byte offset within the sub-buffer. Every step advances by at least 8 bytes, so a corrupt page
 * cannot make the decoder loop.
 *
 * <p>Instances are not thread-safe; use one per reading thread.
 */
public final class PageDecoder {
    private static final int MIN_DATA_EVENT_SIZE = 8;

    private final HeaderPage header;
    private final int timestampOffset;
    private final int commitOffset;
    private final int commitSize;
    private final int dataOffset;
    private final int subBufferSize;

    private MemorySegment segment = MemorySegment.NULL;
    private long base;
    private String source = "";
    private int cpu;
    private long pageIndex = -1;
    private long pageTimestamp;
    private long commit;
    private int dataLength;
    private long missedCount;
    private int position;
    private int end;
    private long time;

    /**
     * Creates a decoder for sub-buffers with the given layout.
     *
     * @param header the layout from the buffer's {@code events/header_page}
     */
    public PageDecoder(HeaderPage header) {
        this.header = Objects.requireNonNull(header, "header");
        this.timestampOffset = header.timestampOffset();
        this.commitOffset = header.commitOffset();
        this.commitSize = header.commitSize();
        this.dataOffset = header.dataOffset();
        this.subBufferSize = header.subBufferSize();
    }

    /**
     * Returns the layout this decoder was made for.
     *
     * @return the header layout
     */
    public HeaderPage header() {
        return header;
    }

    /**
     * Starts decoding the sub-buffer that fills {@code subBuffer} from its first byte, with no page
     * number in error messages.
     *
     * @param subBuffer the sub-buffer (at least the header and the committed data)
     * @param source where the bytes came from, for error messages, e.g. a path
     * @param cpu the CPU whose buffer the page belongs to
     * @return this decoder
     * @throws MalformedDataException if the page header is truncated or its commit word is invalid
     */
    public PageDecoder reset(MemorySegment subBuffer, String source, int cpu) {
        return reset(subBuffer, 0, source, cpu, -1);
    }

    /**
     * Starts decoding the sub-buffer at {@code offset} in {@code data}, for example one page of a
     * file holding many. Only {@code min(subBufferSize, data.byteSize() - offset)} bytes are read.
     *
     * @param data memory holding the sub-buffer
     * @param offset where the sub-buffer starts in {@code data}
     * @param source where the bytes came from, for error messages, e.g. a path
     * @param cpu the CPU whose buffer the page belongs to
     * @param pageIndex the page's number within the source for error messages, or -1 for none
     * @return this decoder
     * @throws IllegalArgumentException if {@code offset} is outside {@code data}
     * @throws MalformedDataException if fewer bytes than the page header remain, the commit length
     *     exceeds the sub-buffer's data area or the bytes available, or a stored missed-event count
     *     does not fit
     */
    public PageDecoder reset(MemorySegment data, long offset, String source, int cpu, long pageIndex) {
        Objects.requireNonNull(data, "data");
        if (offset < 0 || offset > data.byteSize()) {
            throw new IllegalArgumentException("offset " + offset + " outside a segment of " + data.byteSize()
                    + " bytes");
        }
        this.segment = data;
        this.base = offset;
        this.source = Objects.requireNonNull(source, "source");
        this.cpu = cpu;
        this.pageIndex = pageIndex;
        this.position = dataOffset;
        this.end = dataOffset;
        this.dataLength = 0;
        this.missedCount = 0;
        this.commit = 0;
        long available = Math.min(subBufferSize, data.byteSize() - offset);
        if (available < dataOffset) {
            throw error(available, "truncated sub-buffer: " + available + " bytes, the header alone needs "
                    + dataOffset);
        }
        pageTimestamp = data.get(JAVA_LONG_UNALIGNED, offset + timestampOffset);
        commit = commitSize == Long.BYTES
                ? data.get(JAVA_LONG_UNALIGNED, offset + commitOffset)
                : Integer.toUnsignedLong(data.get(JAVA_INT_UNALIGNED, offset + commitOffset));
        int length = PageCommit.length(commit);
        if (length > subBufferSize - dataOffset) {
            throw error(commitOffset, "commit length " + length + " exceeds the sub-buffer's data area of "
                    + (subBufferSize - dataOffset) + " bytes");
        }
        if (dataOffset + length > available) {
            throw error(commitOffset, "commit length " + length + " runs past the " + available
                    + " bytes available (truncated sub-buffer)");
        }
        if ((commit & PageCommit.MISSED_EVENTS) != 0) {
            missedCount = -1;
        }
        if ((commit & PageCommit.MISSED_STORED) != 0) {
            int at = dataOffset + length;
            if (at + commitSize > available) {
                throw error(at, "missed-event count (" + commitSize + " bytes) does not fit after the data");
            }
            missedCount = commitSize == Long.BYTES
                    ? data.get(JAVA_LONG_UNALIGNED, offset + at)
                    : Integer.toUnsignedLong(data.get(JAVA_INT_UNALIGNED, offset + at));
            if (missedCount < 0) {
                throw error(at, "missed-event count " + Long.toUnsignedString(missedCount) + " is out of range");
            }
        }
        this.dataLength = length;
        this.end = dataOffset + length;
        this.time = pageTimestamp;
        return this;
    }

    /**
     * Advances to the next data event of the sub-buffer and points {@code into} at it.
     *
     * @param into the record view to fill; it keeps referring to this sub-buffer's memory
     * @return {@code true} if {@code into} now shows an event, {@code false} at the end of the data
     * @throws MalformedDataException if an event header or length is invalid or an event runs past
     *     the commit length; the offset is the event's byte offset in the sub-buffer
     */
    public boolean next(EventRecord into) {
        while (position < end) {
            int at = position;
            int left = end - at;
            if (left < RecordHeader.HEADER_SIZE) {
                throw error(at, "event header needs 4 bytes, only " + left + " left before the commit end " + end);
            }
            int word = segment.get(JAVA_INT_UNALIGNED, base + at);
            int typeLen = word & RecordHeader.TYPE_LEN_MASK;
            long delta = Integer.toUnsignedLong(word) >>> RecordHeader.TYPE_LEN_BITS;
            if (typeLen >= 1 && typeLen <= RecordHeader.DATA_TYPE_LEN_MAX) {
                int size = RecordHeader.HEADER_SIZE + typeLen * RecordHeader.ALIGNMENT;
                if (size > left) {
                    throw error(at, "event of " + size + " bytes (type_len " + typeLen
                            + ") runs past the commit end " + end);
                }
                return emit(into, at, at + RecordHeader.HEADER_SIZE, size - RecordHeader.HEADER_SIZE, size, delta);
            }
            if (typeLen == RecordHeader.PADDING && delta == 0) {
                // A "null" padding: the kernel's marker that nothing valid follows on this page.
                position = end;
                return false;
            }
            if (left < 2 * RecordHeader.HEADER_SIZE) {
                throw error(at, "event type_len " + typeLen + " needs 8 bytes, only " + left
                        + " left before the commit end " + end);
            }
            long array0 = Integer.toUnsignedLong(segment.get(JAVA_INT_UNALIGNED, base + at + RecordHeader.HEADER_SIZE));
            switch (typeLen) {
                case 0 -> {
                    // array[0] counts itself: the payload is array[0] - 4 bytes starting at array[1].
                    if (array0 < MIN_DATA_EVENT_SIZE || array0 % RecordHeader.ALIGNMENT != 0) {
                        throw error(at, "event length word " + array0 + " is not a multiple of 4 of at least 8");
                    }
                    long size = RecordHeader.HEADER_SIZE + array0;
                    if (size > left) {
                        throw error(at, "event of " + size + " bytes runs past the commit end " + end);
                    }
                    return emit(into, at, at + 2 * RecordHeader.HEADER_SIZE,
                            (int) array0 - RecordHeader.HEADER_SIZE, (int) size, delta);
                }
                case RecordHeader.PADDING -> {
                    // array[0] is the length after the header word, itself included.
                    if (array0 < RecordHeader.HEADER_SIZE || array0 % RecordHeader.ALIGNMENT != 0) {
                        throw error(at, "padding length " + array0 + " is not a multiple of 4 of at least 4");
                    }
                    long size = RecordHeader.HEADER_SIZE + array0;
                    if (size > left) {
                        throw error(at, "padding of " + size + " bytes runs past the commit end " + end);
                    }
                    position = at + (int) size;
                }
                case RecordHeader.TIME_EXTEND -> {
                    time += (array0 << RecordHeader.TIME_DELTA_BITS) + delta;
                    position = at + RecordHeader.TIME_EVENT_SIZE;
                }
                default -> {
                    // TIME_STAMP: the low 59 bits of an absolute time.
                    time = RecordHeader.fixAbsolute((array0 << RecordHeader.TIME_DELTA_BITS) + delta, time);
                    position = at + RecordHeader.TIME_EVENT_SIZE;
                }
            }
        }
        return false;
    }

    private boolean emit(EventRecord into, int at, int payload, int payloadLength, int size, long delta) {
        time += delta;
        position = at + size;
        into.set(segment, base, base + payload, payloadLength, time, cpu, source, pageIndex);
        return true;
    }

    /**
     * Returns the time stamp in the page header: the time of the page's first event before its delta.
     *
     * @return the page time stamp in trace-clock units
     */
    public long pageTimestamp() {
        return pageTimestamp;
    }

    /**
     * Returns the raw commit word, flags included.
     *
     * @return the commit word
     */
    public long commitWord() {
        return commit;
    }

    /**
     * Returns the number of bytes of event data on the page.
     *
     * @return the commit length, counted from the header's data offset
     */
    public int dataLength() {
        return dataLength;
    }

    /**
     * Tells whether events were lost before this page (the kernel set {@code RB_MISSED_EVENTS}).
     *
     * @return {@code true} if events were lost
     */
    public boolean missedEvents() {
        return (commit & PageCommit.MISSED_EVENTS) != 0;
    }

    /**
     * Returns how many events were lost before this page.
     *
     * @return 0 if none were, the count if the kernel stored it after the data
     *     ({@code RB_MISSED_STORED}), or -1 if some were lost but there was no room for the count
     */
    public long missedCount() {
        return missedCount;
    }

    /**
     * Returns the CPU given to the last {@link #reset}.
     *
     * @return the CPU number
     */
    public int cpu() {
        return cpu;
    }

    /**
     * Returns the offset in the sub-buffer of the next event header to decode.
     *
     * @return the byte offset; equal to {@code header().dataOffset() + dataLength()} at the end
     */
    public int position() {
        return position;
    }

    private MalformedDataException error(long offset, String detail) {
        return new MalformedDataException(EventRecord.describe(source, cpu, pageIndex), offset, detail);
    }
}
