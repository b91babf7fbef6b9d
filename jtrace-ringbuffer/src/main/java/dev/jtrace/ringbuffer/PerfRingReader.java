package dev.jtrace.ringbuffer;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;

import dev.jtrace.core.KernelCallException;
import dev.jtrace.core.MalformedDataException;
import dev.jtrace.core.ResourceClosedException;
import dev.jtrace.core.internal.LibC;
import dev.jtrace.ringbuffer.internal.PerfMmapPage;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Reads the records of a perf_event ring buffer: a mapping of 1 + 2<sup>n</sup> pages of a
 * {@code perf_event_open} descriptor, whose first page holds the ring control
 * ({@code data_head}, {@code data_tail}) and the rest the records.
 *
 * <p><b>Forward rings</b> (the mapping is writable): {@link #next} and {@link #drain} hand out the
 * records between {@code data_tail} and {@code data_head} in place. {@code data_head} is loaded
 * with acquire semantics; a record's space is returned to the kernel by a release store of
 * {@code data_tail} when the next record is asked for, so the kernel never overwrites a record
 * the caller still holds. A record that runs past the end of the ring is copied once into a
 * scratch buffer. When the ring was full the kernel writes a {@code PERF_RECORD_LOST} record;
 * {@link #lostRecords()} sums their counts.
 * {@snippet class="dev.jtrace.ringbuffer.ExamplesKernelTest" region="perf-ring"}
 *
 * <p><b>Backward (overwrite) rings</b> (the event has {@code write_backward} set and the mapping is
 * read-only): the kernel overwrites the oldest records and never loses new ones, a flight
 * recorder. {@link #snapshot} hands out every record the ring holds, oldest first; when the
 * reader knows the descriptor it pauses the ring's output meanwhile
 * ({@code PERF_EVENT_IOC_PAUSE_OUTPUT}). Records the kernel could not write while the output was
 * paused show up as a {@code PERF_RECORD_LOST} before the next record written.
 *
 * <p>Nothing is allocated per record. The reader is used by one thread; {@link #close()} may come
 * from another and is idempotent. A mapping made by {@link #map} is unmapped on close; one passed
 * to {@link #wrap} belongs to the caller. The perf descriptor always belongs to the caller.
 */
public final class PerfRingReader implements AutoCloseable {
    private static final int MAX_RECORD_SIZE = 0xffff;

    private final MemorySegment control;
    private final MemorySegment data;
    private final long dataSize;
    private final long mask;
    private final boolean backward;
    private final int fd;
    private final String source;
    private final Arena arena;
    private final MemorySegment scratch;
    private final PerfRecord view = new PerfRecord();
    private long tail;
    private long released;
    private long head;
    private long lost;
    private int[] snapshotOffsets;
    private volatile boolean closed;

    private PerfRingReader(MemorySegment mapping, boolean backward, int fd, Arena arena, String source) {
        this.backward = backward;
        this.fd = fd;
        this.arena = arena;
        this.source = source;
        long pageSize = LibC.sysconf(LibC.SC_PAGESIZE);
        if (mapping.byteSize() < 2 * pageSize) {
            throw new IllegalArgumentException("a perf mapping of " + mapping.byteSize()
                    + " bytes is smaller than 1 + 1 pages of " + pageSize);
        }
        this.control = mapping.asSlice(0, pageSize);
        long offset = PerfMmapPage.dataOffset(control);
        long size = PerfMmapPage.dataSize(control);
        if (offset == 0 && size == 0) { // kernels before 4.1: the rest of the mapping
            offset = pageSize;
            size = mapping.byteSize() - pageSize;
        }
        if (Long.bitCount(size) != 1 || size > 1L << 30 || offset < pageSize || offset > mapping.byteSize() - size) {
            throw new MalformedDataException(source, PerfMmapPage.DATA_OFFSET, "data_offset " + offset
                    + " and data_size " + size + " do not describe a power-of-two ring within the "
                    + mapping.byteSize() + "-byte mapping");
        }
        this.data = mapping.asSlice(offset, size);
        this.dataSize = size;
        this.mask = size - 1;
        this.scratch = arena.allocate(Math.min(size, MAX_RECORD_SIZE + 1L), Long.BYTES);
        this.tail = PerfMmapPage.tail(control);
        this.released = tail;
        this.head = tail;
    }

    /**
     * Maps the ring of a perf event descriptor: one control page and {@code dataPages} data pages,
     * writable for a forward ring, read-only for a backward one.
     *
     * @param perfFd the descriptor from {@code perf_event_open}; it stays the caller's
     * @param dataPages the number of data pages, a power of two
     * @param backward {@code true} for an overwrite ring (the event must have {@code write_backward}
     *     set); {@code false} for a normal ring
     * @return the reader, owning the mapping
     * @throws IllegalArgumentException if {@code dataPages} is not a power of two
     * @throws KernelCallException if the kernel refuses the mapping (EPERM beyond
     *     {@code perf_event_mlock_kb}, EINVAL for a size that is not 1 + 2^n pages)
     */
    public static PerfRingReader map(int perfFd, int dataPages, boolean backward) {
        if (dataPages <= 0 || Integer.bitCount(dataPages) != 1) {
            throw new IllegalArgumentException("dataPages " + dataPages + " is not a power of two");
        }
        long pageSize = LibC.sysconf(LibC.SC_PAGESIZE);
        int prot = backward ? LibC.PROT_READ : LibC.PROT_READ | LibC.PROT_WRITE;
        String what = "perf_event fd " + perfFd;
        Arena arena = Arena.ofShared();
        try {
            MemorySegment mapping = LibC.mmap((1L + dataPages) * pageSize, prot, LibC.MAP_SHARED, perfFd, 0, arena,
                    what);
            return new PerfRingReader(mapping, backward, perfFd, arena, what + " ring");
        } catch (RuntimeException | Error e) {
            arena.close();
            throw e;
        }
    }

    /**
     * Reads a ring mapped by someone else, such as a perf event object that owns its mapping. For
     * a backward ring, {@link #snapshot} then cannot pause the output: the owner should.
     *
     * @param mapping the whole mapping: control page and data pages; for a forward ring it must be
     *     mapped writable ({@code PROT_WRITE}), since the reader stores {@code data_tail} into it
     * @param backward whether the ring is an overwrite ring
     * @return the reader; closing it leaves the mapping alone
     * @throws IllegalArgumentException if the mapping is smaller than two pages, or is a read-only
     *     segment for a forward ring
     * @throws MalformedDataException if the control page does not describe a ring within the mapping
     */
    public static PerfRingReader wrap(MemorySegment mapping, boolean backward) {
        Objects.requireNonNull(mapping, "mapping");
        if (!backward && mapping.isReadOnly()) {
            throw new IllegalArgumentException("a forward ring needs a writable mapping: the reader stores data_tail");
        }
        Arena arena = Arena.ofShared();
        try {
            return new PerfRingReader(mapping, backward, -1, arena, "perf ring at 0x"
                    + Long.toHexString(mapping.address()));
        } catch (RuntimeException | Error e) {
            arena.close();
            throw e;
        }
    }

    /**
     * Points {@code into} at the next record of a forward ring, if the kernel has published one,
     * and returns the previous record's space to the kernel.
     *
     * @param into the view to fill; valid until the next call or {@link #close()}
     * @return {@code true} if {@code into} shows a record, {@code false} if the ring is empty
     * @throws IllegalStateException if this is a backward ring
     * @throws ResourceClosedException if the reader is closed
     * @throws MalformedDataException if a record header is invalid (size not a multiple of 8, below
     *     8 or beyond the published data)
     */
    public boolean next(PerfRecord into) {
        Objects.requireNonNull(into, "into");
        requireForward();
        try {
            if (tail != released) {
                PerfMmapPage.tailRelease(control, tail);
                released = tail;
            }
            if (tail == head) {
                head = PerfMmapPage.headAcquire(control);
                if (tail == head) {
                    return false;
                }
                long available = head - tail;
                if (available < 0 || available > dataSize) {
                    throw new MalformedDataException(source, tail, "data_head " + head + " is " + available
                            + " bytes from data_tail in a ring of " + dataSize);
                }
            }
            readAt(tail, head - tail, into);
            if (into.type() == PerfMmapPage.RECORD_LOST && into.size() >= PerfMmapPage.LOST_COUNT + Long.BYTES) {
                lost += into.u64(PerfMmapPage.LOST_COUNT);
            }
            tail += into.size();
            return true;
        } catch (IllegalStateException e) {
            throw closedOr(e);
        }
    }

    /**
     * Hands every record the kernel has published to {@code handler}, oldest first, until the
     * ring is empty or the reader is closed. The record is a view valid during the call and until
     * the next call on this reader.
     *
     * @param handler what to do with each record
     * @return the number of records handed over
     * @throws IllegalStateException if this is a backward ring
     * @throws ResourceClosedException if the reader is closed
     * @throws MalformedDataException if a record header is invalid
     */
    public long drain(Consumer<? super PerfRecord> handler) {
        Objects.requireNonNull(handler, "handler");
        long count = 0;
        while (!closed && next(view)) {
            handler.accept(view);
            count++;
        }
        return count;
    }

    /**
     * Hands every record a backward ring holds to {@code handler}, oldest first. Pauses the
     * ring's output meanwhile if the reader was made by {@link #map}. The records stay in the
     * ring: a later snapshot sees them again, with whatever was written since.
     *
     * @param handler what to do with each record; the view is valid during the call only
     * @return the number of records handed over
     * @throws IllegalStateException if this is a forward ring
     * @throws ResourceClosedException if the reader is closed
     * @throws KernelCallException if pausing or resuming the output fails
     * @throws MalformedDataException if a record header is invalid
     */
    public long snapshot(Consumer<? super PerfRecord> handler) {
        Objects.requireNonNull(handler, "handler");
        ensureOpen();
        if (!backward) {
            throw new IllegalStateException("snapshot() reads backward rings; use next() or drain() on " + source);
        }
        if (fd >= 0) {
            LibC.ioctl(fd, PerfMmapPage.IOC_PAUSE_OUTPUT, 1, "PERF_EVENT_IOC_PAUSE_OUTPUT " + source);
        }
        try {
            long start = PerfMmapPage.headAcquire(control);
            if (snapshotOffsets == null) {
                snapshotOffsets = new int[(int) (dataSize / PerfMmapPage.HEADER_SIZE)];
            }
            // The newest record starts at data_head; older ones follow it up to one ring's length.
            // A zero header is space never written; a record crossing the end was partly overwritten.
            int count = 0;
            long walked = 0;
            while (walked + PerfMmapPage.HEADER_SIZE <= dataSize) {
                long at = (start + walked) & mask;
                int size = PerfMmapPage.size(data, at);
                if (size == 0) {
                    break;
                }
                checkSize(size, start + walked);
                if (walked + size > dataSize) {
                    break;
                }
                snapshotOffsets[count++] = (int) walked;
                walked += size;
            }
            // Oldest first is the reverse of the walk, except that the kernel writes a
            // PERF_RECORD_LOST in one piece with the record after it (the loss is reported as the
            // next record is written): the pair keeps its order.
            for (int i = count - 1; i >= 0; i--) {
                if (i > 0 && PerfMmapPage.type(data, (start + snapshotOffsets[i - 1]) & mask)
                        == PerfMmapPage.RECORD_LOST) {
                    deliver(start, i - 1, handler);
                    deliver(start, i, handler);
                    i--;
                } else {
                    deliver(start, i, handler);
                }
            }
            return count;
        } catch (IllegalStateException e) {
            throw closedOr(e);
        } finally {
            if (fd >= 0) { // the descriptor is the caller's and still open, even if this reader was closed
                LibC.ioctl(fd, PerfMmapPage.IOC_PAUSE_OUTPUT, 0, "PERF_EVENT_IOC_PAUSE_OUTPUT " + source);
            }
        }
    }

    private void deliver(long start, int index, Consumer<? super PerfRecord> handler) {
        readAt(start + snapshotOffsets[index], dataSize - snapshotOffsets[index], view);
        handler.accept(view);
    }

    /** Points {@code into} at the record at ring counter {@code position}, copying it if it wraps. */
    private void readAt(long position, long limit, PerfRecord into) {
        long at = position & mask;
        int size = PerfMmapPage.size(data, at);
        checkSize(size, position);
        if (size > limit) {
            throw new MalformedDataException(source, position, "record of " + size + " bytes runs past the "
                    + limit + " bytes published");
        }
        if (at + size <= dataSize) {
            into.set(data, at, size, position, source);
        } else {
            long first = dataSize - at;
            MemorySegment.copy(data, JAVA_BYTE, at, scratch, JAVA_BYTE, 0, first);
            MemorySegment.copy(data, JAVA_BYTE, 0, scratch, JAVA_BYTE, first, size - first);
            into.set(scratch, 0, size, position, source);
        }
    }

    private void checkSize(int size, long position) {
        if (size < PerfMmapPage.HEADER_SIZE || size % Long.BYTES != 0) {
            throw new MalformedDataException(source, position, "record size " + size
                    + " is not a multiple of 8 of at least 8");
        }
    }

    private void requireForward() {
        ensureOpen();
        if (backward) {
            throw new IllegalStateException("next() and drain() read forward rings; use snapshot() on " + source);
        }
    }

    /**
     * Returns the number of records the kernel reported lost ({@code PERF_RECORD_LOST}) in the
     * records read so far: samples it could not write because the ring was full.
     *
     * @return the total
     */
    public long lostRecords() {
        return lost;
    }

    /**
     * Returns how many bytes of records the kernel has published and this reader not yet handed out.
     *
     * @return the bytes between the read position and {@code data_head}
     * @throws ResourceClosedException if the reader is closed
     */
    public long availableBytes() {
        ensureOpen();
        return backward ? 0 : PerfMmapPage.headAcquire(control) - tail;
    }

    /**
     * Returns the size of the data area.
     *
     * @return 2<sup>n</sup> pages in bytes
     */
    public long dataSize() {
        return dataSize;
    }

    /**
     * Tells whether this is a backward (overwrite) ring.
     *
     * @return {@code true} for a ring read with {@link #snapshot}
     */
    public boolean isBackward() {
        return backward;
    }

    private void ensureOpen() {
        if (closed) {
            throw new ResourceClosedException(source + " reader");
        }
    }

    private RuntimeException closedOr(IllegalStateException e) {
        return closed ? new ResourceClosedException(source + " reader", e) : e;
    }

    /**
     * Unmaps the ring if {@link #map} mapped it and frees the scratch buffer; the last record handed
     * out becomes invalid. Idempotent. The perf descriptor is not closed.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        arena.close();
    }

    @Override
    public String toString() {
        return "PerfRingReader[" + source + ", " + dataSize + " bytes, " + (backward ? "backward" : "forward")
                + (closed ? ", closed]" : "]");
    }
}
