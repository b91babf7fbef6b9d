package dev.jtrace.ringbuffer;

import dev.jtrace.core.CpuSet;
import dev.jtrace.core.TracefsMount;
import dev.jtrace.core.internal.LibC;
import dev.jtrace.core.internal.NativeFd;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A private tracefs instance for a benchmark ({@code jtrace-bench-<pid>-<what>}), removed on close,
 * and marker writers pinned to a CPU.
 */
final class BenchInstance implements AutoCloseable {
    final Path dir;
    /** Bytes of each trace_marker_raw record the writers write (id + sequence number + filler). */
    int recordBytes = 8;

    BenchInstance(String what, int bufferSizeKb) throws IOException {
        Path tracefs = TracefsMount.find().orElseThrow(() -> new IllegalStateException("tracefs is not mounted"));
        dir = tracefs.resolve("instances").resolve("jtrace-bench-" + ProcessHandle.current().pid() + "-" + what);
        Files.createDirectory(dir);
        set("tracing_on", "0");
        set("buffer_size_kb", Integer.toString(bufferSizeKb));
    }

    void set(String file, String value) throws IOException {
        Files.writeString(dir.resolve(file), value);
    }

    /**
     * Writes {@code total} trace_marker_raw records of {@link #recordBytes} (id + sequence number) spread evenly
     * over the online CPUs (the first {@code total % cpus} get one more), from one thread pinned to
     * each CPU, all at once, and waits for them.
     */
    void fill(int total) throws InterruptedException {
        List<Thread> writers = new ArrayList<>();
        int[] cpus = CpuSet.online().toArray();
        for (int i = 0; i < cpus.length; i++) {
            int cpu = cpus[i];
            int count = total / cpus.length + (i < total % cpus.length ? 1 : 0);
            Thread t = new Thread(() -> {
                LibC.schedSetaffinity(0, CpuSet.of(cpu));
                writeRaw(count, Long.MAX_VALUE, null);
            });
            writers.add(t);
            t.start();
        }
        for (Thread t : writers) {
            t.join();
        }
    }

    /**
     * Writes up to {@code count} raw markers from the calling thread, one write() each, until
     * {@code deadline} (System.nanoTime) or {@code stop} says so; counts them in {@code written}.
     */
    int writeRaw(int count, long deadline, java.util.concurrent.atomic.AtomicLong written) {
        return writeRaw(count, deadline, written, 0, () -> false);
    }

    /** As above, paced to {@code rate} writes per second (0: unpaced), checked every 64 writes. */
    int writeRaw(int count, long deadline, java.util.concurrent.atomic.AtomicLong written, int rate,
            java.util.function.BooleanSupplier stop) {
        long start = System.nanoTime();
        String path = dir.resolve("trace_marker_raw").toString();
        try (NativeFd fd = NativeFd.open(path, LibC.O_WRONLY); Arena arena = Arena.ofConfined()) {
            MemorySegment record = arena.allocate(recordBytes, 8);
            int n = 0;
            for (; n < count; n++) {
                if ((n & 63) == 0) {
                    long now = System.nanoTime();
                    if (now >= deadline || stop.getAsBoolean()) {
                        break;
                    }
                    if (rate > 0) {
                        long due = start + (long) (n * (1e9 / rate));
                        if (due > now) {
                            java.util.concurrent.locks.LockSupport.parkNanos(due - now);
                        }
                    }
                }
                record.set(ValueLayout.JAVA_INT, 4, n);
                LibC.write(fd.fd(), record, recordBytes, path);
                if (written != null) {
                    written.incrementAndGet();
                }
            }
            return n;
        }
    }

    @Override
    public void close() throws IOException {
        try {
            set("tracing_on", "0");
        } finally {
            Files.delete(dir);
        }
    }
}
