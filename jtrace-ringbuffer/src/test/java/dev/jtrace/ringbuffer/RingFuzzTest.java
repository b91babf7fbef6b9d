package dev.jtrace.ringbuffer;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.jtrace.core.MalformedDataException;
import dev.jtrace.ringbuffer.internal.SubBufferCut;
import dev.jtrace.traceevent.EventRecord;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Seeded random mutations of captured sub-buffers, perf rings and stats text: every reader either
 * succeeds or throws {@link MalformedDataException}, never a JDK exception, and always ends.
 */
class RingFuzzTest {
    private static final long SEED = 0x5eed_2026L;

    private static void mutate(MemorySegment segment, SplittableRandom random, int count) {
        for (int i = 0; i < count; i++) {
            long at = random.nextLong(segment.byteSize());
            segment.set(JAVA_BYTE, at, (byte) random.nextInt(256));
        }
    }

    @Test
    void shouldSurviveMutatedSubBuffersInTheMergedReaderAndTheCutter() {
        SplittableRandom random = new SplittableRandom(SEED);
        Fixtures f = Fixtures.load("subbuf4k");
        int malformed = 0;
        long records = 0;
        try (Arena arena = Arena.ofShared()) {
            List<MemorySegment> original = f.pages(0, arena);
            List<MemorySegment> pages = new ArrayList<>();
            for (MemorySegment page : original) {
                pages.add(arena.allocate(page.byteSize(), 8));
            }
            MemorySegment target = arena.allocate(f.header.subBufferSize(), 8);
            for (int trial = 0; trial < 600; trial++) {
                for (int i = 0; i < pages.size(); i++) {
                    MemorySegment copy = pages.get(i).copyFrom(original.get(i));
                    // Most mutations hit the header and the first events, where lengths live.
                    mutate(copy.asSlice(0, 64), random, random.nextInt(3));
                    mutate(copy, random, random.nextInt(4));
                }
                try (MergedBufferReader reader = ListSource.merged(f.header,
                        List.of(ListSource.reader(0, f.header, pages, random.nextLong(1000))))) {
                    EventRecord record = new EventRecord();
                    while (reader.next(record)) {
                        records++;
                    }
                } catch (MalformedDataException e) {
                    malformed++;
                }
                MemorySegment page = pages.get(random.nextInt(pages.size()));
                int from = random.nextInt(f.header.dataSize() + 1);
                try {
                    SubBufferCut.cut(page, f.header, from, Math.min(f.header.dataSize(), from + random.nextInt(200)), target,
                            "fuzz");
                } catch (MalformedDataException e) {
                    malformed++;
                }
            }
        }
        assertThat(malformed).isPositive();
        assertThat(records).isPositive();
    }

    @Test
    void shouldSurviveMutatedPerfRings() {
        SplittableRandom random = new SplittableRandom(SEED + 1);
        int malformed = 0;
        long records = 0;
        try (Arena arena = Arena.ofConfined()) {
            SyntheticRing ring = new SyntheticRing(arena);
            for (int trial = 0; trial < 2000; trial++) {
                boolean backward = random.nextBoolean();
                long start = backward ? -random.nextLong(1, 1 << 20) * 8 : random.nextLong(1 << 20) * 8;
                ring.data.fill((byte) 0);
                long at = 0;
                while (at < ring.dataSize - 64 && random.nextInt(40) != 0) {
                    int size = 8 * random.nextInt(1, 9);
                    ring.record(backward ? start + at : start + at, random.nextInt(1, 12), size);
                    at += size;
                }
                mutate(ring.data, random, random.nextInt(6));
                ring.tail(backward ? 0 : start);
                ring.head(random.nextInt(10) == 0 ? start + random.nextLong(3 * ring.dataSize) : start + at);
                try (PerfRingReader reader = PerfRingReader.wrap(ring.mapping, backward)) {
                    if (backward) {
                        records += reader.snapshot(r -> r.u64(0));
                    } else {
                        PerfRecord record = new PerfRecord();
                        while (reader.next(record)) {
                            records++;
                        }
                    }
                } catch (MalformedDataException e) {
                    malformed++;
                }
            }
        }
        assertThat(malformed).isPositive();
        assertThat(records).isPositive();
    }

    @Test
    void shouldSurviveMutatedStatsText() {
        SplittableRandom random = new SplittableRandom(SEED + 2);
        byte[] original = Fixtures.resource("/pages/stats-6.18.txt");
        int parsed = 0;
        for (int trial = 0; trial < 5000; trial++) {
            byte[] text = original.clone();
            for (int i = random.nextInt(1, 4); i > 0; i--) {
                text[random.nextInt(text.length)] = (byte) random.nextInt(32, 127);
            }
            try {
                CpuBufferStats.parse(new String(text, StandardCharsets.ISO_8859_1), "fuzz");
                parsed++;
            } catch (MalformedDataException e) {
                // the expected failure
            }
        }
        assertThat(parsed).isPositive();
    }
}
