package dev.jtrace.traceevent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jtrace.core.MalformedDataException;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Seeded random mutations of the captured pages: decoding (and reading every record's common
 * fields) must finish, and the only exception allowed out is {@link MalformedDataException} with
 * an offset inside the sub-buffer. The seed and iteration are in the failure message.
 */
class PageFuzzTest {
    private static final int ITERATIONS = 20_000;

    @Test
    void shouldDecodeOrRejectCleanlyAnyMutatedCapturedPage() throws Exception {
        List<byte[]> pages = new ArrayList<>();
        List<HeaderPage> layouts = new ArrayList<>();
        for (String name : new String[] {"subbuf4k", "subbuf8k", "overwritten"}) {
            PageDataSet set = PageDataSet.resource(name);
            int size = set.layout.subBufferSize();
            for (MemorySegment data : set.pages.values()) {
                for (long off = 0; off < data.byteSize(); off += size) {
                    pages.add(data.asSlice(off, size).toArray(java.lang.foreign.ValueLayout.JAVA_BYTE));
                    layouts.add(set.layout);
                }
            }
        }
        SplittableRandom random = new SplittableRandom(0x70616765L);
        EventRecord record = new EventRecord();
        long deadline = System.nanoTime() + 4_000_000_000L;
        int rejected = 0;
        int i = 0;
        for (; i < ITERATIONS && System.nanoTime() < deadline; i++) {
            int which = random.nextInt(pages.size());
            byte[] page = pages.get(which).clone();
            HeaderPage layout = layouts.get(which);
            mutate(random, page, layout);
            int length = random.nextInt(8) == 0 ? random.nextInt(page.length + 1) : page.length;
            PageDecoder decoder = new PageDecoder(layout);
            try {
                decoder.reset(MemorySegment.ofArray(page).asSlice(0, length), 0, "fuzz", 0, i);
                int n = 0;
                while (decoder.next(record)) {
                    n++;
                    assertThat(n).as("iteration %d: more records than bytes", i).isLessThanOrEqualTo(page.length / 8);
                    if (record.payloadLength() >= CommonFields.SIZE) {
                        record.commonType();
                        record.commonPid();
                        record.commonPreemptCount();
                    }
                    record.u32(random.nextInt(-4, 64));
                }
            } catch (MalformedDataException e) {
                assertThat(e.offset()).as("iteration %d offset", i).isBetween(0L, (long) layout.subBufferSize());
                assertThat(e.source()).as("iteration %d source", i).startsWith("fuzz cpu0 page " + i);
                rejected++;
            }
        }
        assertThat(i).as("iterations run").isGreaterThan(1000);
        assertThat(rejected).as("some mutations are rejected").isPositive();
    }

    private static void mutate(SplittableRandom random, byte[] page, HeaderPage layout) {
        int flips = 1 + random.nextInt(8);
        for (int k = 0; k < flips; k++) {
            int choice = random.nextInt(10);
            if (choice < 2) {
                // the commit word, where one bad value changes the whole page
                page[layout.commitOffset() + random.nextInt(4)] = (byte) random.nextInt(256);
            } else if (choice < 3) {
                // a plausible event header: type_len 0, 29, 30 or 31
                int at = layout.dataOffset() + random.nextInt(Math.max(1, (page.length - layout.dataOffset()) / 4)) * 4;
                if (at < page.length) {
                    page[at] = (byte) (new int[] {0, 29, 30, 31}[random.nextInt(4)] | (random.nextInt(8) << 5));
                }
            } else {
                int at = random.nextInt(Math.min(page.length, layout.dataOffset() + 600));
                page[at] ^= (byte) (1 << random.nextInt(8));
            }
        }
    }
}
