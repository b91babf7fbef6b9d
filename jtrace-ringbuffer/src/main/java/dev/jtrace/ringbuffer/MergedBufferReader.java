package dev.jtrace.ringbuffer;

import dev.jtrace.core.CpuSet;
import dev.jtrace.core.FacilityUnavailableException;
import dev.jtrace.core.JtraceException;
import dev.jtrace.core.KernelCallException;
import dev.jtrace.core.MalformedDataException;
import dev.jtrace.core.ResourceClosedException;
import dev.jtrace.core.internal.PollFd;
import dev.jtrace.ringbuffer.internal.WakeSignal;
import dev.jtrace.traceevent.EventRecord;
import dev.jtrace.traceevent.HeaderPage;
import dev.jtrace.traceevent.PageDecoder;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * Reads every CPU buffer of a tracefs instance as one stream of decoded event records in time
 * stamp order: one {@link CpuBufferReader} per CPU, each sub-buffer decoded in place by
 * {@link PageDecoder}, and a k-way merge over the CPUs' current records.
 *
 * <p>Two styles, both handing out a reused {@link EventRecord} view that stays valid until the
 * next call to {@link #next}, {@link #drain}, {@link #run} or {@link #close}:
 * {@snippet class="dev.jtrace.ringbuffer.ExamplesKernelTest" region="merged-iterator"}
 * {@link #drain(Consumer)} hands the same records to a callback instead. For a live trace,
 * {@link #run(Consumer, Duration)} alternates {@link #drain} and {@link #await} until another
 * thread closes the reader:
 * {@snippet class="dev.jtrace.ringbuffer.ExamplesKernelTest" region="merged-run"}
 * {@snippet class="dev.jtrace.ringbuffer.ExamplesKernelTest" region="merged-close"}
 *
 * <p>Order: records of one CPU always come in buffer order. Across CPUs, the records available
 * when the stream last ran dry are merged by time stamp; a CPU that had nothing then is asked
 * again only when every CPU has run dry, so in a live trace a record that arrives on an idle CPU
 * can follow later records of a busy one. For buffers filled while tracing was off or stopped the
 * whole stream is in time stamp order (equal stamps: lower CPU first).
 *
 * <p>Losses: {@link #lostEvents()} and {@link #lostEvents(int)} count the events the kernel
 * reported lost before the sub-buffers read so far. In steady state nothing is allocated per
 * record or per sub-buffer. Threads: as for {@link CpuBufferReader}; one thread reads, any thread
 * may call {@link #wakeup()} or {@link #close()}.
 */
public final class MergedBufferReader implements AutoCloseable {
    private final Path instanceDir;
    private final HeaderPage header;
    private final CpuSet cpus;
    private final Lane[] lanes;
    private final int[] heap;
    private int heapSize;
    /** The lane whose current record the caller holds; it advances at the next call. */
    private int pending = -1;
    private final Arena arena;
    private final MemorySegment pollFds;
    private final WakeSignal wake;
    private final ReentrantLock lock = new ReentrantLock();
    private final Object wakeLock = new Object();
    private volatile boolean closed;

    /** One CPU: its reader, the decoder over its current sub-buffer and its current record. */
    private static final class Lane {
        final CpuBufferReader reader;
        final PageDecoder decoder;
        final EventRecord current = new EventRecord();
        final String source;
        final int cpu;
        boolean pageActive;
        boolean inHeap;

        Lane(CpuBufferReader reader) {
            this.reader = reader;
            this.decoder = new PageDecoder(reader.header());
            this.source = reader.path();
            this.cpu = reader.cpu();
        }
    }

    MergedBufferReader(Path instanceDir, HeaderPage header, List<CpuBufferReader> readers) {
        this.instanceDir = instanceDir;
        this.header = header;
        this.lanes = new Lane[readers.size()];
        CpuSet set = CpuSet.empty();
        for (int i = 0; i < lanes.length; i++) {
            lanes[i] = new Lane(readers.get(i));
            set = set.union(CpuSet.of(readers.get(i).cpu()));
        }
        this.cpus = set;
        this.heap = new int[lanes.length];
        this.arena = Arena.ofShared();
        WakeSignal signal = null;
        try {
            this.pollFds = arena.allocate(PollFd.LAYOUT, lanes.length + 1L);
            signal = WakeSignal.create(instanceDir.toString());
        } catch (RuntimeException e) {
            arena.close();
            throw e;
        }
        this.wake = signal;
    }

    /**
     * Opens a reader of every CPU buffer of an instance (the {@code cpuN} directories under its
     * {@code per_cpu}).
     *
     * @param instanceDir the instance directory, such as {@code /sys/kernel/tracing/instances/x},
     *     or the tracefs mount point for the top-level buffer
     * @param mode how to read each CPU buffer
     * @return the reader
     * @throws KernelCallException if a file cannot be opened or read
     * @throws FacilityUnavailableException if {@link ReadMode#MMAP} was asked for and the kernel
     *     refuses to map a buffer, or its meta page cannot be understood
     * @throws MalformedDataException if {@code events/header_page} cannot be understood
     * @throws JtraceException if the {@code per_cpu} directory cannot be listed
     */
    public static MergedBufferReader open(Path instanceDir, ReadMode mode) {
        Objects.requireNonNull(instanceDir, "instanceDir");
        return open(instanceDir, listCpus(instanceDir), mode);
    }

    /**
     * Opens a reader of some CPU buffers of an instance.
     *
     * @param instanceDir the instance directory or the tracefs mount point
     * @param cpus the CPUs to read
     * @param mode how to read each CPU buffer
     * @return the reader
     * @throws IllegalArgumentException if {@code cpus} is empty
     * @throws KernelCallException if a file cannot be opened or read (ENOENT for a CPU without a buffer)
     * @throws FacilityUnavailableException if {@link ReadMode#MMAP} was asked for and the kernel
     *     refuses to map a buffer, or its meta page cannot be understood
     * @throws MalformedDataException if {@code events/header_page} cannot be understood
     */
    public static MergedBufferReader open(Path instanceDir, CpuSet cpus, ReadMode mode) {
        Objects.requireNonNull(instanceDir, "instanceDir");
        Objects.requireNonNull(mode, "mode");
        if (cpus.isEmpty()) {
            throw new IllegalArgumentException("no CPUs to read in " + instanceDir);
        }
        HeaderPage header = CpuBufferReader.readHeader(instanceDir);
        List<CpuBufferReader> readers = new ArrayList<>();
        try {
            for (int cpu : cpus.toArray()) {
                readers.add(CpuBufferReader.open(instanceDir, cpu, header, mode, false));
            }
            return new MergedBufferReader(instanceDir, header, readers);
        } catch (RuntimeException | Error e) {
            for (CpuBufferReader r : readers) {
                try {
                    r.close();
                } catch (RuntimeException suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            throw e;
        }
    }

    private static CpuSet listCpus(Path instanceDir) {
        Path perCpu = instanceDir.resolve("per_cpu");
        CpuSet found = CpuSet.empty();
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(perCpu, "cpu*")) {
            for (Path dir : dirs) {
                String name = dir.getFileName().toString();
                if (name.matches("cpu[0-9]{1,5}")) {
                    found = found.union(CpuSet.of(Integer.parseInt(name.substring(3))));
                }
            }
        } catch (IOException e) {
            throw new JtraceException("cannot list the CPU buffers in " + perCpu + ": " + e.getMessage(), e);
        }
        if (found.isEmpty()) {
            throw new JtraceException(perCpu + " holds no cpuN directories");
        }
        return found;
    }

    /**
     * Points {@code into} at the next record in time stamp order, if one is available now. Never
     * blocks.
     *
     * @param into the view to fill; it refers to the sub-buffer's memory until the next call
     * @return {@code true} if {@code into} shows a record, {@code false} if no CPU has unread events
     * @throws ResourceClosedException if the reader is closed
     * @throws KernelCallException if the kernel refuses a read or ioctl
     * @throws MalformedDataException if a sub-buffer is corrupt (naming file, CPU, sub-buffer and offset)
     */
    public boolean next(EventRecord into) {
        Objects.requireNonNull(into, "into");
        ensureOpen();
        try {
            int top = advanceAndPeek();
            if (top < 0) {
                return false;
            }
            EventRecord r = lanes[top].current;
            into.wrap(r.segment(), r.payloadOffset(), r.payloadLength(), r.timestamp(), r.cpu(), lanes[top].source);
            return true;
        } catch (IllegalStateException e) {
            throw closedOr(e);
        }
    }

    /**
     * Hands every record available now, in time stamp order, to {@code handler}, until no CPU has
     * unread events or the reader is closed (the handler may close it). The record passed is a
     * view valid during the call and until the next call on this reader.
     *
     * @param handler what to do with each record
     * @return the number of records handed over
     * @throws ResourceClosedException if the reader was closed before the call
     * @throws KernelCallException if the kernel refuses a read or ioctl
     * @throws MalformedDataException if a sub-buffer is corrupt
     */
    public long drain(Consumer<? super EventRecord> handler) {
        Objects.requireNonNull(handler, "handler");
        ensureOpen();
        long count = 0;
        try {
            while (!closed) {
                int top = advanceAndPeek();
                if (top < 0) {
                    break;
                }
                handler.accept(lanes[top].current);
                count++;
            }
        } catch (IllegalStateException e) {
            throw closedOr(e);
        }
        return count;
    }

    /**
     * Streams records to {@code handler} until the reader is closed, by another thread or by the
     * handler: drains what is available, then waits up to {@code pollTimeout} for more (honouring
     * {@code buffer_percent}), again and again. Returns normally when closed.
     *
     * @param handler what to do with each record
     * @param pollTimeout the longest wait between drains; a wait that times out drains whatever is
     *     there, so this bounds how long a record below the {@code buffer_percent} mark can wait
     * @return the number of records handed over
     * @throws IllegalArgumentException if the timeout is negative
     * @throws KernelCallException if the kernel refuses a read, ioctl or poll
     * @throws MalformedDataException if a sub-buffer is corrupt
     */
    public long run(Consumer<? super EventRecord> handler, Duration pollTimeout) {
        Objects.requireNonNull(handler, "handler");
        CpuBufferReader.timeoutNanos(pollTimeout);
        long count = 0;
        try {
            while (!closed) {
                count += drain(handler);
                await(pollTimeout);
            }
        } catch (ResourceClosedException e) {
            if (!closed) {
                throw e;
            }
        }
        return count;
    }

    /** Advances the lane handed out last, refills dry lanes if the merge ran empty, returns the next lane or -1. */
    private int advanceAndPeek() {
        if (pending >= 0) {
            Lane lane = lanes[pending];
            pending = -1;
            if (load(lane)) {
                siftDown(0);
            } else {
                removeTop();
            }
        }
        if (heapSize == 0) {
            for (int i = 0; i < lanes.length; i++) {
                if (!lanes[i].inHeap && load(lanes[i])) {
                    insert(i);
                }
            }
            if (heapSize == 0) {
                return -1;
            }
        }
        pending = heap[0];
        return pending;
    }

    /** Moves a lane to its next record, taking the next sub-buffer when the current one is done. */
    private static boolean load(Lane lane) {
        while (true) {
            if (lane.pageActive && lane.decoder.next(lane.current)) {
                return true;
            }
            lane.pageActive = false;
            SubBuffer sub = lane.reader.nextSubBuffer();
            if (sub == null) {
                return false;
            }
            lane.decoder.reset(sub.segment(), 0, lane.source, lane.cpu, sub.sequence());
            lane.pageActive = true;
        }
    }

    private boolean before(int a, int b) {
        int c = Long.compareUnsigned(lanes[a].current.timestamp(), lanes[b].current.timestamp());
        return c < 0 || (c == 0 && lanes[a].cpu < lanes[b].cpu);
    }

    private void insert(int lane) {
        lanes[lane].inHeap = true;
        int at = heapSize++;
        heap[at] = lane;
        while (at > 0) {
            int parent = (at - 1) >>> 1;
            if (!before(heap[at], heap[parent])) {
                break;
            }
            int t = heap[at];
            heap[at] = heap[parent];
            heap[parent] = t;
            at = parent;
        }
    }

    private void removeTop() {
        lanes[heap[0]].inHeap = false;
        heap[0] = heap[--heapSize];
        siftDown(0);
    }

    private void siftDown(int from) {
        int at = from;
        while (true) {
            int left = 2 * at + 1;
            if (left >= heapSize) {
                return;
            }
            int child = left + 1 < heapSize && before(heap[left + 1], heap[left]) ? left + 1 : left;
            if (!before(heap[child], heap[at])) {
                return;
            }
            int t = heap[at];
            heap[at] = heap[child];
            heap[child] = t;
            at = child;
        }
    }

    /**
     * Waits until some CPU buffer reports unread data, the timeout passes, {@link #wakeup()} is
     * called or another thread closes the reader. Returns at once if decoded records are waiting.
     * The kernel applies the instance's {@code buffer_percent} to each CPU buffer.
     *
     * @param timeout how long to wait at most; {@link Duration#ZERO} only checks
     * @return {@code true} if data is ready; {@code false} on timeout, wake-up or close
     * @throws IllegalArgumentException if the timeout is negative
     * @throws KernelCallException if poll fails
     */
    public boolean await(Duration timeout) {
        long nanos = CpuBufferReader.timeoutNanos(timeout);
        if (closed) {
            return false;
        }
        lock.lock();
        try {
            if (closed) {
                return false;
            }
            if (recordsWaiting()) {
                return true;
            }
            for (int i = 0; i < lanes.length; i++) {
                PollFd.set(pollFds, i, lanes[i].reader.pollFd(), PollFd.POLLIN);
            }
            PollFd.set(pollFds, lanes.length, wake.fd(), PollFd.POLLIN);
            int ready = PollLoop.poll(pollFds, lanes.length + 1, nanos, instanceDir + "/per_cpu");
            if ((PollFd.revents(pollFds, lanes.length) & PollFd.POLLIN) != 0) {
                wake.consume();
                return false;
            }
            return ready > 0;
        } finally {
            lock.unlock();
        }
    }

    private boolean recordsWaiting() {
        if (heapSize > 1 || (heapSize == 1 && pending < 0)) {
            return true;
        }
        if (pending >= 0) {
            PageDecoder d = lanes[pending].decoder;
            return lanes[pending].pageActive && d.position() < header.dataOffset() + d.dataLength();
        }
        return false;
    }

    /**
     * Makes a thread blocked in {@link #await(Duration)} return {@code false} now, or the next
     * call return at once if none is waiting. May be called from any thread.
     *
     * @throws KernelCallException if signalling fails
     */
    public void wakeup() {
        synchronized (wakeLock) {
            if (!closed) {
                wake.signal();
            }
        }
    }

    /**
     * Returns how many events the kernel reported lost, over all CPUs, before the sub-buffers read so far.
     *
     * @return the total
     */
    public long lostEvents() {
        long total = 0;
        for (Lane lane : lanes) {
            total += lane.reader.lostEvents();
        }
        return total;
    }

    /**
     * Returns how many events the kernel reported lost on one CPU before the sub-buffers read so far.
     *
     * @param cpu the CPU
     * @return the count
     * @throws IllegalArgumentException if this reader does not read that CPU
     */
    public long lostEvents(int cpu) {
        return lane(cpu).reader.lostEvents();
    }

    /**
     * Reads one CPU buffer's counters from its {@code per_cpu/cpuN/stats}.
     *
     * @param cpu the CPU
     * @return the counters now
     * @throws IllegalArgumentException if this reader does not read that CPU
     * @throws KernelCallException if the file cannot be read
     * @throws MalformedDataException if it cannot be parsed
     */
    public CpuBufferStats stats(int cpu) {
        return lane(cpu).reader.stats();
    }

    private Lane lane(int cpu) {
        for (Lane lane : lanes) {
            if (lane.cpu == cpu) {
                return lane;
            }
        }
        throw new IllegalArgumentException("CPU " + cpu + " is not one of " + cpus);
    }

    /**
     * Returns the mode in use: {@link ReadMode#MMAP} if every CPU buffer is mapped, else
     * {@link ReadMode#READ}.
     *
     * @return the mode
     */
    public ReadMode mode() {
        for (Lane lane : lanes) {
            if (lane.reader.mode() != ReadMode.MMAP) {
                return ReadMode.READ;
            }
        }
        return ReadMode.MMAP;
    }

    /**
     * Returns the CPUs read.
     *
     * @return the CPU set
     */
    public CpuSet cpus() {
        return cpus;
    }

    /**
     * Returns the sub-buffer layout of the instance.
     *
     * @return the layout from {@code events/header_page}
     */
    public HeaderPage header() {
        return header;
    }

    /**
     * Tells whether the reader was closed, by this thread or another.
     *
     * @return {@code true} once {@link #close()} has been called
     */
    public boolean isClosed() {
        return closed;
    }

    private void ensureOpen() {
        if (closed) {
            throw new ResourceClosedException("ring-buffer reader of " + instanceDir);
        }
    }

    private RuntimeException closedOr(IllegalStateException e) {
        // A close by another thread while this one was decoding: the JDK refuses access to the
        // unmapped memory, which is reported as the closed reader it is.
        return closed ? new ResourceClosedException("ring-buffer reader of " + instanceDir, e) : e;
    }

    /**
     * Closes every CPU reader (unmapping and closing their files); wakes a thread blocked in
     * {@link #await(Duration)} first. Idempotent; may be called from any thread.
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
            wake.signal();
        }
        lock.lock();
        RuntimeException failure = null;
        try {
            for (Lane lane : lanes) {
                try {
                    lane.reader.close();
                } catch (RuntimeException e) {
                    if (failure == null) {
                        failure = e;
                    } else {
                        failure.addSuppressed(e);
                    }
                }
            }
            arena.close();
            synchronized (wakeLock) {
                wake.close();
            }
        } finally {
            lock.unlock();
        }
        if (failure != null) {
            throw failure;
        }
    }

    @Override
    public String toString() {
        return "MergedBufferReader[" + instanceDir + ", CPUs " + cpus.toList() + ", " + mode()
                + (closed ? ", closed]" : "]");
    }
}
