package dev.jtrace.ringbuffer;

import dev.jtrace.core.Errno;
import dev.jtrace.core.KernelCallException;
import dev.jtrace.core.MalformedDataException;
import dev.jtrace.core.internal.LibC;
import dev.jtrace.core.internal.NativeFd;
import dev.jtrace.ringbuffer.internal.TracefsText;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * Sub-buffers by {@code read()} of {@code trace_pipe_raw}, opened non-blocking, one whole
 * sub-buffer per call into a reusable buffer. The kernel hands out a full page by swapping it
 * out of the ring; for the page its writer is still filling it copies the unread events into a
 * page of their own (header time stamp adjusted), so every read returns a self-contained
 * sub-buffer and a final non-blocking read drains the partial last one. An empty buffer answers
 * {@code EAGAIN}.
 */
final class ReadSource implements SubBufferSource {
    private final NativeFd fd;
    private final String statsPath;
    private final MemorySegment buffer;
    private final int subBufferSize;

    ReadSource(NativeFd fd, String statsPath, int subBufferSize, Arena arena) {
        this.fd = fd;
        this.statsPath = statsPath;
        this.subBufferSize = subBufferSize;
        this.buffer = arena.allocate(subBufferSize, Long.BYTES);
    }

    @Override
    public boolean next(SubBuffer view) {
        long n = LibC.tryRead(fd.fd(), buffer, subBufferSize);
        if (n == -Errno.EAGAIN || n == 0) {
            return false;
        }
        if (n < 0) {
            throw new KernelCallException("read", fd.path(), (int) -n);
        }
        if (n != subBufferSize) {
            // The reader always asks for whole sub-buffers, so the kernel has no partial one pending.
            throw new MalformedDataException(fd.path(), MalformedDataException.UNKNOWN_OFFSET, "read returned " + n
                    + " bytes, not a whole sub-buffer of " + subBufferSize);
        }
        view.set(buffer, false);
        return true;
    }

    @Override
    public long kernelOverrun() {
        return CpuBufferStats.parse(TracefsText.read(statsPath), statsPath).overrun();
    }

    @Override
    public ReadMode mode() {
        return ReadMode.READ;
    }

    @Override
    public int pollFd() {
        return fd.fd();
    }
}
