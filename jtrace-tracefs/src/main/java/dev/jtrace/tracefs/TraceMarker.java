package dev.jtrace.tracefs;

import dev.jtrace.core.Errno;
import dev.jtrace.core.KernelCallException;
import dev.jtrace.core.ResourceClosedException;
import dev.jtrace.core.internal.LibC;
import dev.jtrace.core.internal.NativeFd;
import dev.jtrace.tracefs.internal.Utf8;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Objects;
import java.util.concurrent.locks.StampedLock;

/**
 * Writes user-space events into an instance's ring buffer, next to the kernel's events: text
 * through {@code trace_marker} (recorded as {@code ftrace:print}) and binary records through
 * {@code trace_marker_raw} (recorded as {@code ftrace:raw_data}: a 4-byte id, then the bytes).
 *
 * <p>Both files are opened once and kept open; each call is exactly one {@code write(2)}, which the
 * kernel turns into exactly one event. Calls allocate nothing: text is encoded to UTF-8 and raw
 * records are assembled in a per-thread native scratch buffer. Safe to use from many threads;
 * {@link #close()} waits for writes in progress.
 * {@snippet :
 * try (TraceMarker marker = instance.openMarker()) {
 *     marker.write("request 42 start");
 *     marker.writeRaw(7, payloadSegment);   // id 7, payload bytes
 * }
 * }
 * The kernel caps one event at the sub-buffer's capacity: longer text is cut (the returned count
 * says how much was taken), a longer raw record is refused with EINVAL. While the instance is not
 * recording ({@code tracing_on} 0, or the writing CPU outside {@code tracing_cpumask}) the kernel
 * refuses marker writes with EBADF.
 */
public final class TraceMarker implements AutoCloseable {
    /** Largest event jtrace assembles, above any sub-buffer size the kernel takes in one write. */
    static final int SCRATCH_BYTES = 64 * 1024;

    private final InstanceContext context;
    private final NativeFd text;
    private final NativeFd raw;
    private final StampedLock lock = new StampedLock();
    private final ThreadLocal<MemorySegment> scratch =
            ThreadLocal.withInitial(() -> Arena.ofAuto().allocate(SCRATCH_BYTES, 8));
    private volatile boolean closed;

    private TraceMarker(InstanceContext context, NativeFd text, NativeFd raw) {
        this.context = context;
        this.text = text;
        this.raw = raw;
    }

    static TraceMarker open(InstanceContext context) {
        context.checkOpen();
        NativeFd text = NativeFd.open(context.file("trace_marker").toString(), LibC.O_WRONLY);
        NativeFd raw;
        try {
            raw = NativeFd.open(context.file("trace_marker_raw").toString(), LibC.O_WRONLY);
        } catch (RuntimeException e) {
            text.close();
            throw e;
        }
        TraceMarker marker = new TraceMarker(context, text, raw);
        context.adopt(marker);
        return marker;
    }

    /**
     * Writes a text event.
     *
     * @param message the text; UTF-8 encoded, no newline added
     * @return the number of bytes the kernel recorded (fewer than encoded if it cut a long text)
     * @throws IllegalArgumentException if the text encodes to more than 64 KiB
     * @throws ResourceClosedException if the marker is closed
     * @throws KernelCallException if the kernel refuses the write
     */
    public int write(CharSequence message) {
        Objects.requireNonNull(message, "message");
        long stamp = lock.readLock();
        try {
            checkOpen();
            MemorySegment buf = scratch.get();
            long n = Utf8.encode(message, buf, 0);
            if (n < 0) {
                throw new IllegalArgumentException("marker text longer than " + SCRATCH_BYTES + " bytes");
            }
            long r = LibC.tryWrite(text.fd(), buf, n);
            if (r < 0) {
                throw failure(text.path(), (int) -r);
            }
            return (int) r;
        } finally {
            lock.unlockRead(stamp);
        }
    }

