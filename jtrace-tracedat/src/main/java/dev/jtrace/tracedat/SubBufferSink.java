package dev.jtrace.tracedat;

import java.lang.foreign.MemorySegment;

/**
 * Takes ring-buffer sub-buffers ("pages") of one buffer as a recorder reads them from
 * {@code per_cpu/cpuN/trace_pipe_raw} (or its mapping), in any interleaving of CPUs; each CPU's
 * pages must come in the order they were read. The bytes are copied before {@code accept}
 * returns, so the caller may reuse its memory at once.
 */
@FunctionalInterface
public interface SubBufferSink {
    /**
     * Stores one sub-buffer.
     *
     * @param cpu the CPU whose buffer it was read from
     * @param subBuffer the page: the buffer's page size, or fewer bytes (padded with zeros)
     * @throws java.io.UncheckedIOException if it cannot be written
     * @throws IllegalArgumentException if the CPU is negative or the page is larger than the
     *     buffer's page size
     */
    void accept(int cpu, MemorySegment subBuffer);
}
