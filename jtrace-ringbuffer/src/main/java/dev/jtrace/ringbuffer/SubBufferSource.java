package dev.jtrace.ringbuffer;

/**
 * Where a {@link CpuBufferReader} gets its sub-buffers: a mapping ({@link MmapSource}), {@code read()}
 * ({@link ReadSource}), or in tests a list of captured pages. Called only under the reader's lock.
 */
interface SubBufferSource {
    /**
     * Points {@code view} at the next sub-buffer, if there is one now. Never blocks.
     *
     * @param view the reader's view to fill with {@link SubBuffer#set}
     * @return {@code true} if {@code view} shows a new sub-buffer
     */
    boolean next(SubBuffer view);

    /**
     * Returns the kernel's count of overwritten events for this CPU, for a loss the sub-buffer
     * flagged without room to store its count.
     *
     * @return the overrun counter
     */
    long kernelOverrun();

    /**
     * Returns the mode this source implements.
     *
     * @return {@link ReadMode#MMAP} or {@link ReadMode#READ}
     */
    ReadMode mode();

    /**
     * Returns the descriptor that {@code poll()} reports readable when data arrives.
     *
     * @return the descriptor, or -1 if there is none (poll then ignores the entry)
     */
    int pollFd();
}
