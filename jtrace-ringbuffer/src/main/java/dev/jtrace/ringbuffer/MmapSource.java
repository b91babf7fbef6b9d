package dev.jtrace.ringbuffer;

import static java.lang.foreign.ValueLayout.JAVA_INT_UNALIGNED;
import static java.lang.foreign.ValueLayout.JAVA_LONG_UNALIGNED;

import dev.jtrace.core.KernelCallException;
import dev.jtrace.core.MalformedDataException;
import dev.jtrace.core.internal.LibC;
import dev.jtrace.core.internal.NativeFd;
import dev.jtrace.ringbuffer.internal.SubBufferCut;
import dev.jtrace.ringbuffer.internal.TraceBufferMeta;
import dev.jtrace.traceevent.HeaderPage;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * Sub-buffers of a mapped {@code trace_pipe_raw} (Linux 6.10+, {@code include/uapi/linux/trace_mmap.h}).
 *
 * <p>The file maps as the meta page ({@link TraceBufferMeta}) followed by every sub-buffer in id
 * order. {@code ioctl(TRACE_MMAP_IOCTL_GET_READER)} on the non-blocking descriptor (a blocking one
 * makes the ioctl wait for {@code buffer_percent}) does one of two things
 * ({@code ring_buffer_map_get_reader()}):
 * <ul>
 *   <li>if the current reader sub-buffer holds events the kernel has not counted as read, it
 *       counts them as read and leaves {@code reader.id} alone: the writer is still filling this
 *       sub-buffer, and {@code reader.read} is now its commit length;
 *   <li>otherwise it swaps the next full sub-buffer in as the reader ({@code reader.id} changes,
 *       {@code reader.read} = its length), first moving any loss into its commit flags and the
 *       count after its data, as {@code read()} does.
 * </ul>
 * So after each ioctl the new events are the data bytes {@code [from, reader.read)} of
 * sub-buffer {@code reader.id}, where {@code from} is 0 for a new id and the previous
 * {@code reader.read} for the same id. A sub-buffer is handed out in place when it is new and
 * complete: its writer has left it, which shows as missed-event flags (set only when the writer
 * is elsewhere) or as less than 8 bytes of room left (no event fits). Otherwise the new events
 * are cut into a sub-buffer of their own ({@link SubBufferCut}): the page may still grow under
 * the reader, and a consumer copying it whole would take events that the next call hands out
 * again.
 *
 * <p>Concurrent readers of the same CPU buffer (another mapping, {@code trace_pipe}) take events
 * from each other, as the kernel documentation warns; this source assumes it is the only one.
 */
final class MmapSource implements SubBufferSource {
    /** The smallest event: a 4-byte header and 4 bytes of payload ({@code RB_EVNT_MIN_SIZE}). */
    private static final int MIN_EVENT_SIZE = 8;
    private static final int LENGTH_MASK = (1 << 27) - 1;
    private static final long MISSED_EVENTS = 1L << 31;

    private final NativeFd fd;
    private final String what;
    /** "path meta page", made once: the reader check after every ioctl names it without allocating. */
    private final String metaSource;
    private final HeaderPage header;
    private final MemorySegment meta;
    private final MemorySegment[] subBuffers;
    /** "path sub-buffer N" per id, made once: a cut names its source without allocating. */
    private final String[] sources;
    private final MemorySegment scratch;
    private final int nrSubbufs;
    private int currentId;
    private int consumed;

    private MmapSource(NativeFd fd, String what, HeaderPage header, MemorySegment meta, MemorySegment data,
            int nrSubbufs, Arena arena) {
        this.fd = fd;
        this.what = what;
        this.metaSource = what + " meta page";
        this.header = header;
        this.meta = meta;
        this.nrSubbufs = nrSubbufs;
        int size = header.subBufferSize();
        this.subBuffers = new MemorySegment[nrSubbufs];
        this.sources = new String[nrSubbufs];
        for (int i = 0; i < nrSubbufs; i++) {
            subBuffers[i] = data.asSlice((long) i * size, size);
            sources[i] = what + " sub-buffer " + i;
        }
        this.scratch = arena.allocate(size, Long.BYTES);
        // Events the kernel already counts as read on the current reader sub-buffer (consumed by
        // an earlier reader) are not handed out again.
        this.currentId = TraceBufferMeta.readerId(meta);
        this.consumed = TraceBufferMeta.readerRead(meta);
    }

