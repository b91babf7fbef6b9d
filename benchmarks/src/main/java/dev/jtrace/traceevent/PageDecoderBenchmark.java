package dev.jtrace.traceevent;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
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
 * Page iteration and common-field access over sub-buffers captured from the kernel (the fixtures
 * of jtrace-traceevent, copied into native memory as a mapping would hold them). The {@code records}
 * counter is records per second; with {@code -prof gc} expect 0 B/op.
 *
 * <pre>java -jar benchmarks/target/jtrace-benchmarks.jar PageDecoderBenchmark -f 1 -wi 2 -i 3 -prof gc</pre>
 *
 * Run from the repository root, or point {@code -Djtrace.pages=<dir>} at a fixture directory.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class PageDecoderBenchmark {
    /** Which captured data set. */
    @Param({"subbuf4k"})
    public String dataSet;

    private Arena arena;
    private MemorySegment pages;
    private int[] cpuOfPage;
    private int subBufferSize;
    private PageDecoder decoder;
    private final EventRecord record = new EventRecord();

    /** Records handled, reported per second by JMH. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Records {
        /** Records decoded in this iteration. */
        public long records;

        /** Clears the counter before each iteration. */
        @Setup(Level.Iteration)
        public void clear() {
            records = 0;
        }
    }

    /**
     * Loads the data set into native memory.
     *
     * @throws IOException if the fixture files cannot be read
     */
    @Setup
    public void load() throws IOException {
        Path dir = Path.of(System.getProperty("jtrace.pages", "jtrace-traceevent/src/test/resources/pages"))
                .resolve(dataSet);
        HeaderPage header = HeaderPage.parse(Files.readString(dir.resolve("header_page")), dir.toString());
        subBufferSize = header.subBufferSize();
        decoder = new PageDecoder(header);
        byte[] cpu0 = read(dir.resolve("cpu0.raw"));
        byte[] cpu1 = read(dir.resolve("cpu1.raw"));
        arena = Arena.ofConfined();
        pages = arena.allocate(cpu0.length + cpu1.length, 64);
        MemorySegment.copy(cpu0, 0, pages, ValueLayout.JAVA_BYTE, 0, cpu0.length);
        MemorySegment.copy(cpu1, 0, pages, ValueLayout.JAVA_BYTE, cpu0.length, cpu1.length);
        cpuOfPage = new int[(int) (pages.byteSize() / subBufferSize)];
        for (int i = cpu0.length / subBufferSize; i < cpuOfPage.length; i++) {
            cpuOfPage[i] = 1;
        }
    }

    private static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Frees the native copy. */
    @TearDown
    public void free() {
        arena.close();
    }

    /**
     * Walks every page and record, reading only the time stamps.
     *
     * @param counter the records counter
     * @return a checksum so the work is not eliminated
     */
    @Benchmark
    public long iterate(Records counter) {
        long sum = 0;
        long n = 0;
        for (int page = 0; page < cpuOfPage.length; page++) {
            decoder.reset(pages, (long) page * subBufferSize, "bench", cpuOfPage[page], page);
            while (decoder.next(record)) {
                sum += record.timestamp();
                n++;
            }
        }
        counter.records += n;
        return sum;
    }

    /**
     * Walks every record and reads its id, pid, preempt count and a u32 field.
     *
     * @param counter the records counter
     * @return a checksum so the work is not eliminated
     */
    @Benchmark
    public long iterateAndReadFields(Records counter) {
        long sum = 0;
        long n = 0;
        for (int page = 0; page < cpuOfPage.length; page++) {
            decoder.reset(pages, (long) page * subBufferSize, "bench", cpuOfPage[page], page);
            while (decoder.next(record)) {
                sum += record.id() + record.commonPid() + record.commonPreemptCount() + record.u32(8);
                n++;
            }
        }
        counter.records += n;
        return sum;
    }
}
