package dev.jtrace.tracefs;

import dev.jtrace.core.Errno;
import dev.jtrace.core.KernelCallException;
import dev.jtrace.core.ResourceClosedException;
import dev.jtrace.core.internal.LibC;
import dev.jtrace.core.internal.NativeFd;
import dev.jtrace.core.internal.PollFd;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The kernel's own text rendering of an instance's events, streamed live from {@code trace_pipe}:
 * the simplest way to watch a trace, one line per event, as {@code cat trace_pipe} shows it.
 *
 * <p>Reading consumes: lines read here are gone from the buffer, and a binary reader
 * ({@link TraceSession}) of the same instance would not see them. For decoded records use
 * {@link TraceSession}; this class is for showing or logging text.
 * {@snippet :
 * try (TracePipe pipe = instance.openTracePipe()) {
 *     String line;
 *     while ((line = pipe.nextLine(Duration.ofSeconds(1))) != null) {
 *         System.out.println(line);
 *     }
 * }
 * }
 * One reading thread at a time; {@link #close()} may come from any thread.
 */
public final class TracePipe implements AutoCloseable {
    private static final int CHUNK = 64 * 1024;
    private static final long POLL_SLICE_MILLIS = 100;

    private final InstanceContext context;
    private final NativeFd fd;
    private final Arena arena = Arena.ofShared();
    private final MemorySegment buffer;
    private final MemorySegment pollFd;
    private byte[] pending = new byte[CHUNK];
    private int pendingStart;
    private int pendingEnd;
    private volatile boolean closed;

    private TracePipe(InstanceContext context, NativeFd fd) {
        this.context = context;
        this.fd = fd;
        this.buffer = arena.allocate(CHUNK);
        this.pollFd = arena.allocate(PollFd.LAYOUT);
    }

    static TracePipe open(InstanceContext context) {
        context.checkOpen();
        NativeFd fd = NativeFd.open(context.file("trace_pipe").toString(), LibC.O_RDONLY | LibC.O_NONBLOCK);
        TracePipe pipe = new TracePipe(context, fd);
        context.adopt(pipe);
        return pipe;
    }

    /**
     * Returns the next line, waiting at most {@code timeout} for one.
     *
     * @param timeout how long to wait; zero does not wait
     * @return the line without its newline, or {@code null} if none came in time
     * @throws ResourceClosedException if the pipe is closed
     * @throws KernelCallException if reading fails
     */
    public synchronized String nextLine(Duration timeout) {
        long deadline = System.nanoTime() + Math.max(0, timeout.toNanos());
        while (true) {
            String line = takeLine();
            if (line != null) {
                return line;
            }
            if (fill() > 0) {
                continue;
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return null;
            }
            await(Math.min(POLL_SLICE_MILLIS, Math.max(1, left / 1_000_000)));
        }
    }

    /**
     * Hands every complete line available now to {@code consumer}, without waiting.
     *
     * @param consumer receives the lines
     * @return the number of lines handed out
     * @throws ResourceClosedException if the pipe is closed
     * @throws KernelCallException if reading fails
     */
    public synchronized int drain(Consumer<? super String> consumer) {
        Objects.requireNonNull(consumer, "consumer");
        int count = 0;
        while (true) {
            String line = takeLine();
            if (line == null && fill() <= 0) {
                line = takeLine();
                if (line == null) {
                    return count;
                }
            }
            if (line != null) {
                consumer.accept(line);
                count++;
            }
        }
    }

    private String takeLine() {
        for (int i = pendingStart; i < pendingEnd; i++) {
            if (pending[i] == '\n') {
                String line = new String(pending, pendingStart, i - pendingStart, StandardCharsets.UTF_8);
                pendingStart = i + 1;
                return line;
            }
        }
        return null;
    }

    /** Reads what is available without blocking; returns the bytes read, 0 if none. */
    private int fill() {
        if (closed) {
            throw new ResourceClosedException("trace pipe of " + context.describe());
        }
        long n = LibC.tryRead(fd.fd(), buffer, CHUNK);
        if (n == -Errno.EAGAIN || n == 0) {
            return 0;
        }
        if (n < 0) {
            throw new KernelCallException("read", fd.path(), (int) -n);
        }
        if (pendingStart > 0) {
            System.arraycopy(pending, pendingStart, pending, 0, pendingEnd - pendingStart);
            pendingEnd -= pendingStart;
            pendingStart = 0;
        }
        if (pendingEnd + n > pending.length) {
            pending = Arrays.copyOf(pending, (int) Math.max(pending.length * 2L, pendingEnd + n));
        }
        MemorySegment.copy(buffer, java.lang.foreign.ValueLayout.JAVA_BYTE, 0, pending, pendingEnd, (int) n);
        pendingEnd += (int) n;
        return (int) n;
    }

    private void await(long millis) {
        PollFd.set(pollFd, 0, fd.fd(), PollFd.POLLIN);
        LibC.poll(pollFd, 1, (int) millis, fd.path());
    }

    /** Closes the pipe once. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true; // a reader in nextLine sees this within one poll slice and lets go of the lock
        synchronized (this) {
            if (!arena.scope().isAlive()) {
                return;
            }
            try {
                fd.close();
            } finally {
                arena.close();
                context.release(this);
            }
        }
    }

    @Override
    public String toString() {
        return "trace_pipe of " + context.describe() + (closed ? " (closed)" : "");
    }
}
