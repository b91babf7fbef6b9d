package dev.jtrace.traceevent;

import java.io.IOException;
import java.io.InputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Iteration, field access and rendering over a broad trace captured from the kernel by the render
 * oracle (sched, syscalls, kmem, block, net, tcp, timer, ... — about 30k to 60k records). Make the
 * data set, then run:
 * <pre>
 * JTRACE_ORACLE_DUMP=/tmp/jtrace-oracle-dump ./mvnw -q -B verify -pl jtrace-traceevent -am \
 *     -Dtest=RenderOracleKernelTest -Dsurefire.failIfNoSpecifiedTests=false
 * java -Djtrace.oracleDump=/tmp/jtrace-oracle-dump -jar benchmarks/target/jtrace-benchmarks.jar \
 *     RenderBenchmark -prof gc
 * </pre>
 * The {@code records} counter is records per second; {@code gc.alloc.rate.norm} is per pass over
 * all records.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = "-Djtrace.oracleDump=/tmp/jtrace-oracle-dump")
public class RenderBenchmark {
    private Arena arena;
    private MemorySegment[] cpuPages;
    private int subBufferSize;
    private PageDecoder decoder;
    private EventRenderer renderer;
    private final EventRecord record = new EventRecord();
    private final StringBuilder line = new StringBuilder(512);

    /** Records handled, reported per second by JMH. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Records {
        /** Records handled in this iteration. */
        public long records;

        /** Clears the counter before each iteration. */
        @Setup(Level.Iteration)
        public void clear() {
            records = 0;
        }
    }

    /**
     * Loads the captured data set.
     *
     * @throws IOException if the dump cannot be read
     */
    @Setup
    public void load() throws IOException {
        Path dir = Path.of(System.getProperty("jtrace.oracleDump", "/tmp/jtrace-oracle-dump"));
        HeaderPage header = HeaderPage.parse(text(dir.resolve("header_page")), dir.toString());
        subBufferSize = header.subBufferSize();
        decoder = new PageDecoder(header);
        arena = Arena.ofShared();
        List<MemorySegment> cpus = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path raw : files.filter(p -> p.getFileName().toString().matches("cpu\\d+\\.raw")).sorted().toList()) {
                byte[] bytes = Files.readAllBytes(raw);
                MemorySegment segment = arena.allocate(Math.max(bytes.length, 1), 8);
                MemorySegment.copy(MemorySegment.ofArray(bytes), 0, segment, 0, bytes.length);
                cpus.add(segment.asSlice(0, bytes.length));
            }
        }
        cpuPages = cpus.toArray(MemorySegment[]::new);
        EventFormats formats = EventFormats.load(dir.resolve("events"));
        RenderContext context = new RenderContext(KernelSymbols.load(dir.resolve("kallsyms")),
                RenderContext.parsePrintkFormats(text(dir.resolve("printk_formats"))),
                CommTable.parse(text(dir.resolve("saved_cmdlines")), ""), "local", false,
                KernelTypes.loadRunningKernel());
        renderer = new EventRenderer(formats, context);
    }

    private static String text(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** Frees the native copy. */
    @TearDown
    public void free() {
        arena.close();
    }

    /** What a benchmark does with each record; returns a value folded into the result. */
    @FunctionalInterface
    private interface PerRecord {
        long apply(EventRecord record);
    }

    /** Decodes every page of every CPU and applies {@code action} to each record. */
    private long forEachRecord(Records counter, PerRecord action) {
        long sum = 0;
        for (int cpu = 0; cpu < cpuPages.length; cpu++) {
            MemorySegment pages = cpuPages[cpu];
            for (long offset = 0; offset + subBufferSize <= pages.byteSize(); offset += subBufferSize) {
                decoder.reset(pages, offset, "bench", cpu, offset / subBufferSize);
                while (decoder.next(record)) {
                    sum += action.apply(record);
                    counter.records++;
                }
            }
        }
        return sum;
    }

    /**
     * Walks every record of every page.
     *
     * @param counter the records counter
     * @return a value derived from the records, so the work is not eliminated
     */
    @Benchmark
    public long iterate(Records counter) {
        return forEachRecord(counter, EventRecord::timestamp);
    }

    /**
     * Walks every record and reads its pid and one payload word.
     *
     * @param counter the records counter
     * @return a value derived from the fields
     */
    @Benchmark
    public long readFields(Records counter) {
        return forEachRecord(counter, r -> r.commonPid() + r.u32(8));
    }

    /**
     * Renders every record to its {@code trace} line with {@link EventRenderer#line}.
     *
     * @param counter the records counter
     * @return the total length rendered
     */
    @Benchmark
    public long render(Records counter) {
        return forEachRecord(counter, r -> renderer.line(r).length());
    }

    /**
     * Renders every record with {@link EventRenderer#appendLine} into one builder reused for the
     * whole run: what a caller managing its own buffer gets.
     *
     * @param counter the records counter
     * @return the total length rendered
     */
    @Benchmark
    public long renderIntoOwnBuilder(Records counter) {
        return forEachRecord(counter, r -> {
            line.setLength(0);
            renderer.appendLine(r, line);
            return line.length();
        });
    }
}
