package dev.jtrace.ringbuffer;

import dev.jtrace.core.CpuSet;
import dev.jtrace.core.internal.LibC;
import dev.jtrace.traceevent.EventRecord;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A live trace: {@code producers} threads pinned to the last online CPU write 8-byte
 * {@code trace_marker_raw} records at {@code rate} records per second each (0: as fast as they
 * can), while the benchmark thread, pinned to
 * CPU 0, follows with {@link MergedBufferReader#await} and {@link MergedBufferReader#drain}. The
 * counters are per second: {@code produced} (the producer rate), {@code consumed} and
 * {@code lost} (events the kernel overwrote because the consumer fell behind). A run with
 * {@code lost} = 0 shows a producer rate the consumer follows without loss.
 *
 * <pre>java -jar benchmarks/target/jtrace-benchmarks.jar FollowBenchmark</pre>
 *
 * Needs root, tracefs and at least 2 CPUs; creates and removes its own instance.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsPrepend = "--enable-native-access=ALL-UNNAMED")
public class FollowBenchmark {
    /** How the CPU buffers are read. */
    @Param({"MMAP", "READ"})
    public ReadMode mode;

    /** Producer threads, all on the last CPU. */
    @Param({"1"})
    public int producers;

    /** Records per second each producer aims at; 0 writes as fast as it can. */
    @Param({"0", "250000", "500000"})
    public int rate;

    /** The instance's buffer_size_kb (per CPU). */
    @Param({"1024"})
    public int bufferKb;

    private BenchInstance instance;
    private MergedBufferReader reader;
    private final List<Thread> threads = new ArrayList<>();
    private final AtomicLong produced = new AtomicLong();
    private volatile boolean stop;
    private long producedBase;
    private long lostBase;
    private long consumedCount;
    private final Consumer<EventRecord> handler = r -> consumedCount++;
    private static final Duration POLL = Duration.ofMillis(10);

    /** Counters, reported per second. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Rates {
        /** Records written by the producers. */
        public long produced;
        /** Records read by the consumer. */
        public long consumed;
        /** Records the kernel overwrote before the consumer read them. */
        public long lost;

        /** Clears the counters before each iteration. */
        @Setup(Level.Iteration)
        public void clear() {
            produced = 0;
            consumed = 0;
            lost = 0;
        }
    }

    /**
     * Pins this thread to CPU 0, creates the instance, starts tracing, the reader and the producers.
     *
     * @throws IOException if tracefs refuses
     */
    @Setup(Level.Trial)
    public void start() throws IOException {
        int[] cpus = CpuSet.online().toArray();
        if (cpus.length < 2) {
            throw new IllegalStateException("FollowBenchmark needs 2 CPUs");
        }
        LibC.schedSetaffinity(0, CpuSet.of(cpus[0]));
        instance = new BenchInstance("follow-" + mode + "-" + producers, bufferKb);
        instance.set("buffer_percent", "0");
        instance.set("tracing_on", "1");
        reader = MergedBufferReader.open(instance.dir, mode);
        int producerCpu = cpus[cpus.length - 1];
        for (int i = 0; i < producers; i++) {
            Thread t = new Thread(() -> {
                LibC.schedSetaffinity(0, CpuSet.of(producerCpu));
                instance.writeRaw(Integer.MAX_VALUE, Long.MAX_VALUE, produced, rate, () -> stop);
            }, "producer " + i);
            t.setDaemon(true);
            threads.add(t);
            t.start();
        }
    }

    /** Remembers where the counters stood when the iteration began. */
    @Setup(Level.Iteration)
    public void mark() {
        producedBase = produced.get();
        lostBase = reader.lostEvents();
        consumedCount = 0;
    }

    /**
     * One step of the consumer: wait for data (at most 10 ms), drain it.
     *
     * @param rates the counters
     */
    @Benchmark
    public void follow(Rates rates) {
        reader.await(POLL);
        reader.drain(handler);
        rates.consumed = consumedCount;
        rates.produced = produced.get() - producedBase;
        rates.lost = reader.lostEvents() - lostBase;
    }

    /**
     * Stops the producers, closes the reader and removes the instance.
     *
     * @throws Exception if a producer does not stop or the instance cannot be removed
     */
    @TearDown(Level.Trial)
    public void stop() throws Exception {
        stop = true;
        for (Thread t : threads) {
            t.join(5000);
        }
        try {
            reader.close();
        } finally {
            instance.close();
        }
    }
}