    /**
     * Writes a binary event: {@code id} (4 bytes, native order) followed by {@code payload}.
     *
     * @param id the record's id, for readers to tell record kinds apart
     * @param payload the bytes (any segment, heap or native)
     * @throws IllegalArgumentException if the record is longer than 64 KiB
     * @throws ResourceClosedException if the marker is closed
     * @throws KernelCallException if the kernel refuses (EINVAL: longer than a sub-buffer holds)
     */
    public void writeRaw(int id, MemorySegment payload) {
        long length = payload.byteSize();
        if (length > SCRATCH_BYTES - Integer.BYTES) {
            throw new IllegalArgumentException("raw marker payload of " + length + " bytes is longer than "
                    + (SCRATCH_BYTES - Integer.BYTES));
        }
        long stamp = lock.readLock();
        try {
            checkOpen();
            MemorySegment buf = scratch.get();
            buf.set(ValueLayout.JAVA_INT, 0, id);
            MemorySegment.copy(payload, 0, buf, Integer.BYTES, length);
            writeRawRecord(buf, Integer.BYTES + length);
        } finally {
            lock.unlockRead(stamp);
        }
    }

    /**
     * Writes a binary event from part of a byte array.
     *
     * @param id the record's id
     * @param payload the array
     * @param offset where the payload starts
     * @param length the payload's length
     * @throws IndexOutOfBoundsException if the range is outside the array
     * @throws IllegalArgumentException if the record is longer than 64 KiB
     * @throws ResourceClosedException if the marker is closed
     * @throws KernelCallException if the kernel refuses
     */
    public void writeRaw(int id, byte[] payload, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, payload.length);
        if (length > SCRATCH_BYTES - Integer.BYTES) {
            throw new IllegalArgumentException("raw marker payload of " + length + " bytes is longer than "
                    + (SCRATCH_BYTES - Integer.BYTES));
        }
        long stamp = lock.readLock();
        try {
            checkOpen();
            MemorySegment buf = scratch.get();
            buf.set(ValueLayout.JAVA_INT, 0, id);
            MemorySegment.copy(payload, offset, buf, ValueLayout.JAVA_BYTE, Integer.BYTES, length);
            writeRawRecord(buf, Integer.BYTES + length);
        } finally {
            lock.unlockRead(stamp);
        }
    }

    /**
     * Writes a complete binary record (its first 4 bytes are the id) from native memory, with no
     * copy.
     *
     * @param record the record, native memory of at least 4 bytes
     * @throws IllegalArgumentException if it is shorter than 4 bytes or not native
     * @throws ResourceClosedException if the marker is closed
     * @throws KernelCallException if the kernel refuses
     */
    public void writeRawRecord(MemorySegment record) {
        if (record.byteSize() < Integer.BYTES) {
            throw new IllegalArgumentException("a raw marker record starts with a 4-byte id; got " + record.byteSize()
                    + " bytes");
        }
        long stamp = lock.readLock();
        try {
            checkOpen();
            writeRawRecord(record, record.byteSize());
        } finally {
            lock.unlockRead(stamp);
        }
    }

    private void writeRawRecord(MemorySegment record, long length) {
        long r = LibC.tryWrite(raw.fd(), record, length);
        if (r < 0) {
            throw failure(raw.path() + " (" + length + " bytes)", (int) -r);
        }
        if (r != length) {
            throw new KernelCallException("write (short: " + r + " of " + length + " bytes)", raw.path(), Errno.EIO);
        }
    }

    /** EBADF from a marker means the ring buffer took nothing, which deserves an explanation. */
    private static KernelCallException failure(String what, int errno) {
        if (errno == Errno.EBADF) {
            return new KernelCallException("write", what + " (the buffer is not recording: tracing_on is 0, or this "
                    + "CPU is not in tracing_cpumask)", errno);
        }
        return new KernelCallException("write", what, errno);
    }

    private void checkOpen() {
        if (closed) {
            throw new ResourceClosedException("trace marker of " + context.describe());
        }
    }

    /** Closes both files once; waits for writes in progress. */
    @Override
    public void close() {
        long stamp = lock.writeLock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            try {
                text.close();
            } finally {
                raw.close();
            }
        } finally {
            lock.unlockWrite(stamp);
            context.release(this);
        }
    }

    @Override
    public String toString() {
        return "trace marker of " + context.describe() + (closed ? " (closed)" : "");
    }
}
