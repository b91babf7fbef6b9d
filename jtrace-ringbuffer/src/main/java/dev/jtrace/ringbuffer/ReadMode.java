package dev.jtrace.ringbuffer;

/**
 * How a {@link CpuBufferReader} takes sub-buffers from {@code per_cpu/cpuN/trace_pipe_raw}.
 */
public enum ReadMode {
    /**
     * Map the buffer if the kernel allows it ({@link #MMAP}), else fall back to {@link #READ}.
     * The reader reports the mode it chose in {@link CpuBufferReader#mode()}.
     */
    AUTO,
    /**
     * Map the meta page and every sub-buffer read-only (Linux 6.10+) and hand out full
     * sub-buffers in place, without copying; fail with
     * {@link dev.jtrace.core.FacilityUnavailableException} if the kernel refuses the mapping.
     * While mapped, the kernel refuses to resize the buffer or take snapshots of it.
     */
    MMAP,
    /**
     * {@code read()} one sub-buffer at a time into a reusable buffer: one copy per sub-buffer,
     * works on every kernel.
     */
    READ
}
