package dev.jtrace.ringbuffer;

import static java.lang.foreign.ValueLayout.JAVA_INT_UNALIGNED;
import static java.lang.foreign.ValueLayout.JAVA_LONG_UNALIGNED;

import dev.jtrace.traceevent.HeaderPage;
import java.lang.foreign.MemorySegment;

/**
 * A view of one ring-buffer sub-buffer ("page") handed out by a {@link CpuBufferReader}: the
 * raw bytes as the kernel's {@code read()} of {@code trace_pipe_raw} returns them (header, events,
 * and after the events the missed-event count if the kernel stored one), ready to copy into a
 * trace.dat file or to decode with {@link dev.jtrace.traceevent.PageDecoder}.
 *
 * <p>The view is valid until the next call to {@link CpuBufferReader#nextSubBuffer()} or
 * {@link CpuBufferReader#close()}: in mmap mode the memory is the kernel's page, which goes back
 * to the writer at the next call; in read mode it is the reader's buffer, which the next read
 * overwrites. Copy the bytes to keep them.
 *
 * <p>Every event of the CPU's buffer appears in exactly one handed-out sub-buffer, and each
 * sub-buffer decodes on its own from its first byte with correct absolute time stamps.
 */
public final class SubBuffer {
    private final HeaderPage header;
    private final int cpu;
    private MemorySegment segment = MemorySegment.NULL;
    private boolean mapped;
    private long lostEvents;
    private long sequence = -1;

    SubBuffer(HeaderPage header, int cpu) {
        this.header = header;
        this.cpu = cpu;
    }

    void set(MemorySegment segment, boolean mapped) {
        this.segment = segment;
        this.mapped = mapped;
        this.lostEvents = 0;
        this.sequence++;
    }

    void lostEvents(long lost) {
        this.lostEvents = lost;
    }

    /**
     * Returns the sub-buffer's bytes: exactly {@code header().subBufferSize()} of them.
     *
     * @return the memory (not a copy); valid until the reader moves on
     */
    public MemorySegment segment() {
        return segment;
    }

    /**
     * Returns the CPU whose buffer this sub-buffer belongs to.
     *
     * @return the CPU number
     */
    public int cpu() {
        return cpu;
    }

    /**
     * Returns the layout of the sub-buffer header.
     *
     * @return the layout from the instance's {@code events/header_page}
     */
    public HeaderPage header() {
        return header;
    }

    /**
     * Returns the time stamp in the sub-buffer header: the time the first event's delta counts from.
     *
     * @return the time in trace-clock units
     */
    public long timestamp() {
        return segment.get(JAVA_LONG_UNALIGNED, header.timestampOffset());
    }

    /**
     * Returns the raw commit word of the header, with the kernel's missed-event flags.
     *
     * @return the commit word
     */
    public long commitWord() {
        return header.commitSize() == Long.BYTES ? segment.get(JAVA_LONG_UNALIGNED, header.commitOffset())
                : Integer.toUnsignedLong(segment.get(JAVA_INT_UNALIGNED, header.commitOffset()));
    }

    /**
     * Returns the number of bytes of event data, counted from the header's data offset.
     *
     * @return the commit length without flags
     */
    public int dataLength() {
        return (int) (commitWord() & ((1 << 27) - 1));
    }

    /**
     * Returns how many events the kernel lost (overwrote or dropped) just before this sub-buffer.
     * It comes from the sub-buffer's flags and the count the kernel stores after the data; when
     * the kernel had no room for the count, from the buffer's overrun counter.
     *
     * @return the number of lost events, 0 if none
     */
    public long lostEvents() {
        return lostEvents;
    }

    /**
     * Tells whether the view is the kernel's own page, mapped (zero copy), rather than a copy.
     * In mmap mode, full sub-buffers are mapped; the sub-buffer the writer is still filling is
     * handed out as a copy of its new events.
     *
     * @return {@code true} for a mapped page
     */
    public boolean isMapped() {
        return mapped;
    }

    /**
     * Returns the number of sub-buffers the reader handed out before this one.
     *
     * @return the index of this sub-buffer in the reader's output, from 0
     */
    public long sequence() {
        return sequence;
    }

    @Override
    public String toString() {
        return "SubBuffer[cpu " + cpu + " #" + sequence + ", " + (mapped ? "mapped" : "copied") + ", data "
                + dataLength() + " bytes, lost " + lostEvents + "]";
    }
}
