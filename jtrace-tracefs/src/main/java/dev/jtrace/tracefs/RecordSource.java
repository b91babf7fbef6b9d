package dev.jtrace.tracefs;

import dev.jtrace.traceevent.EventRecord;

/**
 * Where a {@link TraceSession} gets its records: the per-CPU ring buffers of its instance, merged
 * into one stream ordered by time stamp.
 *
 * <p>This is the seam for the zero-copy reader of jtrace-ringbuffer. The session only ever talks
 * to this interface, created in one place ({@link RecordSources#open}); today that creates a
 * {@link PipeRawSource}, which {@code read()}s whole sub-buffers from
 * {@code per_cpu/cpuN/trace_pipe_raw}. A memory-mapped reader replaces it there without any change
 * to the public API. Package-private on purpose: it is not a user extension point.
 *
 * <p>Contract for implementations: one consuming thread calls {@link #next()} and
 * {@link #await(long)}; {@link #close()} is called by the session only after that thread let go
 * (the session serializes them). {@code next()} must not allocate per record.
 */
interface RecordSource extends AutoCloseable {
    /**
     * Returns the next record: of the records read so far, the one with the smallest time stamp,
     * reading more from every CPU buffer that has none pending. Never blocks.
     *
     * @return a view valid until the next call to {@code next()} (it may point into the source's
     *     buffers), or {@code null} if no CPU buffer has a record right now
     */
    EventRecord next();

    /**
     * Waits until some CPU buffer may have data, or the timeout passes.
     *
     * @param timeoutNanos the longest wait
     * @return {@code true} if woken by data, {@code false} on timeout or a signal
     */
    boolean await(long timeoutNanos);

    /**
     * Returns how many events the kernel reported lost (overwritten or dropped) before the data
     * delivered so far; a loss the kernel could not count adds 1.
     *
     * @return the count
     */
    long lostEvents();

    /** Releases the buffers and files. Idempotent. */
    @Override
    void close();
}