    /**
     * Maps the meta page and the sub-buffers of {@code fd} into {@code arena}.
     *
     * @throws KernelCallException if the kernel refuses a mapping (no mmap support: ENODEV or
     *     EINVAL on kernels before 6.10)
     * @throws MalformedDataException if the meta page does not describe this buffer's layout
     */
    static MmapSource map(NativeFd fd, HeaderPage header, Arena arena) {
        String what = fd.path();
        long pageSize = LibC.sysconf(LibC.SC_PAGESIZE);
        String metaSource = what + " meta page";
        int metaPageSize;
        int subbufSize;
        int nrSubbufs;
        try (Arena probe = Arena.ofConfined()) {
            MemorySegment first = LibC.mmap(pageSize, LibC.PROT_READ, LibC.MAP_SHARED, fd.fd(), 0, probe,
                    metaSource);
            TraceBufferMeta.checkLayout(first, pageSize, header.subBufferSize(), metaSource);
            metaPageSize = TraceBufferMeta.metaPageSize(first);
            subbufSize = TraceBufferMeta.subbufSize(first);
            nrSubbufs = TraceBufferMeta.nrSubbufs(first);
        }
        MemorySegment meta = LibC.mmap(metaPageSize, LibC.PROT_READ, LibC.MAP_SHARED, fd.fd(), 0, arena, metaSource);
        MemorySegment data = LibC.mmap((long) subbufSize * nrSubbufs, LibC.PROT_READ, LibC.MAP_SHARED, fd.fd(),
                metaPageSize, arena, what + " sub-buffers");
        MmapSource source = new MmapSource(fd, what, header, meta, data, nrSubbufs, arena);
        source.checkReader(source.currentId, source.consumed);
        return source;
    }

    @Override
    public boolean next(SubBuffer view) {
        int r = LibC.tryIoctl(fd.fd(), TraceBufferMeta.IOCTL_GET_READER, 0);
        if (r < 0) {
            throw new KernelCallException("ioctl(TRACE_MMAP_IOCTL_GET_READER)", what, -r);
        }
        int id = TraceBufferMeta.readerId(meta);
        int read = TraceBufferMeta.readerRead(meta);
        checkReader(id, read);
        // Same id: the writer added to the reader sub-buffer. A smaller read on the same id means
        // the buffer was reset (its pages cleared), so the sub-buffer starts over.
        int from = id == currentId && read >= consumed ? consumed : 0;
        currentId = id;
        consumed = read;
        if (read == from) {
            return false;
        }
        MemorySegment page = subBuffers[id];
        long commit = header.commitSize() == Long.BYTES ? page.get(JAVA_LONG_UNALIGNED, header.commitOffset())
                : Integer.toUnsignedLong(page.get(JAVA_INT_UNALIGNED, header.commitOffset()));
        int length = (int) (commit & LENGTH_MASK);
        boolean complete = (commit & MISSED_EVENTS) != 0 || length > header.dataSize() - MIN_EVENT_SIZE;
        if (from == 0 && length == read && complete) {
            view.set(page, true);
        } else {
            SubBufferCut.cut(page, header, from, read, scratch, sources[id]);
            view.set(scratch, false);
        }
        return true;
    }

    private void checkReader(int id, int read) {
        TraceBufferMeta.checkReader(id, read, nrSubbufs, header.dataSize(), metaSource);
    }

    @Override
    public long kernelOverrun() {
        return TraceBufferMeta.overrun(meta);
    }

    @Override
    public ReadMode mode() {
        return ReadMode.MMAP;
    }

    @Override
    public int pollFd() {
        return fd.fd();
    }
}
