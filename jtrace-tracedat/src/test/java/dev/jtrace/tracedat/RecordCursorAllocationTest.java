package dev.jtrace.tracedat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jtrace.traceevent.EventFormat;
import dev.jtrace.traceevent.EventFormats;
import dev.jtrace.traceevent.EventRecord;
import dev.jtrace.traceevent.FieldFormat;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The hot path of reading a trace.dat file allocates nothing per record in steady state: iterating
 * with {@link RecordCursor#next()} and reading {@code common_pid} plus one payload field by its
 * {@link FieldFormat#offset()}, from a plain file (decoded in the mapping) and from zlib and zstd
 * files (decoded in the cursor's reused chunk buffers).
 *
 * <p>Measured with the allocation counter of the current thread over many passes of the captured
 * fixtures, after warm-up passes (JIT, lazy initialisation). Only the loop is measured: making a
 * cursor allocates its per-CPU streams and chunk buffers once, which is per pass, not per record.
 */
class RecordCursorAllocationTest {
    /**
     * The bound per record. The per-record path must allocate nothing; 0.05 B/record leaves room for
     * a stray object or two over the whole measurement (hundreds of thousands of records), nothing
     * more. One 16-byte object per record (the smallest object with a field, e.g. an Integer outside
     * the cache, or a record view made per call) would measure 16 B/record, 320 times the bound.
     */
    static final double MAX_BYTES_PER_RECORD = 0.05;

    /**
     * What a compressed chunk (ten pages, hundreds of records) may cost on top: aircompressor's zstd
     * decoder allocates one {@code FrameHeader} (48 bytes) per frame it decodes, which jtrace cannot
     * avoid; jtrace itself allocates nothing per chunk (a slice or a ByteBuffer view per chunk, 40 to
     * 70 bytes each, would break this bound). zlib needs nothing per chunk.
     */
    static final int MAX_BYTES_PER_ZSTD_CHUNK = 64;

    /** Passes that warm up the plain path (C2 compiles the decoder after a few thousand records). */
    static final int WARM_UP_PASSES = 300;
    /**
     * Decompressions that warm up a compressed path: aircompressor's zstd loops make small
     * {@code BitInputStream.Loader} objects (tens of kB per chunk) until C2 compiles them and removes
     * the objects by escape analysis, which takes some 15,000 calls; the plain path needs far fewer.
     */
    static final int WARM_UP_CHUNKS = 25_000;
    static final int MEASURED_PASSES = 300;

    @TempDir
    Path temp;

    @ParameterizedTest
    @ValueSource(strings = {"v6", "v7", "v7-zlib", "v7-zstd"})
    void shouldIterateAndReadFieldsWithoutAllocatingPerRecord(String name) throws Exception {
        Fixture sched = Fixture.load("sched-4k");
        Fixture markers = Fixture.load("markers-8k");
        TraceDatFormat format = WriterRoundTripTest.format(name);
        Path file = name.equals("v6") ? Fixture.write(temp.resolve("f.dat"), format, sched)
                : Fixture.write(temp.resolve("f.dat"), format, sched, markers);
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        assertThat(threads.isThreadAllocatedMemorySupported() && threads.isThreadAllocatedMemoryEnabled()).isTrue();
        try (TraceDatFile f = TraceDatFile.open(file)) {
            assertThat(f.compression()).isEqualTo(format.compression());
            // One payload field per event id, found through the formats before the loop: the first
            // non-common field of a size the record reads as a number (offset -1: none).
            int[] offsets = new int[EventFormats.MAX_ID + 1];
            int[] sizes = new int[EventFormats.MAX_ID + 1];
            Arrays.fill(offsets, -1);
            for (EventFormat e : f.formats().all()) {
                for (FieldFormat field : e.fields()) {
                    int size = field.size();
                    if (!field.isArray() && (size == 1 || size == 2 || size == 4 || size == 8)) {
                        offsets[e.id()] = field.offset();
                        sizes[e.id()] = size;
                        break;
                    }
                }
            }
            long[] reference = pass(f, offsets, sizes, threads, null);
            assertThat(reference[0]).as("records per pass").isGreaterThan(1000);
            assertThat(reference[2]).as("records with a payload field read").isGreaterThan(reference[0] / 2);
            int chunksPerPass = 0;
            for (TraceBuffer b : f.buffers()) {
                for (var c : f.chunks(b)) {
                    chunksPerPass += c.compressed() ? c.chunks() : 0;
                }
            }
            assertThat(chunksPerPass > 0).as("compressed chunks").isEqualTo(!format.compression().equals("none"));
            int warmUp = Math.max(WARM_UP_PASSES, chunksPerPass == 0 ? 0 : WARM_UP_CHUNKS / chunksPerPass);
            for (int i = 0; i < warmUp; i++) {
                assertThat(pass(f, offsets, sizes, threads, null)).isEqualTo(reference);
            }
            // Calibrate: what two reads of the counter cost with nothing in between (expected 0).
            long[] measured = new long[1];
            long c0 = threads.getCurrentThreadAllocatedBytes();
            long c1 = threads.getCurrentThreadAllocatedBytes();
            long overhead = c1 - c0;
            long records = 0;
            for (int i = 0; i < MEASURED_PASSES; i++) {
                long[] got = pass(f, offsets, sizes, threads, measured);
                records += got[0];
                if (!Arrays.equals(got, reference)) {
                    assertThat(got).isEqualTo(reference);
                }
            }
            long bytes = measured[0] - MEASURED_PASSES * overhead;
            long chunks = (long) MEASURED_PASSES * chunksPerPass;
            double perRecord = (double) bytes / records;
            System.out.printf("%s: %d records (%d per pass), %d compressed chunks, %d bytes allocated in the loops"
                    + " = %.4f B/record%n", name, records, reference[0], chunks, bytes, perRecord);
            long chunkAllowance = format.compression().equals("zstd") ? chunks * MAX_BYTES_PER_ZSTD_CHUNK : 0;
            assertThat((double) (bytes - chunkAllowance) / records)
                    .as("bytes allocated per record (%d bytes over %d records and %d chunks, %s; %d allowed for the"
                            + " chunks)", bytes, records, chunks, name, chunkAllowance)
                    .isLessThan(MAX_BYTES_PER_RECORD);
        }
    }

    /**
     * One pass over the file: count, sum of common_pid, count and sum of payload fields read. The
     * bytes allocated by the loop (cursor creation excluded) are added to {@code measured[0]}.
     */
    private static long[] pass(TraceDatFile f, int[] offsets, int[] sizes, com.sun.management.ThreadMXBean threads,
            long[] measured) {
        RecordCursor c = f.cursor();
        long n = 0;
        long pids = 0;
        long fields = 0;
        long values = 0;
        long before = threads.getCurrentThreadAllocatedBytes();
        while (c.next()) {
            EventRecord r = c.record();
            n++;
            pids += r.commonPid();
            int id = r.id();
            int offset = offsets[id];
            if (offset >= 0) {
                fields++;
                values += switch (sizes[id]) {
                    case 1 -> r.u8(offset);
                    case 2 -> r.u16(offset);
                    case 4 -> r.u32(offset);
                    default -> r.u64(offset);
                };
            }
        }
        long after = threads.getCurrentThreadAllocatedBytes();
        if (measured != null) {
            measured[0] += after - before;
        }
        return new long[] {n, pids, fields, values};
    }
}
