package dev.jtrace.ringbuffer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jtrace.core.KernelFacility;
import dev.jtrace.core.testing.RequiresKernel;
import dev.jtrace.traceevent.EventFormat;
import dev.jtrace.traceevent.EventRecord;
import java.lang.management.ManagementFactory;
import java.util.function.Consumer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Draining a filled instance through {@link MergedBufferReader} allocates nothing per record in
 * steady state, in both modes, through {@link MergedBufferReader#next(EventRecord)} and through
 * {@link MergedBufferReader#drain(Consumer)}, reading {@code common_pid} and one payload field of
 * each record; and polling an empty instance allocates nothing either.
 *
 * <p>A round: markers (text and raw, alternately) written from a thread pinned to each CPU with
 * tracing on, tracing off, the reader (open all along) drains them, then polls the empty buffers
 * {@value #EMPTY_POLLS} times. The current thread's allocation counter is read around the drain
 * loop and around the polls. Warm-up rounds run until one allocates nothing (at least
 * {@value #MIN_WARM_UP_ROUNDS}, at most {@value #MAX_WARM_UP_ROUNDS}): the per-sub-buffer path
 * runs once per ~145 records, so C2 compiles it late, and until then the JDK's downcall with
 * {@code captureCallState} allocates a 40-byte slice of the errno segment per {@code read()} or
 * {@code ioctl()}, which escape analysis removes once compiled. The polls make that path hot as
 * an idle consumer would. Then two measured rounds, one per API.
 */
@RequiresKernel(KernelFacility.TRACEFS_WRITABLE)
class MergedBufferReaderAllocationKernelTest {
    /**
     * The bound per record. The per-record path must allocate nothing, and so must the per
     * sub-buffer path (the reader swap or read(), the page decoder reset): a 4 KiB sub-buffer holds
     * about 145 of these markers, so even one 16-byte object per sub-buffer would measure some
     * 0.11 B/record and break this bound. One 16-byte object per record would measure 16 B/record,
     * 320 times the bound. 0.05 B/record over a round of 50,000 records leaves 2,500 bytes: room for
     * a stray object, not for anything that scales.
     */
    static final double MAX_BYTES_PER_RECORD = 0.05;
    /** The same bound per empty poll (each poll asks every CPU's buffer once). */
    static final double MAX_BYTES_PER_POLL = 0.05;

    static final int PER_CPU = 25_000;
    static final int EMPTY_POLLS = 20_000;
    static final int MIN_WARM_UP_ROUNDS = 3;
    static final int MAX_WARM_UP_ROUNDS = 15;

    @ParameterizedTest
    @EnumSource(value = ReadMode.class, names = {"MMAP", "READ"})
    void shouldDrainAFilledInstanceWithoutAllocatingPerRecord(ReadMode mode) throws Exception {
        TestInstance.require(mode);
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        assertThat(threads.isThreadAllocatedMemorySupported() && threads.isThreadAllocatedMemoryEnabled()).isTrue();
        try (TestInstance t = TestInstance.create("alloc-" + mode)) {
            t.set("buffer_size_kb", "4096"); // a round (~1 MiB per CPU) fits: nothing is overwritten
            EventFormat print = t.format("ftrace", "print");
            EventFormat rawData = t.format("ftrace", "raw_data");
            Tally tally = new Tally(print.id(), print.field("buf").offset(), rawData.id(),
                    rawData.field("id").offset());
            try (MergedBufferReader reader = MergedBufferReader.open(t.dir, mode)) {
                Round round = new Round(t, reader, tally, threads);
                int warmUp = 0;
                long lastBytes;
                do {
                    round.run(warmUp % 2 == 1);
                    lastBytes = round.drainBytes + round.pollBytes;
                    warmUp++;
                } while (warmUp < MIN_WARM_UP_ROUNDS || lastBytes > 0 && warmUp < MAX_WARM_UP_ROUNDS);
                for (boolean viaDrain : new boolean[] {false, true}) {
                    round.run(viaDrain);
                    String path = viaDrain ? "drain(Consumer)" : "next(EventRecord)";
                    double perRecord = (double) round.drainBytes / tally.records;
                    double perPoll = (double) round.pollBytes / EMPTY_POLLS;
                    System.out.printf("%s %s after %d warm-up rounds: %d records, %d bytes = %.4f B/record;"
                            + " %d empty polls, %d bytes%n", mode, path, warmUp, tally.records, round.drainBytes,
                            perRecord, EMPTY_POLLS, round.pollBytes);
                    assertThat(perRecord).as("bytes allocated per record by %s in %s mode (%d bytes over %d"
                            + " records)", path, mode, round.drainBytes, tally.records).isLessThan(MAX_BYTES_PER_RECORD);
                    assertThat(perPoll).as("bytes allocated per empty poll in %s mode (%d bytes over %d polls)", mode,
                            round.pollBytes, EMPTY_POLLS).isLessThan(MAX_BYTES_PER_POLL);
                }
            }
        }
    }

    /** Fills the instance, drains it through one API, polls it empty; checks counts and ids. */
    private static final class Round {
        final TestInstance instance;
        final MergedBufferReader reader;
        final Tally tally;
        final com.sun.management.ThreadMXBean threads;
        final Consumer<EventRecord> handler;
        final EventRecord record = new EventRecord();
        long drainBytes;
        long pollBytes;

        Round(TestInstance instance, MergedBufferReader reader, Tally tally, com.sun.management.ThreadMXBean threads) {
            this.instance = instance;
            this.reader = reader;
            this.tally = tally;
            this.threads = threads;
            this.handler = tally::add;
        }

        void run(boolean viaDrain) throws Exception {
            int cpus = TestInstance.onlineCpus().length;
            instance.set("tracing_on", "1");
            instance.writeMarkersOnEveryCpu("a", PER_CPU);
            instance.set("tracing_on", "0");
            tally.reset();
            long before = threads.getCurrentThreadAllocatedBytes();
            if (viaDrain) {
                reader.drain(handler);
            } else {
                while (reader.next(record)) {
                    tally.add(record);
                }
            }
            drainBytes = threads.getCurrentThreadAllocatedBytes() - before;
            int found = 0;
            before = threads.getCurrentThreadAllocatedBytes();
            for (int i = 0; i < EMPTY_POLLS; i++) {
                if (reader.next(record)) {
                    found++;
                }
            }
            pollBytes = threads.getCurrentThreadAllocatedBytes() - before;
            assertThat(found).as("records found by polling a drained instance").isZero();
            assertThat(tally.records).as("records").isEqualTo((long) PER_CPU * cpus);
            assertThat(tally.pids).as("records with a pid").isEqualTo(tally.records);
            // Raw markers carry their sequence number as id: the odd ones below PER_CPU, on every CPU.
            assertThat(tally.rawIds).as("sum of the raw markers' ids").isEqualTo((long) cpus * (PER_CPU / 2)
                    * (PER_CPU / 2));
            assertThat(tally.firstBytes).as("first text bytes").isEqualTo('a' * (long) cpus * (PER_CPU / 2));
            assertThat(reader.lostEvents()).isZero();
        }
    }

    /** What the loop reads of each record: common_pid, and the raw marker's id or the text's first byte. */
    private static final class Tally {
        final int printId;
        final int printBuf;
        final int rawId;
        final int rawIdOffset;
        long records;
        long pids;
        long rawIds;
        long firstBytes;

        Tally(int printId, int printBuf, int rawId, int rawIdOffset) {
            this.printId = printId;
            this.printBuf = printBuf;
            this.rawId = rawId;
            this.rawIdOffset = rawIdOffset;
        }

        void reset() {
            records = 0;
            pids = 0;
            rawIds = 0;
            firstBytes = 0;
        }

        void add(EventRecord r) {
            records++;
            if (r.commonPid() > 0) {
                pids++;
            }
            int id = r.id();
            if (id == rawId) {
                rawIds += r.u32(rawIdOffset);
            } else if (id == printId) {
                firstBytes += r.u8(printBuf);
            }
        }
    }
}
