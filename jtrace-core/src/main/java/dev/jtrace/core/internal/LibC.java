package dev.jtrace.core.internal;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import dev.jtrace.core.CpuSet;
import dev.jtrace.core.Errno;
import dev.jtrace.core.JtraceException;
import dev.jtrace.core.KernelCallException;
import dev.jtrace.core.ResourceClosedException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout.PathElement;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;

/**
 * The C library calls jtrace makes: with {@link LibZstd}, the only place in the project that
 * performs downcalls.
 *
 * <p>Every method handle is built once into a {@code static final} field and called with
 * {@code invokeExact}. Calls that can fail capture {@code errno} through
 * {@link Linker.Option#captureCallState(String...)} into a per-thread buffer, check the return
 * value, and turn a failure into a {@link KernelCallException} naming the call, what it acted on
 * (the {@code what} argument: a path or a description of the file descriptor) and the errno.
 * Calls interrupted by a signal ({@code EINTR}) are restarted, except {@link #poll}, which reports
 * zero ready descriptors so the caller re-checks its own state.
 *
 * <p>The {@code try...} variants return {@code -errno} instead of throwing, for callers that expect
 * a particular failure (such as {@code EAGAIN} on a non-blocking read) on a hot path.
 *
 * <p>Supported: Linux on 64-bit architectures using the kernel's generic ABI numbers (x86-64,
 * arm64, riscv64). Loading this class anywhere else fails with a clear message.
 */
@SuppressWarnings("restricted") // with LibZstd, the project's audited restricted-call sites
public final class LibC {
    // open(2) flags: identical in asm-generic and x86-64 for the ones listed here.
    /** Open for reading only. */
    public static final int O_RDONLY = 0;
    /** Open for writing only. */
    public static final int O_WRONLY = 1;
    /** Open for reading and writing. */
    public static final int O_RDWR = 2;
    /** Create the file if it does not exist. */
    public static final int O_CREAT = 0100;
    /** Truncate the file to length 0. */
    public static final int O_TRUNC = 01000;
    /** Append on each write. */
    public static final int O_APPEND = 02000;
    /** Non-blocking I/O. */
    public static final int O_NONBLOCK = 04000;
    /** Close on exec: jtrace sets it on every descriptor it opens. */
    public static final int O_CLOEXEC = 02000000;

    /** Pages may be read. */
    public static final int PROT_READ = 1;
    /** Pages may be written. */
    public static final int PROT_WRITE = 2;
    /** Share the mapping with the kernel object. */
    public static final int MAP_SHARED = 1;
    /** Private copy-on-write mapping. */
    public static final int MAP_PRIVATE = 2;

    /** Seek to an absolute offset. */
    public static final int SEEK_SET = 0;
    /** Seek relative to the current offset. */
    public static final int SEEK_CUR = 1;
    /** Seek relative to the end. */
    public static final int SEEK_END = 2;

    /** eventfd: close on exec (the value of {@link #O_CLOEXEC}). */
    public static final int EFD_CLOEXEC = O_CLOEXEC;
    /** eventfd: non-blocking reads and writes (the value of {@link #O_NONBLOCK}). */
    public static final int EFD_NONBLOCK = O_NONBLOCK;

    /** sysconf: clock ticks per second. */
    public static final int SC_CLK_TCK = 2;
    /** sysconf: page size in bytes. */
    public static final int SC_PAGESIZE = 30;
    /** sysconf: CPUs configured. */
    public static final int SC_NPROCESSORS_CONF = 83;
    /** sysconf: CPUs online. */
    public static final int SC_NPROCESSORS_ONLN = 84;

    private static final Linker LINKER = Linker.nativeLinker();
    private static final SymbolLookup LIBC = LINKER.defaultLookup();
    private static final StructLayout CALL_STATE_LAYOUT = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO = CALL_STATE_LAYOUT.varHandle(PathElement.groupElement("errno"));
    private static final Linker.Option CAPTURE_ERRNO = Linker.Option.captureCallState("errno");

    private static final long SYS_PERF_EVENT_OPEN;
    private static final long SYS_GETTID;

