package dev.jtrace.ringbuffer;

import static java.lang.foreign.ValueLayout.JAVA_INT_UNALIGNED;
import static java.lang.foreign.ValueLayout.JAVA_LONG_UNALIGNED;

import dev.jtrace.core.FacilityUnavailableException;
import dev.jtrace.core.KernelCallException;
import dev.jtrace.core.MalformedDataException;
import dev.jtrace.core.ResourceClosedException;
import dev.jtrace.core.internal.LibC;
import dev.jtrace.core.internal.NativeFd;
import dev.jtrace.core.internal.PollFd;
import dev.jtrace.ringbuffer.internal.TracefsText;
import dev.jtrace.ringbuffer.internal.WakeSignal;
import dev.jtrace.traceevent.HeaderPage;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Reads the raw sub-buffers of one CPU's ring buffer from {@code per_cpu/cpuN/trace_pipe_raw} of a
 * tracefs instance, consuming them, without copying where the kernel allows it.
 *
 * <p>In {@linkplain ReadMode#MMAP mmap mode} (Linux 6.10+) the buffer is mapped read-only and full
 * sub-buffers are handed out in place; in {@linkplain ReadMode#READ read mode} each sub-buffer is
 * read into a reusable buffer. {@link ReadMode#AUTO} maps if it can. Either way
 * {@link #nextSubBuffer()} never blocks: it returns the next sub-buffer, including a partial one
 * the writer is still filling, or {@code null} when there is nothing new. {@link #await(Duration)}
 * blocks in {@code poll()} until the kernel reports data (honouring the instance's
 * {@code buffer_percent}: with the default 50 it waits until half the buffer is full), the timeout
 * passes, {@link #wakeup()} is called, or another thread closes the reader.
 * {@snippet class="dev.jtrace.ringbuffer.ExamplesKernelTest" region="cpu-reader"}
 *
 * <p>Lost events: the kernel marks the first sub-buffer after a loss and stores the count after
 * its data; {@link SubBuffer#lostEvents()} gives it per sub-buffer and {@link #lostEvents()} the
 * total, which adds up to the {@code overrun} of {@link #stats()} when this reader read the buffer
 * from its start.
 *
 * <p>Threads: one thread reads; any thread may call {@link #wakeup()} and {@link #close()}, and
 * a close wakes a thread blocked in {@link #await(Duration)}, which then returns {@code false}.
 * Other methods on a closed reader throw {@link ResourceClosedException}. Nothing is allocated per
 * sub-buffer.
 */
public final class CpuBufferReader implements AutoCloseable {
    private static final long MISSED_EVENTS = 1L << 31;
    private static final long MISSED_STORED = 1L << 30;

    private final int cpu;
    private final String path;
    private final String statsPath;
    private final HeaderPage header;
    private final SubBufferSource source;
    private final NativeFd fd;
    private final Arena arena;
    private final WakeSignal wake;
    private final MemorySegment pollFds;
    private final SubBuffer view;
    private final ReentrantLock lock = new ReentrantLock();
    private final Object wakeLock = new Object();
    private volatile boolean closed;
    private long lostEvents;

    CpuBufferReader(int cpu, String path, String statsPath, HeaderPage header, SubBufferSource source, NativeFd fd,
            Arena arena, WakeSignal wake) {
        this.cpu = cpu;
        this.path = path;
        this.statsPath = statsPath;
        this.header = header;
        this.source = source;
        this.fd = fd;
        this.arena = arena;
        this.wake = wake;
        this.pollFds = arena.allocate(PollFd.LAYOUT, 2);
        this.view = new SubBuffer(header, cpu);
    }

    /**
     * Opens the reader of one CPU of a tracefs instance.
     *
     * @param instanceDir the instance directory, such as {@code /sys/kernel/tracing/instances/x}, or
     *     the tracefs mount point for the top-level buffer
     * @param cpu the CPU
     * @param mode how to read; {@link ReadMode#AUTO} maps if the kernel allows it
     * @return the reader
     * @throws KernelCallException if a file cannot be opened or read (ENOENT for a CPU without a buffer)
     * @throws FacilityUnavailableException if {@link ReadMode#MMAP} was asked for and the kernel
     *     refuses to map the buffer, or its meta page cannot be understood
     * @throws MalformedDataException if {@code events/header_page} cannot be understood
     */
    public static CpuBufferReader open(Path instanceDir, int cpu, ReadMode mode) {
        Objects.requireNonNull(instanceDir, "instanceDir");
        if (cpu < 0) {
            throw new IllegalArgumentException("cpu " + cpu + " is negative");
        }
        return open(instanceDir, cpu, readHeader(instanceDir), mode, true);
    }

    /**
     * Opens the reader of one {@code per_cpu/cpuN/trace_pipe_raw} file; the CPU number comes from
     * its directory and the sub-buffer layout from the instance's {@code events/header_page}.
     *
     * @param tracePipeRaw the file, such as {@code /sys/kernel/tracing/per_cpu/cpu1/trace_pipe_raw}
     * @param mode how to read
     * @return the reader
     * @throws IllegalArgumentException if the path does not end in {@code per_cpu/cpuN/trace_pipe_raw}
     * @throws KernelCallException if a file cannot be opened or read
     * @throws FacilityUnavailableException if {@link ReadMode#MMAP} was asked for and the kernel
     *     refuses to map the buffer, or its meta page cannot be understood
     * @throws MalformedDataException if {@code events/header_page} cannot be understood
     */
    public static CpuBufferReader openFile(Path tracePipeRaw, ReadMode mode) {
        Objects.requireNonNull(tracePipeRaw, "tracePipeRaw");
        Path cpuDir = tracePipeRaw.getParent();
        Path perCpu = cpuDir == null ? null : cpuDir.getParent();
        String cpuName = cpuDir == null || cpuDir.getFileName() == null ? "" : cpuDir.getFileName().toString();
        if (!"trace_pipe_raw".equals(String.valueOf(tracePipeRaw.getFileName())) || perCpu == null
                || perCpu.getParent() == null || !"per_cpu".equals(String.valueOf(perCpu.getFileName()))
                || !cpuName.matches("cpu[0-9]{1,5}")) {
            throw new IllegalArgumentException(tracePipeRaw + " is not a per_cpu/cpuN/trace_pipe_raw file");
        }
        Path instanceDir = perCpu.getParent();
        return open(instanceDir, Integer.parseInt(cpuName.substring(3)), readHeader(instanceDir), mode, true);
    }

    static HeaderPage readHeader(Path instanceDir) {
        String headerPath = instanceDir.resolve("events").resolve("header_page").toString();
        return HeaderPage.parse(TracefsText.read(headerPath), headerPath);
    }

    /** Opens with a known layout; the merged reader passes {@code ownWake = false} and polls itself. */
    static CpuBufferReader open(Path instanceDir, int cpu, HeaderPage header, ReadMode mode, boolean ownWake) {
        Objects.requireNonNull(mode, "mode");
        Path cpuDir = instanceDir.resolve("per_cpu").resolve("cpu" + cpu);
        String path = cpuDir.resolve("trace_pipe_raw").toString();
        String statsPath = cpuDir.resolve("stats").toString();
        NativeFd fd = NativeFd.open(path, LibC.O_RDONLY | LibC.O_NONBLOCK);
        Arena arena = Arena.ofShared();
        WakeSignal wake = null;
        try {
            SubBufferSource source;
            if (mode == ReadMode.READ) {
                source = new ReadSource(fd, statsPath, header.subBufferSize(), arena);
            } else {
                try {
                    source = MmapSource.map(fd, header, arena);
                } catch (KernelCallException | MalformedDataException e) {
                    if (mode == ReadMode.MMAP) {
                        throw new FacilityUnavailableException("ring-buffer mmap", e.getMessage(), e);
                    }
                    // AUTO: fall back to read(), in a fresh arena so that no part of a mapping
                    // stays behind (a mapped buffer cannot be resized).
                    arena.close();
                    arena = Arena.ofShared();
                    source = new ReadSource(fd, statsPath, header.subBufferSize(), arena);
                }
            }
            if (ownWake) {
                wake = WakeSignal.create(path);
            }
            return new CpuBufferReader(cpu, path, statsPath, header, source, fd, arena, wake);
        } catch (RuntimeException | Error e) {
            try {
                if (wake != null) {
                    wake.close();
                }
                arena.close();
                fd.close();
            } catch (RuntimeException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    /**
     * Hands out the next sub-buffer, if one is available now. Never blocks.
     *
     * @return the sub-buffer, valid until the next call or {@link #close()}; {@code null} if the
     *     buffer holds no unread events
     * @throws ResourceClosedException if the reader is closed
     * @throws KernelCallException if the kernel refuses the read or the ioctl
     * @throws MalformedDataException if the kernel's meta page or the sub-buffer header is inconsistent
     */
    public SubBuffer nextSubBuffer() {
        lock.lock();
        try {
            ensureOpen();
            if (!source.next(view)) {
                return null;
            }
            accountLoss();
            return view;
        } finally {
            lock.unlock();
        }
    }

    private void accountLoss() {
        long commit = view.commitWord();
        if ((commit & MISSED_EVENTS) == 0) {
            return;
        }
        long lost;
        if ((commit & MISSED_STORED) != 0) {
            int at = header.dataOffset() + view.dataLength();
            if (at + header.commitSize() > header.subBufferSize()) {
                throw new MalformedDataException(path + " sub-buffer " + view.sequence(), at,
                        "missed-event count does not fit after " + view.dataLength() + " bytes of data");
            }
            MemorySegment page = view.segment();
            lost = header.commitSize() == Long.BYTES ? page.get(JAVA_LONG_UNALIGNED, at)
                    : Integer.toUnsignedLong(page.get(JAVA_INT_UNALIGNED, at));
            if (lost < 0) {
                throw new MalformedDataException(path + " sub-buffer " + view.sequence(), at,
                        "missed-event count " + Long.toUnsignedString(lost) + " is out of range");
            }
        } else {
            // No room for the count on the page: the kernel's overrun counter says how many were
            // overwritten in all; what this reader has not accounted for yet was lost here.
            lost = Math.max(0, source.kernelOverrun() - lostEvents);
        }
        view.lostEvents(lost);
        lostEvents += lost;
    }

    /**
     * Waits until the kernel reports unread data, the timeout passes, {@link #wakeup()} is called
     * or another thread closes the reader. The kernel applies the instance's {@code buffer_percent}:
     * data counts as ready once that share of the buffer is filled (0: any event).
     *
     * @param timeout how long to wait at most; {@link Duration#ZERO} only checks
     * @return {@code true} if data is ready; {@code false} on timeout, wake-up or close
     * @throws IllegalArgumentException if the timeout is negative
     * @throws KernelCallException if poll fails
     */
    public boolean await(Duration timeout) {
        long nanos = timeoutNanos(timeout);
        if (closed) {
            return false;
        }
        lock.lock();
        try {
            if (closed) {
                return false;
            }
            int count = 0;
            PollFd.set(pollFds, count++, source.pollFd(), PollFd.POLLIN);
            if (wake != null) {
                PollFd.set(pollFds, count++, wake.fd(), PollFd.POLLIN);
            }
            int ready = PollLoop.poll(pollFds, count, nanos, path);
            if (wake != null && (PollFd.revents(pollFds, 1) & PollFd.POLLIN) != 0) {
                wake.consume();
                return false;
            }
            return ready > 0 && PollFd.revents(pollFds, 0) != 0;
        } finally {
            lock.unlock();
        }
    }

    static long timeoutNanos(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("timeout " + timeout + " is negative");
        }
        return timeout.compareTo(Duration.ofDays(365)) > 0 ? Duration.ofDays(365).toNanos() : timeout.toNanos();
    }

    /**
     * Makes a thread blocked in {@link #await(Duration)} return {@code false} now, or the next
     * call return at once if none is waiting. May be called from any thread.
     *
     * @throws KernelCallException if signalling fails
     */
    public void wakeup() {
        if (wake == null) {
            return;
        }
        synchronized (wakeLock) {
            if (!closed) {
                wake.signal();
            }
        }
    }

    /**
     * Returns the mode in use: {@link ReadMode#MMAP} or {@link ReadMode#READ}, never AUTO.
     *
     * @return the mode
     */
    public ReadMode mode() {
        return source.mode();
    }

    /**
     * Returns the CPU whose buffer this reader reads.
     *
     * @return the CPU number
     */
    public int cpu() {
        return cpu;
    }

    /**
     * Returns the path of the {@code trace_pipe_raw} file read.
     *
     * @return the path
     */
    public String path() {
        return path;
    }

    /**
     * Returns the sub-buffer layout, from the instance's {@code events/header_page}.
     *
     * @return the layout
     */
    public HeaderPage header() {
        return header;
    }

    /**
     * Returns how many events the kernel lost before the sub-buffers handed out so far.
     *
     * @return the total of {@link SubBuffer#lostEvents()}
     */
    public long lostEvents() {
        return lostEvents;
    }

    /**
     * Returns the kernel's count of events overwritten in this CPU buffer before anyone read them:
     * in mmap mode from the meta page, as of the last sub-buffer taken (no system call); in read
     * mode from {@code per_cpu/cpuN/stats}.
     *
     * @return the overrun counter
     * @throws ResourceClosedException if the reader is closed
     * @throws KernelCallException if the stats file cannot be read
     */
    public long overrun() {
        lock.lock();
        try {
            ensureOpen();
            return source.kernelOverrun();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Reads the CPU buffer's counters from {@code per_cpu/cpuN/stats}.
     *
     * @return the counters now
     * @throws KernelCallException if the file cannot be read
     * @throws MalformedDataException if it cannot be parsed
     */
    public CpuBufferStats stats() {
        return CpuBufferStats.parse(TracefsText.read(statsPath), statsPath);
    }

    /**
     * Tells whether the reader was closed, by this thread or another.
     *
     * @return {@code true} once {@link #close()} has been called
     */
    public boolean isClosed() {
        return closed;
    }

    int pollFd() {
        return source.pollFd();
    }

    private void ensureOpen() {
        if (closed) {
            throw new ResourceClosedException("ring-buffer reader of " + path);
        }
    }

    /**
     * Unmaps the buffer and closes the file; wakes a thread blocked in {@link #await(Duration)}
     * first. Idempotent; may be called from any thread. The last sub-buffer handed out becomes
     * invalid.
     *
     * @throws KernelCallException if closing a descriptor fails
     */
    @Override
    public void close() {
        synchronized (wakeLock) {
            if (closed) {
                return;
            }
            closed = true;
            if (wake != null) {
                wake.signal();
            }
        }
        lock.lock(); // waits for a wait or read in progress to return
        try {
            arena.close();
            if (fd != null) {
                fd.close();
            }
        } finally {
            try {
                synchronized (wakeLock) {
                    if (wake != null) {
                        wake.close();
                    }
                }
            } finally {
                lock.unlock();
            }
        }
    }

    @Override
    public String toString() {
        return "CpuBufferReader[" + path + ", " + source.mode() + (closed ? ", closed]" : "]");
    }
}
