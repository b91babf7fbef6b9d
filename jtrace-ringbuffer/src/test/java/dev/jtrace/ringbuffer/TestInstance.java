package dev.jtrace.ringbuffer;

import dev.jtrace.core.CpuSet;
import dev.jtrace.core.TracefsMount;
import dev.jtrace.core.internal.LibC;
import dev.jtrace.core.internal.NativeFd;
import dev.jtrace.traceevent.EventFormat;
import dev.jtrace.traceevent.FormatParser;
import java.io.IOException;
import java.io.InputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A private tracefs instance for one test, {@code jtrace-test-<pid>-<what>}, created with tracing
 * off and removed (tracing off, rmdir) on close. Writes markers from threads pinned to a CPU.
 */
final class TestInstance implements AutoCloseable {
    final Path dir;
    final Path tracefs;

    private TestInstance(Path tracefs, Path dir) {
        this.tracefs = tracefs;
        this.dir = dir;
    }

    /** Runs, skips or fails (CI) a test of {@code mode} as the kernel-test policy says for mmap. */
    static void require(ReadMode mode) {
        if (mode != ReadMode.READ) {
            dev.jtrace.core.testing.KernelTests.require(dev.jtrace.core.KernelFacility.RING_BUFFER_MMAP);
        }
    }

    static TestInstance create(String what) throws IOException {
        Path tracefs = TracefsMount.find().orElseThrow(() -> new IllegalStateException("tracefs is not mounted"));
        Path dir = tracefs.resolve("instances").resolve("jtrace-test-" + ProcessHandle.current().pid() + "-" + what);
        Files.createDirectory(dir);
        TestInstance instance = new TestInstance(tracefs, dir);
        instance.set("tracing_on", "0");
        return instance;
    }

    void set(String file, String value) throws IOException {
        Files.writeString(dir.resolve(file), value);
    }

    String read(String file) throws IOException {
        try (InputStream in = Files.newInputStream(dir.resolve(file))) {
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }

    CpuBufferStats stats(int cpu) throws IOException {
        return CpuBufferStats.parse(read("per_cpu/cpu" + cpu + "/stats"), "cpu" + cpu + " stats");
    }

    /** The format of an event, from the top-level events directory (formats are global). */
    EventFormat format(String system, String event) throws IOException {
        Path file = tracefs.resolve("events").resolve(system).resolve(event).resolve("format");
        try (InputStream in = Files.newInputStream(file)) {
            return FormatParser.parse(system, new String(in.readAllBytes(), StandardCharsets.UTF_8), file.toString());
        }
    }

    static int[] onlineCpus() {
        return CpuSet.online().toArray();
    }

    /**
     * Writes {@code count} markers {@code "<prefix><cpu> <seq>"} to {@code file} (trace_marker or
     * trace_marker_raw, raw ones as a 4-byte id 0 followed by the text) from a thread pinned to
     * {@code cpu}, one write() each, and waits for it.
     */
    void writeMarkers(int cpu, String file, String prefix, int from, int count) throws Exception {
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread t = new Thread(() -> {
            try {
                LibC.schedSetaffinity(0, CpuSet.of(cpu));
                writeMarkersHere(file, prefix + cpu + " ", from, count);
            } catch (Throwable e) {
                failure.set(e);
            }
        }, "marker writer cpu" + cpu);
        t.start();
        t.join();
        if (failure.get() != null) {
            throw new AssertionError("marker writer on cpu" + cpu + " failed", failure.get());
        }
    }

    /** Writes markers from the calling thread. */
    void writeMarkersHere(String file, String prefix, int from, int count) {
        String path = dir.resolve(file).toString();
        boolean raw = file.endsWith("raw");
        try (NativeFd fd = NativeFd.open(path, LibC.O_WRONLY); Arena arena = Arena.ofConfined()) {
            MemorySegment buffer = arena.allocate(256);
            for (int seq = from; seq < from + count; seq++) {
                byte[] text = (prefix + seq).getBytes(StandardCharsets.US_ASCII);
                int at = raw ? 4 : 0;
                buffer.set(java.lang.foreign.ValueLayout.JAVA_INT, 0, 0);
                MemorySegment.copy(MemorySegment.ofArray(text), 0, buffer, at, text.length);
                long n = LibC.write(fd.fd(), buffer, at + text.length, path);
                if (n != at + text.length) {
                    throw new IllegalStateException("short marker write " + n);
                }
            }
        }
    }

    /**
     * Writes markers alternately to trace_marker (even sequence numbers) and trace_marker_raw (odd
     * ones: id = the sequence number, then the text) from the calling thread.
     */
    void writeMixedMarkersHere(String prefix, int count) {
        String textPath = dir.resolve("trace_marker").toString();
        String rawPath = dir.resolve("trace_marker_raw").toString();
        try (NativeFd text = NativeFd.open(textPath, LibC.O_WRONLY); NativeFd raw = NativeFd.open(rawPath, LibC.O_WRONLY);
                Arena arena = Arena.ofConfined()) {
            MemorySegment buffer = arena.allocate(256);
            for (int seq = 0; seq < count; seq++) {
                byte[] bytes = (prefix + seq).getBytes(StandardCharsets.US_ASCII);
                boolean isRaw = seq % 2 == 1;
                int at = isRaw ? 4 : 0;
                buffer.set(java.lang.foreign.ValueLayout.JAVA_INT, 0, seq);
                MemorySegment.copy(MemorySegment.ofArray(bytes), 0, buffer, at, bytes.length);
                NativeFd fd = isRaw ? raw : text;
                long n = LibC.write(fd.fd(), buffer, at + bytes.length, isRaw ? rawPath : textPath);
                if (n != at + bytes.length) {
                    throw new IllegalStateException("short marker write " + n);
                }
            }
        }
    }

    /** Writes mixed text and raw markers from one pinned thread per CPU at the same time. */
    void writeMarkersOnEveryCpu(String prefix, int count) throws Exception {
        List<Thread> threads = new ArrayList<>();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        for (int cpu : onlineCpus()) {
            Thread t = new Thread(() -> {
                try {
                    LibC.schedSetaffinity(0, CpuSet.of(cpu));
                    writeMixedMarkersHere(prefix + cpu + " ", count);
                } catch (Throwable e) {
                    failure.set(e);
                }
            }, "marker writer cpu" + cpu);
            threads.add(t);
            t.start();
        }
        for (Thread t : threads) {
            t.join();
        }
        if (failure.get() != null) {
            throw new AssertionError("a marker writer failed", failure.get());
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
