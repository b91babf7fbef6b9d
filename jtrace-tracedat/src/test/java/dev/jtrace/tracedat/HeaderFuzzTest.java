package dev.jtrace.tracedat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jtrace.core.FacilityUnavailableException;
import dev.jtrace.core.MalformedDataException;
import dev.jtrace.traceevent.EventRenderer;
import dev.jtrace.traceevent.KernelTypes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.Test;

/**
 * Seeded random mutations of small trace.dat files, mostly in the headers, options and sections
 * (the metadata ahead of the page data), some anywhere: opening, reading every record and rendering
 * it must either work or fail with {@link MalformedDataException} (or, for a mangled compression
 * name, {@link dev.jtrace.core.FacilityUnavailableException}); nothing else, and no hang. Bounded in
 * time; the seed of a failing case is in the message.
 */
class HeaderFuzzTest {
    /** The whole test's time; the formats take turns. */
    private static final long BUDGET_NANOS = 4_000_000_000L;
    private static final int MAX_CASES = 2000;
    private static final String[] FORMATS = {"v6", "v7", "v7-zlib", "v7-zstd"};

    @TempDir
    Path temp;

    @Test
    void shouldFailOnlyWithMalformedDataOnMutatedFiles() throws Exception {
        byte[][] good = new byte[FORMATS.length][];
        int[] metadataEnd = new int[FORMATS.length];
        for (int i = 0; i < FORMATS.length; i++) {
            good[i] = Files.readAllBytes(Fixture.write(temp.resolve("good-" + i + ".dat"),
                    WriterRoundTripTest.format(FORMATS[i]), Fixture.load("markers-8k")));
            metadataEnd[i] = metadataEnd(good[i]);
        }
        SplittableRandom seeds = new SplittableRandom(20261122);
        long start = System.nanoTime();
        int[] cases = new int[FORMATS.length];
        int[] malformed = new int[FORMATS.length];
        Path p = temp.resolve("fuzz.dat");
        int total = 0;
        while (total < MAX_CASES && System.nanoTime() - start < BUDGET_NANOS) {
            int i = total++ % FORMATS.length;
            long seed = seeds.nextLong();
            Files.write(p, mutate(good[i], metadataEnd[i], new SplittableRandom(seed)));
            cases[i]++;
            try {
                readAndRender(p);
            } catch (MalformedDataException | FacilityUnavailableException e) {
                malformed[i]++;
                assertThat(e.getMessage()).as("seed %d", seed).contains(p.toString());
            } catch (RuntimeException | Error e) {
                throw new AssertionError("seed " + seed + " (" + FORMATS[i] + "): " + e, e);
            }
        }
        for (int i = 0; i < FORMATS.length; i++) {
            System.out.printf("%s: %d mutated files, %d rejected as malformed%n", FORMATS[i], cases[i], malformed[i]);
            assertThat(cases[i]).as(FORMATS[i]).isGreaterThan(15);
            assertThat(malformed[i]).as(FORMATS[i]).isGreaterThan(cases[i] / 4);
        }
    }

    private static void readAndRender(Path p) {
        try (TraceDatFile f = TraceDatFile.open(p)) {
            StringBuilder sb = new StringBuilder();
            ReportRenderer report = f.reportRenderer(KernelTypes.empty(), false);
            for (TraceBuffer b : f.buffers()) {
                EventRenderer kernel = f.kernelRenderer(b, KernelTypes.empty());
                RecordCursor c = f.cursor(RecordFilter.all().buffers(b.name()));
                while (c.next()) {
                    sb.setLength(0);
                    kernel.appendLine(c.record(), sb);
                    report.appendLine(c, sb);
                }
            }
        }
    }

    /** Where the page data starts: mutations mostly go before it. */
    private static int metadataEnd(byte[] good) throws Exception {
        Path p = Files.createTempFile("fuzz", ".dat");
        try {
            Files.write(p, good);
            try (TraceDatFile f = TraceDatFile.open(p)) {
                long min = good.length;
                for (TraceBuffer b : f.buffers()) {
                    for (TraceBuffer.CpuData c : b.cpus()) {
                        min = Math.min(min, c.offset());
                    }
                }
                return (int) min;
            }
        } finally {
            Files.delete(p);
        }
    }

    private static byte[] mutate(byte[] good, int metadataEnd, SplittableRandom r) {
        byte[] b = good.clone();
        int n = 1 + r.nextInt(4);
        for (int i = 0; i < n; i++) {
            int at = r.nextInt(10) < 8 ? r.nextInt(metadataEnd) : r.nextInt(b.length);
            switch (r.nextInt(5)) {
                case 0 -> b[at] = (byte) r.nextInt(256);
                case 1 -> b[at] ^= (byte) (1 << r.nextInt(8));
                case 2 -> b[at] = (byte) (r.nextBoolean() ? 0 : 0xff);
                case 3 -> {
                    // a plausible-looking number where a size or offset may be
                    long v = r.nextInt(3) == 0 ? r.nextLong() : r.nextInt(b.length * 2);
                    for (int k = 0; k < 8 && at + k < b.length; k++) {
                        b[at + k] = (byte) (v >>> (8 * k));
                    }
                }
                default -> {
                    return java.util.Arrays.copyOf(b, at);
                }
            }
        }
        return b;
    }
}
