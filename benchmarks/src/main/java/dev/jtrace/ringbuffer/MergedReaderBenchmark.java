package dev.jtrace.ringbuffer;

import dev.jtrace.core.CpuSet;
import dev.jtrace.traceevent.EventRecord;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Time per record through {@link MergedBufferReader} from buffers filled beforehand (tracing off),
 * in mmap and read mode. Each iteration is one timed drain of {@value #RECORDS}
 * {@code trace_marker_raw} records of {@code recordBytes} bytes spread over the online CPUs,
 * written (untimed) before it by threads pinned to each CPU. The score is nanoseconds per record (records/s = 1e9 / score);
 * {@code -prof gc} reports {@code gc.alloc.rate.norm} in bytes per record.
 *
 * <pre>java -jar benchmarks/target/jtrace-benchmarks.jar MergedReaderBenchmark -prof gc</pre>
 *
 * Needs root and tracefs; creates and removes its own instance.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 10)
@Measurement(iterations = 20)
@Fork(value = 1, jvmArgsPrepend = "--enable-native-access=ALL-UNNAMED")
public class MergedReaderBenchmark {
    /** How the CPU buffers are read. */
    @Param({"MMAP", "READ"})
    public ReadMode mode;

    /**
     * Bytes of each record: with small records the kernel's per-event work in mmap mode's
     * {@code GET_READER} dominates; with large ones the copy that read mode makes does.
     */
    @Param({"8", "200", "1000"})
    public int recordBytes;

    /** Records per timed drain, over all CPUs. */
    public static final int RECORDS = 100_000;

    private BenchInstance instance;
    private MergedBufferReader reader;
    private final EventRecord record = new EventRecord();

    /**
     * Creates the instance (big enough to hold one invocation's records) and opens the reader.
     *
     * @throws IOException if tracefs refuses
     */
    @Setup(Level.Trial)
    public void open() throws IOException {
        int cpus = CpuSet.online().size();
        int mostPerCpu = (RECORDS + cpus - 1) / cpus;
        instance = new BenchInstance("merged-" + mode + "-" + recordBytes,
                (int) ((long) mostPerCpu * (recordBytes + 32) / 1024 + 1024));
        instance.recordBytes = recordBytes;
        reader = MergedBufferReader.open(instance.dir, mode);
        if (reader.mode() != mode) {
            throw new IllegalStateException("asked for " + mode + ", got " + reader.mode());
        }
    }

    /**
     * Fills every CPU buffer before each iteration (one drain).
     *
     * @throws Exception if writing fails
     */
    @Setup(Level.Iteration)
    public void fill() throws Exception {
        instance.set("tracing_on", "1");
        instance.fill(RECORDS);
        instance.set("tracing_on", "0");
    }

    /**
     * Drains every record.
     *
     * @return a value depending on every record, so nothing is optimised away
     */
    @Benchmark
    @OperationsPerInvocation(RECORDS)
    public long drain() {
        long n = 0;
        long sum = 0;
        while (reader.next(record)) {
            sum += record.id() + record.timestamp();
            n++;
        }
        if (n != RECORDS) {
            throw new IllegalStateException("read " + n + " records, expected " + RECORDS + "; lost "
                    + reader.lostEvents());
        }
        return sum;
    }

    /**
     * Closes the reader and removes the instance.
     *
     * @throws IOException if the instance cannot be removed
     */
    @TearDown(Level.Trial)
    public void close() throws IOException {
        try {
            reader.close();
        } finally {
            instance.close();
        }
    }
}
