package dev.jtrace.tracefs;

import dev.jtrace.core.CpuSet;
import dev.jtrace.core.Errno;
import dev.jtrace.core.KernelCallException;
import dev.jtrace.core.internal.LibC;
import dev.jtrace.core.internal.NativeFd;
import dev.jtrace.core.internal.PollFd;
import dev.jtrace.traceevent.EventRecord;
import dev.jtrace.traceevent.HeaderPage;
import dev.jtrace.traceevent.PageDecoder;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;

/**
 * The portable {@link RecordSource}: per CPU, {@code read()}s one whole sub-buffer at a time from
 * {@code per_cpu/cpuN/trace_pipe_raw} (opened {@code O_NONBLOCK}) into a native buffer, decodes it
 * in place with {@link PageDecoder}, and merges the CPUs by time stamp. Works on every kernel with
 * tracefs; costs one copy of each page (the kernel's), which the mmap reader avoids.
 *
 * <p>A read returns what the CPU's buffer holds, also a partly filled page while the writer is
 * still on it, so events are delivered without waiting for pages to fill. Per record nothing is
 * allocated: each CPU has one buffer, one decoder and one {@link EventRecord} view, and the record
 * handed out is that CPU's view, valid until the next call.
 *
 * <p>Ordering: of the records read so far the oldest goes first. A CPU whose buffer was empty at
 * the moment of reading can deliver older records later; within one CPU the order is exact.
 */
final class PipeRawSource implements RecordSource {
    private final Arena arena = Arena.ofShared();
    private final Cpu[] cpus;
    private final MemorySegment pollFds;
    private final int subBufferSize;
    private long lost;
    private boolean closed;

    /** One CPU's reader state. */
    private static final class Cpu {
        final int cpu;
        final NativeFd fd;
        final String source;
        final MemorySegment page;
        final PageDecoder decoder;
        final EventRecord record = new EventRecord();
        long pageIndex;
        boolean pageLoaded;
        boolean pending;

        Cpu(int cpu, NativeFd fd, MemorySegment page, HeaderPage layout) {
            this.cpu = cpu;
            this.fd = fd;
            this.source = fd.path();
            this.page = page;
            this.decoder = new PageDecoder(layout);
        }
    }

    private PipeRawSource(Cpu[] cpus, int subBufferSize) {
        this.cpus = cpus;
        this.subBufferSize = subBufferSize;
        this.pollFds = arena.allocate(PollFd.LAYOUT.byteSize() * Math.max(1, cpus.length), 8);
    }

    static PipeRawSource open(Path instanceDir, CpuSet cpuSet, HeaderPage layout) {
        int[] list = cpuSet.toArray();
        Cpu[] cpus = new Cpu[list.length];
        PipeRawSource source = new PipeRawSource(cpus, layout.subBufferSize());
        try {
            for (int i = 0; i < list.length; i++) {
                String path = instanceDir.resolve("per_cpu/cpu" + list[i] + "/trace_pipe_raw").toString();
                NativeFd fd = NativeFd.open(path, LibC.O_RDONLY | LibC.O_NONBLOCK);
                cpus[i] = new Cpu(list[i], fd, source.arena.allocate(layout.subBufferSize(), 8), layout);
                PollFd.set(source.pollFds, i, fd.fd(), PollFd.POLLIN);
            }
        } catch (RuntimeException e) {
            source.close();
            throw e;
        }
        return source;
    }

    @Override
    public EventRecord next() {
        Cpu best = null;
        for (Cpu c : cpus) {
            if (!c.pending) {
                refill(c);
            }
            if (c.pending && (best == null || c.record.timestamp() < best.record.timestamp())) {
                best = c;
            }
        }
        if (best == null) {
            return null;
        }
        best.pending = false;
        return best.record;
    }

    /** Makes the CPU's next record pending, reading a new page when the current one is used up. */
    private void refill(Cpu c) {
        while (true) {
            if (c.pageLoaded && c.decoder.next(c.record)) {
                c.pending = true;
                return;
            }
            c.pageLoaded = false;
            long n = LibC.tryRead(c.fd.fd(), c.page, subBufferSize);
            if (n == -Errno.EAGAIN || n == 0) {
                return;
            }
            if (n < 0) {
                throw new KernelCallException("read", c.source, (int) -n);
            }
            c.decoder.reset(c.page, 0, c.source, c.cpu, c.pageIndex++);
            if (c.decoder.missedEvents()) {
                long count = c.decoder.missedCount();
                lost += count > 0 ? count : 1;
            }
            c.pageLoaded = true;
        }
    }

    @Override
    public boolean await(long timeoutNanos) {
        if (cpus.length == 0) {
            return false;
        }
        int millis = (int) Math.min(Integer.MAX_VALUE, Math.max(1, (timeoutNanos + 999_999) / 1_000_000));
        return LibC.poll(pollFds, cpus.length, millis, "trace_pipe_raw of " + cpus.length + " CPUs") > 0;
    }

    @Override
    public long lostEvents() {
        return lost;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            for (Cpu c : cpus) {
                if (c != null) {
                    c.fd.close();
                }
            }
        } finally {
            arena.close();
        }
    }
}
