package dev.jtrace.tracefs;

import dev.jtrace.traceevent.EventRecord;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Markers written from Java and the session's read path (read() of whole sub-buffers, in-place
 * decoding, merging CPUs), on the real kernel in an instance of the benchmark's own (needs root).
 * With {@code -prof gc} every method should show about 0 B/op.
 *
 * <pre>java -jar benchmarks/target/jtrace-benchmarks.jar SessionBenchmark -prof gc</pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsPrepend = "--enable-native-access=ALL-UNNAMED")
public class SessionBenchmark {
    private static final int BATCH = 256;

    private TraceSession session;
    private TraceMarker marker;
    private Arena arena;
    private MemorySegment payload;

    /** Starts a session with a 4 MiB buffer that records only its own markers. */
    @Setup(Level.Trial)
    public void start() {
        session = TraceSession.builder().bufferSizeKb(4096).start();
        marker = session.marker();
        arena = Arena.ofConfined();
        payload = arena.allocate(32);
    }

    /** Removes the session's instance. */
    @TearDown(Level.Trial)
    public void stop() {
        session.close();
        arena.close();
    }

    /** Drops what the write benchmarks left, so the read-back benchmark reads only its own batches. */
    @Setup(Level.Iteration)
    public void drain() {
        session.drain(r -> { });
    }

    /** One trace_marker_raw write: a 4-byte id and 32 bytes, one write(2). */
    @Benchmark
    public void writeRawMarker() {
        marker.writeRaw(7, payload); // the buffer overwrites its oldest pages when full
    }

    /** One trace_marker text write of 16 ASCII characters, encoded to UTF-8 in native memory. */
    @Benchmark
    public int writeTextMarker() {
        return marker.write("request 12345678");
    }

    /** Per event: write a batch of raw markers, then read it back through the session (decoded, merged). */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void writeAndReadBack(Blackhole hole) {
        for (int i = 0; i < BATCH; i++) {
            marker.writeRaw(i, payload);
        }
        EventRecord r;
        while ((r = session.poll()) != null) {
            hole.consume(r.timestamp());
        }
    }
}
