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
     *
     * <p>Zero copy is not free: to hand over a new sub-buffer, {@code TRACE_MMAP_IOCTL_GET_READER}
     * steps over each of its events in the kernel ({@code ring_buffer_map_get_reader()}), while
     * {@code read()} swaps a full page out whole. Measured on Linux 6.18 (x86-64 VM), CPU time per
     * 4 KiB sub-buffer: 12-15 µs mapped against 4.7 µs read with ~200 events of 8 bytes each, about
     * equal with 200-byte events, 3.3-3.7 µs against 4.6 µs with 1000-byte events.
     */
    MMAP,
    /**
     * {@code read()} one sub-buffer at a time into a reusable buffer: one copy per sub-buffer,
     * works on every kernel.
     */
    READ
}
