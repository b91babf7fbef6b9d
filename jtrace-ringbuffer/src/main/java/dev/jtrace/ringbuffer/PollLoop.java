package dev.jtrace.ringbuffer;

import dev.jtrace.core.internal.LibC;
import java.lang.foreign.MemorySegment;

/** {@code poll()} until something is ready or a deadline passes, resuming after signals. */
final class PollLoop {
    private PollLoop() {
    }

    /**
     * Polls {@code count} entries of {@code fds}.
     *
     * @return the number of ready entries, 0 when the timeout passed
     */
    static int poll(MemorySegment fds, int count, long timeoutNanos, String what) {
        long deadline = System.nanoTime() + timeoutNanos;
        long remaining = timeoutNanos;
        while (true) {
            int millis = (int) Math.min(Integer.MAX_VALUE, (remaining + 999_999) / 1_000_000);
            int ready = LibC.poll(fds, count, millis, what);
            if (ready != 0) {
                return ready;
            }
            remaining = deadline - System.nanoTime();
            if (remaining <= 0) {
                return 0;
            }
            // LibC.poll reports a signal (EINTR) as 0 ready: wait out the rest of the timeout.
        }
    }
}