    static {
        if (!"Linux".equals(System.getProperty("os.name")) || ADDRESS.byteSize() != 8) {
            throw new UnsupportedOperationException("jtrace needs Linux on a 64-bit architecture; this is "
                    + System.getProperty("os.name") + " on " + System.getProperty("os.arch"));
        }
        switch (System.getProperty("os.arch")) {
            case "amd64", "x86_64" -> {
                SYS_PERF_EVENT_OPEN = 298;
                SYS_GETTID = 186;
            }
            case "aarch64", "riscv64", "loongarch64" -> { // asm-generic/unistd.h
                SYS_PERF_EVENT_OPEN = 241;
                SYS_GETTID = 178;
            }
            default -> throw new UnsupportedOperationException(
                    "jtrace does not know the system call numbers of " + System.getProperty("os.arch"));
        }
    }

    private static final MethodHandle OPEN = errnoCall("open",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT), Linker.Option.firstVariadicArg(2));
    private static final MethodHandle CLOSE = errnoCall("close", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
    private static final MethodHandle READ = errnoCall("read",
            FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG));
    private static final MethodHandle WRITE = errnoCall("write",
            FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG));
    private static final MethodHandle PREAD = errnoCall("pread",
            FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_LONG));
    private static final MethodHandle PWRITE = errnoCall("pwrite",
            FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_LONG));
    private static final MethodHandle LSEEK = errnoCall("lseek",
            FunctionDescriptor.of(JAVA_LONG, JAVA_INT, JAVA_LONG, JAVA_INT));
    private static final MethodHandle MMAP = errnoCall("mmap",
            FunctionDescriptor.of(ADDRESS, ADDRESS, JAVA_LONG, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_LONG));
    private static final MethodHandle MUNMAP = errnoCall("munmap",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG));
    private static final MethodHandle IOCTL_LONG = errnoCall("ioctl",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG, JAVA_LONG), Linker.Option.firstVariadicArg(2));
    private static final MethodHandle IOCTL_PTR = errnoCall("ioctl",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG, ADDRESS), Linker.Option.firstVariadicArg(2));
    private static final MethodHandle POLL = errnoCall("poll",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT));
    private static final MethodHandle EVENTFD = errnoCall("eventfd",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT));
    private static final MethodHandle SYSCALL_PERF_EVENT_OPEN = errnoCall("syscall",
            FunctionDescriptor.of(JAVA_LONG, JAVA_LONG, ADDRESS, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_LONG),
            Linker.Option.firstVariadicArg(1));
    private static final MethodHandle SYSCALL_NOARGS = errnoCall("syscall",
            FunctionDescriptor.of(JAVA_LONG, JAVA_LONG), Linker.Option.firstVariadicArg(1));
    private static final MethodHandle CLOCK_GETTIME = errnoCall("clock_gettime",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS));
    private static final MethodHandle SYSCONF = errnoCall("sysconf", FunctionDescriptor.of(JAVA_LONG, JAVA_INT));
    private static final MethodHandle GETPID = plainCall("getpid", FunctionDescriptor.of(JAVA_INT));
    private static final MethodHandle SCHED_SETAFFINITY = errnoCall("sched_setaffinity",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG, ADDRESS));
    private static final MethodHandle SCHED_GETAFFINITY = errnoCall("sched_getaffinity",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG, ADDRESS));
    private static final MethodHandle UNAME = errnoCall("uname", FunctionDescriptor.of(JAVA_INT, ADDRESS));
    private static final MethodHandle STRERROR = plainCall("strerror", FunctionDescriptor.of(ADDRESS, JAVA_INT));
    private static final MethodHandle MKDIR = errnoCall("mkdir", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle RMDIR = errnoCall("rmdir", FunctionDescriptor.of(JAVA_INT, ADDRESS));
    private static final MethodHandle MOUNT = errnoCall("mount",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS, JAVA_LONG, ADDRESS));

    /** Per-thread native scratch: the errno capture buffer and a timespec for clock reads. */
    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    private static final class Scratch {
        final MemorySegment callState;
        final MemorySegment timespec;

        Scratch() {
            Arena arena = Arena.ofAuto();
            callState = arena.allocate(CALL_STATE_LAYOUT);
            timespec = arena.allocate(Timespec.LAYOUT);
        }
    }

    private LibC() {
    }

    private static MethodHandle errnoCall(String name, FunctionDescriptor descriptor, Linker.Option... extra) {
        Linker.Option[] options = new Linker.Option[extra.length + 1];
        options[0] = CAPTURE_ERRNO;
        System.arraycopy(extra, 0, options, 1, extra.length);
        return LINKER.downcallHandle(symbol(name), descriptor, options);
    }

    private static MethodHandle plainCall(String name, FunctionDescriptor descriptor) {
        return LINKER.downcallHandle(symbol(name), descriptor);
    }

    private static MemorySegment symbol(String name) {
        return LIBC.find(name).orElseThrow(
                () -> new UnsupportedOperationException("the C library has no symbol '" + name + "'"));
    }

    private static MemorySegment callState() {
        return SCRATCH.get().callState;
    }

    private static int errno(MemorySegment callState) {
        return (int) ERRNO.get(callState, 0L);
    }

    /**
     * Turns what {@code invokeExact} threw into a jtrace exception. With exact types the only
     * expected case is a segment argument whose arena was already closed.
     */
    private static JtraceException linkageFailure(String call, Throwable t) {
        if (t instanceof JtraceException j) {
            return j;
        }
        if (t instanceof IllegalStateException) {
            return new ResourceClosedException("the memory passed to " + call, t);
        }
        return new JtraceException("native call " + call + " failed unexpectedly: " + t, t);
    }

    // ---- file descriptors ------------------------------------------------------------------

    /**
     * Opens a file; {@link #O_CLOEXEC} is always added.
     *
     * @param path the file to open
     * @param flags {@code O_*} flags
     * @param mode permission bits for {@link #O_CREAT}, else ignored
     * @return the new file descriptor
     * @throws KernelCallException if open fails
     */
    public static int open(String path, int flags, int mode) {
        int r = tryOpen(path, flags, mode);
        if (r < 0) {
            throw new KernelCallException("open", path, -r);
        }
        return r;
    }

    /**
     * Opens a file, returning {@code -errno} on failure; {@link #O_CLOEXEC} is always added.
     *
     * @param path the file to open
     * @param flags {@code O_*} flags
     * @param mode permission bits for {@link #O_CREAT}, else ignored
     * @return the new file descriptor, or {@code -errno}
     */
    public static int tryOpen(String path, int flags, int mode) {
        requireNoNul(path, "path");
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment cPath = arena.allocateFrom(path);
            MemorySegment state = callState();
            while (true) {
                int fd = (int) OPEN.invokeExact(state, cPath, flags | O_CLOEXEC, mode);
                if (fd >= 0) {
                    return fd;
                }
                int e = errno(state);
                if (e != Errno.EINTR) {
                    return -e;
                }
            }
        } catch (Throwable t) {
            throw linkageFailure("open", t);
        }
    }

    /**
     * Closes a file descriptor. {@code EINTR} is not retried: on Linux the descriptor is released
     * anyway, and retrying could close a descriptor another thread has just been given.
     *
     * @param fd the descriptor
     * @param what the path or description of the descriptor, for the error message
     * @throws KernelCallException if close fails with anything but EINTR
     */
    public static void close(int fd, String what) {
        int r;
        MemorySegment state = callState();
        try {
            r = (int) CLOSE.invokeExact(state, fd);
        } catch (Throwable t) {
            throw linkageFailure("close", t);
        }
        if (r != 0) {
            int e = errno(state);
            if (e != Errno.EINTR) {
                throw new KernelCallException("close", what, e);
            }
        }
    }

    /**
     * Reads up to {@code count} bytes.
     *
     * @param fd the descriptor
     * @param buffer where to put the bytes; must hold {@code count} bytes
     * @param count how many bytes at most
     * @param what the path or description of the descriptor, for the error message
     * @return the number of bytes read; 0 at end of file
     * @throws KernelCallException if read fails
     */
    public static long read(int fd, MemorySegment buffer, long count, String what) {
        long r = tryRead(fd, buffer, count);
        if (r < 0) {
            throw new KernelCallException("read", what, (int) -r);
        }
        return r;
    }

    /**
     * Reads up to {@code count} bytes, returning {@code -errno} on failure.
     *
     * @param fd the descriptor
     * @param buffer where to put the bytes; must hold {@code count} bytes
     * @param count how many bytes at most
     * @return the number of bytes read, 0 at end of file, or {@code -errno}
     */
    public static long tryRead(int fd, MemorySegment buffer, long count) {
        checkRange(buffer, count);
        MemorySegment state = callState();
        try {
            while (true) {
                long n = (long) READ.invokeExact(state, fd, buffer, count);
                if (n >= 0) {
                    return n;
                }
                int e = errno(state);
                if (e != Errno.EINTR) {
                    return -e;
                }
            }
        } catch (Throwable t) {
            throw linkageFailure("read", t);
        }
    }

    /**
     * Writes up to {@code count} bytes in one {@code write(2)} call. tracefs files take one
     * command or one event per write, so a short write is returned, not continued.
     *
     * @param fd the descriptor
     * @param buffer the bytes to write
     * @param count how many bytes
     * @param what the path or description of the descriptor, for the error message
     * @return the number of bytes written
     * @throws KernelCallException if write fails
     */
    public static long write(int fd, MemorySegment buffer, long count, String what) {
        long r = tryWrite(fd, buffer, count);
        if (r < 0) {
            throw new KernelCallException("write", what, (int) -r);
        }
        return r;
    }

    /**
     * Writes up to {@code count} bytes in one call, returning {@code -errno} on failure.
     *
     * @param fd the descriptor
     * @param buffer the bytes to write
     * @param count how many bytes
     * @return the number of bytes written, or {@code -errno}
     */
    public static long tryWrite(int fd, MemorySegment buffer, long count) {
        checkRange(buffer, count);
        MemorySegment state = callState();
        try {
            while (true) {
                long n = (long) WRITE.invokeExact(state, fd, buffer, count);
                if (n >= 0) {
                    return n;
                }
                int e = errno(state);
                if (e != Errno.EINTR) {
                    return -e;
                }
            }
        } catch (Throwable t) {
            throw linkageFailure("write", t);
        }
    }

    /**
     * Reads up to {@code count} bytes at an absolute file offset.
     *
     * @param fd the descriptor
     * @param buffer where to put the bytes
     * @param count how many bytes at most
     * @param offset the file offset
     * @param what the path or description of the descriptor, for the error message
     * @return the number of bytes read; 0 at end of file
     * @throws KernelCallException if pread fails
     */
    public static long pread(int fd, MemorySegment buffer, long count, long offset, String what) {
        checkRange(buffer, count);
        MemorySegment state = callState();
        try {
            while (true) {
                long n = (long) PREAD.invokeExact(state, fd, buffer, count, offset);
                if (n >= 0) {
                    return n;
                }
                int e = errno(state);
                if (e != Errno.EINTR) {
                    throw new KernelCallException("pread", what, e);
                }
            }
        } catch (JtraceException e) {
            throw e;
        } catch (Throwable t) {
            throw linkageFailure("pread", t);
        }
    }

    /**
     * Writes up to {@code count} bytes at an absolute file offset.
     *
     * @param fd the descriptor
     * @param buffer the bytes to write
     * @param count how many bytes
     * @param offset the file offset
     * @param what the path or description of the descriptor, for the error message
     * @return the number of bytes written
     * @throws KernelCallException if pwrite fails
     */
    public static long pwrite(int fd, MemorySegment buffer, long count, long offset, String what) {
        checkRange(buffer, count);
        MemorySegment state = callState();
        try {
            while (true) {
                long n = (long) PWRITE.invokeExact(state, fd, buffer, count, offset);
                if (n >= 0) {
                    return n;
                }
                int e = errno(state);
                if (e != Errno.EINTR) {
                    throw new KernelCallException("pwrite", what, e);
                }
            }
        } catch (JtraceException e) {
            throw e;
        } catch (Throwable t) {
            throw linkageFailure("pwrite", t);
        }
    }

    /**
     * Moves the file offset.
     *
     * @param fd the descriptor
     * @param offset the offset, interpreted by {@code whence}
     * @param whence {@link #SEEK_SET}, {@link #SEEK_CUR} or {@link #SEEK_END}
     * @param what the path or description of the descriptor, for the error message
     * @return the resulting offset from the start of the file
     * @throws KernelCallException if lseek fails
     */
    public static long lseek(int fd, long offset, int whence, String what) {
        MemorySegment state = callState();
        long r;
        try {
            r = (long) LSEEK.invokeExact(state, fd, offset, whence);
        } catch (Throwable t) {
            throw linkageFailure("lseek", t);
        }
        if (r < 0) {
            throw new KernelCallException("lseek", what, errno(state));
        }
        return r;
    }

    /**
     * Rejects a string that C would silently cut at an embedded NUL.
     *
     * @param text the string to pass to C
     * @param what what it is, for the message
     * @throws IllegalArgumentException if {@code text} contains a NUL character
     */
    public static void requireNoNul(String text, String what) {
        int nul = text.indexOf('\0');
        if (nul >= 0) {
            throw new IllegalArgumentException(what + " contains a NUL character at index " + nul + ": "
                    + text.replace('\0', '?'));
        }
    }

    private static void requireNative(MemorySegment segment, String call) {
        if (!segment.isNative()) {
            throw new IllegalArgumentException("the memory passed to " + call + " must be native, not a heap segment");
        }
    }

    private static void checkRange(MemorySegment buffer, long count) {
        if (count < 0 || count > buffer.byteSize()) {
            throw new IllegalArgumentException(
                    "count " + count + " does not fit the buffer of " + buffer.byteSize() + " bytes");
        }
        if (!buffer.isNative()) {
            throw new IllegalArgumentException("the buffer must be native memory, not a heap segment");
        }
    }

    // ---- memory mapping ----------------------------------------------------------------------

    /**
     * Maps a file into memory, tied to the lifetime of an arena: closing {@code owner} unmaps it,
     * and every view of the mapping becomes invalid at once.
     *
     * @param length the mapping length in bytes
     * @param prot {@link #PROT_READ} and/or {@link #PROT_WRITE}
     * @param flags {@link #MAP_SHARED} or {@link #MAP_PRIVATE}
     * @param fd the file descriptor to map
     * @param offset the file offset, a multiple of the page size
     * @param owner the arena whose closing unmaps the region
     * @param what the path or description of the descriptor, for the error message
     * @return a segment of {@code length} bytes over the mapping
     * @throws KernelCallException if mmap fails
     */
    public static MemorySegment mmap(long length, int prot, int flags, int fd, long offset, Arena owner,
            String what) {
        if (!owner.scope().isAlive()) {
            throw new ResourceClosedException("the arena that would own the mapping of " + what);
        }
        MemorySegment state = callState();
        MemorySegment address;
        try {
            address = (MemorySegment) MMAP.invokeExact(state, MemorySegment.NULL, length, prot, flags, fd, offset);
        } catch (Throwable t) {
            throw linkageFailure("mmap", t);
        }
        if (address.address() == -1L) { // MAP_FAILED
            throw new KernelCallException("mmap", what + " (" + length + " bytes at offset " + offset + ")",
                    errno(state));
        }
        try {
            return address.reinterpret(length, owner, mapping -> munmap(mapping, what));
        } catch (RuntimeException e) { // owner closed meanwhile, or confined to another thread
            munmap(address.reinterpret(length), what);
            throw new ResourceClosedException("the arena that would own the mapping of " + what, e);
        }
    }

    /**
     * Unmaps a region mapped by the caller without an owning arena.
     *
     * @param mapping the mapped region (address and size)
     * @param what a description of the mapping, for the error message
     * @throws KernelCallException if munmap fails
     */
    public static void munmap(MemorySegment mapping, String what) {
        MemorySegment state = callState();
        int r;
        try {
            r = (int) MUNMAP.invokeExact(state, mapping, mapping.byteSize());
        } catch (Throwable t) {
            throw linkageFailure("munmap", t);
        }
        if (r != 0) {
            throw new KernelCallException("munmap", what, errno(state));
        }
    }

    // ---- ioctl, poll, syscall ----------------------------------------------------------------

    /**
     * Performs an ioctl whose argument is an integer.
     *
     * @param fd the descriptor
     * @param request the request code
     * @param arg the integer argument
     * @param what a description of the request and descriptor, for the error message
     * @return the non-negative result
     * @throws KernelCallException if the ioctl fails
     */
    public static int ioctl(int fd, long request, long arg, String what) {
        int r = tryIoctl(fd, request, arg);
        if (r < 0) {
            throw new KernelCallException("ioctl", what, -r);
        }
        return r;
    }

    /**
     * Performs an ioctl whose argument is an integer, returning {@code -errno} on failure.
     *
     * @param fd the descriptor
     * @param request the request code
     * @param arg the integer argument
     * @return the non-negative result, or {@code -errno}
     */
    public static int tryIoctl(int fd, long request, long arg) {
        MemorySegment state = callState();
        try {
            while (true) {
                int r = (int) IOCTL_LONG.invokeExact(state, fd, request, arg);
                if (r >= 0) {
                    return r;
                }
                int e = errno(state);
                if (e != Errno.EINTR) {
                    return -e;
                }
            }
        } catch (Throwable t) {
            throw linkageFailure("ioctl", t);
        }
    }

    /**
     * Performs an ioctl whose argument points to memory.
     *
     * @param fd the descriptor
     * @param request the request code
     * @param arg the memory the kernel reads or writes
     * @param what a description of the request and descriptor, for the error message
     * @return the non-negative result
     * @throws KernelCallException if the ioctl fails
     */
    public static int ioctl(int fd, long request, MemorySegment arg, String what) {
        requireNative(arg, "ioctl");
        MemorySegment state = callState();
        try {
            while (true) {
                int r = (int) IOCTL_PTR.invokeExact(state, fd, request, arg);
                if (r >= 0) {
                    return r;
                }
                int e = errno(state);
                if (e != Errno.EINTR) {
                    throw new KernelCallException("ioctl", what, e);
                }
            }
        } catch (JtraceException e) {
            throw e;
        } catch (Throwable t) {
            throw linkageFailure("ioctl", t);
        }
    }

    /**
     * Waits for events on descriptors ({@code struct pollfd} array, see {@link PollFd}).
     *
     * @param fds the {@code pollfd} array
     * @param count how many entries of {@code fds} to use
     * @param timeoutMillis the timeout; negative waits forever, 0 returns at once
     * @param what a description of the descriptors, for the error message
     * @return the number of entries with non-zero {@code revents}; 0 on timeout or when a signal
     *     interrupted the wait
     * @throws KernelCallException if poll fails for any other reason
     */
    public static int poll(MemorySegment fds, int count, int timeoutMillis, String what) {
        if (count < 0 || (long) count * PollFd.LAYOUT.byteSize() > fds.byteSize()) {
            throw new IllegalArgumentException("pollfd count " + count + " does not fit " + fds.byteSize() + " bytes");
        }
        requireNative(fds, "poll");
        MemorySegment state = callState();
        int r;
        try {
            r = (int) POLL.invokeExact(state, fds, (long) count, timeoutMillis);
        } catch (Throwable t) {
            throw linkageFailure("poll", t);
        }
        if (r < 0) {
            int e = errno(state);
            if (e == Errno.EINTR) {
                return 0;
            }
            throw new KernelCallException("poll", what, e);
        }
        return r;
    }

    /**
     * Creates an event counter descriptor ({@code eventfd(2)}); {@link #EFD_CLOEXEC} is always added.
     * A write of a non-zero 8-byte value makes it readable, a read returns the sum and resets it: a
     * cheap way to wake a thread blocked in {@link #poll}.
     *
     * @param initialValue the counter's initial value
     * @param flags {@link #EFD_NONBLOCK} or 0
     * @param what what the descriptor is for, for the error message
     * @return the new descriptor
     * @throws KernelCallException if the kernel refuses, e.g. EMFILE
     */
    public static int eventfd(int initialValue, int flags, String what) {
        MemorySegment state = callState();
        int fd;
        try {
            fd = (int) EVENTFD.invokeExact(state, initialValue, flags | EFD_CLOEXEC);
        } catch (Throwable t) {
            throw linkageFailure("eventfd", t);
        }
        if (fd < 0) {
            throw new KernelCallException("eventfd", what, errno(state));
        }
        return fd;
    }

    /**
     * Calls {@code perf_event_open(2)} through {@code syscall(2)}.
     *
     * @param attr the {@code struct perf_event_attr}
     * @param pid the thread or process to measure, 0 for the caller, -1 for all
     * @param cpu the CPU to measure, or -1 for any
     * @param groupFd the group leader's descriptor, or -1
     * @param flags {@code PERF_FLAG_*} flags
     * @param what a description of the event, for the error message
     * @return the new perf event file descriptor
     * @throws KernelCallException if the kernel refuses the event
     */
    public static int perfEventOpen(MemorySegment attr, int pid, int cpu, int groupFd, long flags, String what) {
        MemorySegment state = callState();
        try {
            while (true) {
                long fd = (long) SYSCALL_PERF_EVENT_OPEN.invokeExact(state, SYS_PERF_EVENT_OPEN, attr, pid, cpu,
                        groupFd, flags);
                if (fd >= 0) {
                    return (int) fd;
                }
                int e = errno(state);
                if (e != Errno.EINTR) {
                    throw new KernelCallException("perf_event_open", what, e);
                }
            }
        } catch (JtraceException e) {
            throw e;
        } catch (Throwable t) {
            throw linkageFailure("perf_event_open", t);
        }
    }

    // ---- time, process and system information ------------------------------------------------

    /**
     * Reads a clock ({@code clock_gettime(2)}) as nanoseconds. Allocation-free.
     *
     * @param clockId the clock id, such as 1 for {@code CLOCK_MONOTONIC}
     * @return seconds * 1e9 + nanoseconds
     * @throws KernelCallException if the clock id is invalid
     */
    public static long clockGettimeNanos(int clockId) {
        Scratch scratch = SCRATCH.get();
        int r;
        try {
            r = (int) CLOCK_GETTIME.invokeExact(scratch.callState, clockId, scratch.timespec);
        } catch (Throwable t) {
            throw linkageFailure("clock_gettime", t);
        }
        if (r != 0) {
            throw new KernelCallException("clock_gettime", "clock id " + clockId, errno(scratch.callState));
        }
        return Timespec.nanos(scratch.timespec);
    }

    /**
     * Reads a system configuration value ({@code sysconf(3)}).
     *
     * @param name the {@code _SC_*} constant, such as {@link #SC_PAGESIZE}
     * @return the value
     * @throws KernelCallException if the name is unknown or the value indeterminate
     */
    public static long sysconf(int name) {
        MemorySegment state = callState();
        long r;
        try {
            r = (long) SYSCONF.invokeExact(state, name);
        } catch (Throwable t) {
            throw linkageFailure("sysconf", t);
        }
        if (r == -1) {
            int e = errno(state);
            throw new KernelCallException("sysconf", "name " + name, e == 0 ? Errno.EINVAL : e);
        }
        return r;
    }

    /**
     * Returns the process id ({@code getpid(2)}; it cannot fail).
     *
     * @return the pid
     */
    public static int getpid() {
        try {
            return (int) GETPID.invokeExact();
        } catch (Throwable t) {
            throw linkageFailure("getpid", t);
        }
    }

    /**
     * Returns the calling thread's kernel thread id ({@code gettid(2)}; it cannot fail).
     *
     * @return the tid, as seen in {@code /proc/<pid>/task} and in trace events
     */
    public static int gettid() {
        MemorySegment state = callState();
        try {
            return (int) (long) SYSCALL_NOARGS.invokeExact(state, SYS_GETTID);
        } catch (Throwable t) {
            throw linkageFailure("gettid", t);
        }
    }

    /**
     * Restricts a thread to a set of CPUs ({@code sched_setaffinity(2)}).
     *
     * @param tid the thread id, 0 for the calling thread
     * @param cpus the CPUs the thread may run on
     * @throws KernelCallException if the kernel refuses, e.g. EINVAL when no CPU of the set is online
     */
    public static void schedSetaffinity(int tid, CpuSet cpus) {
        long bytes = affinityMaskBytes(cpus.max() + 1);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment mask = arena.allocate(bytes, 8);
            long[] words = cpus.toWords((int) (bytes / 8));
            MemorySegment.copy(words, 0, mask, JAVA_LONG, 0, words.length);
            MemorySegment state = callState();
            int r;
            try {
                r = (int) SCHED_SETAFFINITY.invokeExact(state, tid, bytes, mask);
            } catch (Throwable t) {
                throw linkageFailure("sched_setaffinity", t);
            }
            if (r != 0) {
                throw new KernelCallException("sched_setaffinity", "thread " + tid + " to CPUs " + cpus,
                        errno(state));
            }
        }
    }

    /**
     * Returns the CPUs a thread may run on ({@code sched_getaffinity(2)}).
     *
     * @param tid the thread id, 0 for the calling thread
     * @return the CPU set
     * @throws KernelCallException if the thread does not exist
     */
    public static CpuSet schedGetaffinity(int tid) {
        // The kernel refuses (EINVAL) a mask smaller than its own cpumask size, which user space
        // cannot see directly: start at 1024 CPUs (glibc's cpu_set_t) and double.
        for (long bytes = affinityMaskBytes(1024); bytes <= affinityMaskBytes(CpuSet.MAX_CPUS); bytes *= 2) {
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment mask = arena.allocate(bytes, 8);
                MemorySegment state = callState();
                int r;
                try {
                    r = (int) SCHED_GETAFFINITY.invokeExact(state, tid, bytes, mask);
                } catch (Throwable t) {
                    throw linkageFailure("sched_getaffinity", t);
                }
                if (r == 0) {
                    return CpuSet.fromWords(mask.toArray(JAVA_LONG));
                }
                int e = errno(state);
                if (e != Errno.EINVAL) {
                    throw new KernelCallException("sched_getaffinity", "thread " + tid, e);
                }
            }
        }
        throw new KernelCallException("sched_getaffinity", "thread " + tid + " (mask of " + CpuSet.MAX_CPUS
                + " CPUs too small)", Errno.EINVAL);
    }

    private static long affinityMaskBytes(int cpus) {
        return ((Math.max(cpus, 1) + 63) / 64) * 8L;
    }

    /**
     * Returns the kernel's identification ({@code uname(2)}).
     *
     * @return the fields of {@code struct utsname}
     */
    public static Utsname.Info uname() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment buf = arena.allocate(Utsname.LAYOUT);
            MemorySegment state = callState();
            int r;
            try {
                r = (int) UNAME.invokeExact(state, buf);
            } catch (Throwable t) {
                throw linkageFailure("uname", t);
            }
            if (r != 0) {
                throw new KernelCallException("uname", "", errno(state));
            }
            return Utsname.read(buf);
        }
    }

    /**
     * Returns the C library's text for an errno value ({@code strerror(3)}).
     *
     * @param errno the errno number
     * @return the text, such as {@code "No such file or directory"}
     */
    public static String strerror(int errno) {
        MemorySegment text;
        try {
            text = (MemorySegment) STRERROR.invokeExact(errno);
        } catch (Throwable t) {
            throw linkageFailure("strerror", t);
        }
        if (text.address() == 0) {
            return "Unknown error " + errno;
        }
        return text.reinterpret(1024).getString(0);
    }

    /**
     * Mounts a file system ({@code mount(2)}), e.g. tracefs.
     *
     * @param source the source, such as {@code "nodev"}
     * @param target the mount point
     * @param fsType the file system type, such as {@code "tracefs"}
     * @param flags {@code MS_*} flags
     * @param data file-system specific options such as {@code "gid=1000"}, or empty for none
     * @throws KernelCallException if the mount fails, e.g. EPERM without CAP_SYS_ADMIN
     */
    public static void mount(String source, String target, String fsType, long flags, String data) {
        requireNoNul(source + target + fsType + data, "mount argument");
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment cData = data.isEmpty() ? MemorySegment.NULL : arena.allocateFrom(data);
            MemorySegment state = callState();
            int r;
            try {
                r = (int) MOUNT.invokeExact(state, arena.allocateFrom(source), arena.allocateFrom(target),
                        arena.allocateFrom(fsType), flags, cData);
            } catch (Throwable t) {
                throw linkageFailure("mount", t);
            }
            if (r != 0) {
                throw new KernelCallException("mount", fsType + " on " + target, errno(state));
            }
        }
    }

    // ---- directories -------------------------------------------------------------------------

    /**
     * Creates a directory ({@code mkdir(2)}), returning {@code -errno} on failure. On tracefs this
     * creates an instance; the errno tells apart an existing one ({@code EEXIST}) from a refusal
     * ({@code EPERM}, {@code EACCES}), which Java's file API folds into exception types.
     *
     * @param path the directory to create
     * @param mode its permission bits, such as {@code 0755}
     * @return 0, or {@code -errno}
     */
    public static int tryMkdir(String path, int mode) {
        requireNoNul(path, "path");
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment cPath = arena.allocateFrom(path);
            MemorySegment state = callState();
            while (true) {
                int r = (int) MKDIR.invokeExact(state, cPath, mode);
                if (r == 0) {
                    return 0;
                }
                int e = errno(state);
                if (e != Errno.EINTR) {
                    return -e;
                }
            }
        } catch (Throwable t) {
            throw linkageFailure("mkdir", t);
        }
    }

    /**
     * Removes an empty directory ({@code rmdir(2)}), returning {@code -errno} on failure. On tracefs
     * this removes an instance, and {@code EBUSY} means a file of it is still open.
     *
     * @param path the directory to remove
     * @return 0, or {@code -errno}
     */
    public static int tryRmdir(String path) {
        requireNoNul(path, "path");
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment cPath = arena.allocateFrom(path);
            MemorySegment state = callState();
            while (true) {
                int r = (int) RMDIR.invokeExact(state, cPath);
                if (r == 0) {
                    return 0;
                }
                int e = errno(state);
                if (e != Errno.EINTR) {
                    return -e;
                }
            }
        } catch (Throwable t) {
            throw linkageFailure("rmdir", t);
        }
    }
}
