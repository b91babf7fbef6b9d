package dev.jtrace.ringbuffer.internal;

import static java.lang.foreign.ValueLayout.JAVA_LONG;

import dev.jtrace.core.Errno;
import dev.jtrace.core.KernelCallException;
import dev.jtrace.core.internal.LibC;
import dev.jtrace.core.internal.NativeFd;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * An eventfd that a reader adds to its {@code poll()} set, so that another thread can wake it at
 * once: to close the reader or to make a blocked wait return.
 *
 * <p>Why an eventfd rather than a flag checked between short poll slices: a blocked reader wakes
 * within microseconds of the signal instead of after a slice, and an idle reader costs nothing
 * while it waits (slices would wake every reader of every CPU many times a second). Why not the
 * kernel's own wake-up ({@code ioctl(fd, 0)} on trace_pipe_raw): it ends a blocking
 * {@code read()}, but a {@code poll()} re-checks the buffer and goes back to sleep.
 *
 * <p>{@link #signal()} may be called from any thread; {@link #consume()} and {@link #close()} by
 * the owner, which also guarantees that no signal races with the close (see the readers).
 */
public final class WakeSignal implements AutoCloseable {
    private final NativeFd fd;

    private WakeSignal(NativeFd fd) {
        this.fd = fd;
    }

    /**
     * Creates a non-blocking eventfd.
     *
     * @param what what it wakes, for error messages
     * @return the signal
     * @throws KernelCallException if the kernel refuses an eventfd
     */
    public static WakeSignal create(String what) {
        return new WakeSignal(NativeFd.adopt(LibC.eventfd(0, LibC.EFD_NONBLOCK, what), "eventfd waking " + what));
    }

    /**
     * Returns the descriptor to poll for {@code POLLIN}.
     *
     * @return the eventfd
     */
    public int fd() {
        return fd.fd();
    }

    /**
     * Makes the eventfd readable until {@link #consume()} is called.
     *
     * @throws KernelCallException if the write fails for a reason other than a saturated counter
     */
    public void signal() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment one = arena.allocate(JAVA_LONG);
            one.set(JAVA_LONG, 0, 1L);
            long n = LibC.tryWrite(fd.fd(), one, Long.BYTES);
            if (n < 0 && n != -Errno.EAGAIN) { // EAGAIN: the counter is saturated, i.e. already signalled
                throw new KernelCallException("write", fd.path(), (int) -n);
            }
        }
    }

    /**
     * Resets the eventfd.
     *
     * @return whether it had been signalled
     * @throws KernelCallException if the read fails for a reason other than "not signalled"
     */
    public boolean consume() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment value = arena.allocate(JAVA_LONG);
            long n = LibC.tryRead(fd.fd(), value, Long.BYTES);
            if (n == -Errno.EAGAIN) {
                return false;
            }
            if (n < 0) {
                throw new KernelCallException("read", fd.path(), (int) -n);
            }
            return true;
        }
    }

    /** Closes the eventfd; idempotent. */
    @Override
    public void close() {
        fd.close();
    }
}
