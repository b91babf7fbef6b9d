package dev.jtrace.core.internal;

import dev.jtrace.core.ResourceClosedException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The single owner of one open file descriptor. {@link #close()} is idempotent and thread-safe;
 * using the descriptor after closing gives a {@link ResourceClosedException} naming the path
 * instead of operating on a number the kernel may have handed to someone else.
 */
public final class NativeFd implements AutoCloseable {
    private final int fd;
    private final String path;
    private final AtomicBoolean closed = new AtomicBoolean();

    private NativeFd(int fd, String path) {
        this.fd = fd;
        this.path = path;
    }

    /**
     * Opens an existing file.
     *
     * @param path the file
     * @param flags {@code O_*} flags of {@link LibC}, without {@link LibC#O_CREAT}
     * @return the owner of the new descriptor
     * @throws dev.jtrace.core.KernelCallException if open fails
     * @throws IllegalArgumentException if {@code flags} has {@link LibC#O_CREAT}: use
     *     {@link #open(String, int, int)} to give the new file's mode
     */
    public static NativeFd open(String path, int flags) {
        if ((flags & LibC.O_CREAT) != 0) {
            throw new IllegalArgumentException("O_CREAT needs a file mode: use open(path, flags, mode)");
        }
        return new NativeFd(LibC.open(path, flags, 0), path);
    }

    /**
     * Opens or creates a file.
     *
     * @param path the file
     * @param flags {@code O_*} flags of {@link LibC}
     * @param mode permission bits of a created file, such as {@code 0644}
     * @return the owner of the new descriptor
     * @throws dev.jtrace.core.KernelCallException if open fails
     */
    public static NativeFd open(String path, int flags, int mode) {
        return new NativeFd(LibC.open(path, flags, mode), path);
    }

    /**
     * Takes ownership of a descriptor opened elsewhere (e.g. by perf_event_open).
     *
     * @param fd the descriptor
     * @param description what it is, for messages
     * @return the owner
     */
    public static NativeFd adopt(int fd, String description) {
        return new NativeFd(fd, description);
    }

    /**
     * Returns the descriptor number.
     *
     * @return the descriptor
     * @throws ResourceClosedException if closed
     */
    public int fd() {
        if (closed.get()) {
            throw new ResourceClosedException(path);
        }
        return fd;
    }

    /**
     * Returns the path or description given at open.
     *
     * @return the path
     */
    public String path() {
        return path;
    }

    /**
     * Tells whether {@link #close()} was called.
     *
     * @return {@code true} once closed
     */
    public boolean isClosed() {
        return closed.get();
    }

    /**
     * Closes the descriptor once; later calls do nothing.
     *
     * @throws dev.jtrace.core.KernelCallException if the kernel reports an error on the first close
     */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            LibC.close(fd, path);
        }
    }

    @Override
    public String toString() {
        return "fd " + fd + " (" + path + (closed.get() ? ", closed)" : ")");
    }
}
