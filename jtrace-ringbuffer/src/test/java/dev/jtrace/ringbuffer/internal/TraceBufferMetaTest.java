package dev.jtrace.ringbuffer.internal;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.jtrace.core.MalformedDataException;
import java.lang.foreign.MemorySegment;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Meta pages that do not describe a ring jtrace can map are refused with the field's offset and
 * values, before any mapping of a size taken from them. The values of a good page are those Linux
 * 6.18 publishes for a 4 KiB sub-buffer ring of 353 sub-buffers.
 */
class TraceBufferMetaTest {
    private static final String SOURCE = "cpu0/trace_pipe_raw meta page";

    private static MemorySegment meta(int metaPageSize, int structLen, int subbufSize, int nrSubbufs) {
        MemorySegment m = MemorySegment.ofArray(new long[512]);   // 8-byte aligned, as the mapped page is
        m.set(JAVA_INT, TraceBufferMeta.META_PAGE_SIZE, metaPageSize);
        m.set(JAVA_INT, TraceBufferMeta.META_STRUCT_LEN, structLen);
        m.set(JAVA_INT, TraceBufferMeta.SUBBUF_SIZE, subbufSize);
        m.set(JAVA_INT, TraceBufferMeta.NR_SUBBUFS, nrSubbufs);
        return m;
    }

    @Test
    void shouldAcceptTheLayoutTheKernelPublishes() {
        TraceBufferMeta.checkLayout(meta(4096, 80, 4096, 353), 4096, 4096, SOURCE);
        TraceBufferMeta.checkReader(352, 4080, 353, 4080, SOURCE);
        TraceBufferMeta.checkReader(0, 0, 353, 4080, SOURCE);
    }

    @ParameterizedTest(name = "{4}")
    @CsvSource(delimiter = '|', value = {
        "0     | 80   | 4096 | 353 | 0  | meta_page_size 0 is not a positive multiple of the page size 4096",
        "6000  | 80   | 4096 | 353 | 0  | meta_page_size 6000 is not a positive multiple of the page size 4096",
        "4096  | 56   | 4096 | 353 | 4  | meta_struct_len 56 is not between 64 and 4096",
        "4096  | 8192 | 4096 | 353 | 4  | meta_struct_len 8192 is not between 64 and 4096",
        "4096  | 80   | 8192 | 353 | 8  | subbuf_size 8192 differs from the 4096 bytes of events/header_page",
        "4096  | 80   | 4096 | 1   | 12 | nr_subbufs 1 of 4096 bytes is not a ring buffer jtrace can map",
        "4096  | 80   | 4096 | -5  | 12 | nr_subbufs -5 of 4096 bytes is not a ring buffer jtrace can map",
        "4096  | 80   | 4096 | 600000 | 12 | nr_subbufs 600000 of 4096 bytes is not a ring buffer jtrace can map",
    })
    void shouldRefuseALayoutItCannotMapNamingTheField(int metaPageSize, int structLen, int subbufSize, int nrSubbufs,
            long offset, String detail) {
        assertThatThrownBy(() -> TraceBufferMeta.checkLayout(meta(metaPageSize, structLen, subbufSize, nrSubbufs),
                4096, 4096, SOURCE))
                .isInstanceOfSatisfying(MalformedDataException.class, e -> {
                    assertThat(e.source()).isEqualTo(SOURCE);
                    assertThat(e.offset()).isEqualTo(offset);
                    assertThat(e.detail()).isEqualTo(detail);
                });
    }

    @ParameterizedTest(name = "reader.id {0}, reader.read {1}")
    @CsvSource({
        "353, 0, 24, reader.id 353 is not one of the 353 sub-buffers",
        "-1, 0, 24, reader.id -1 is not one of the 353 sub-buffers",
        "3, 4081, 28, reader.read 4081 exceeds the 4080-byte data area",
        "3, -8, 28, reader.read -8 exceeds the 4080-byte data area",
    })
    void shouldRefuseAReaderPositionOutsideTheRing(int id, int read, long offset, String detail) {
        assertThatThrownBy(() -> TraceBufferMeta.checkReader(id, read, 353, 4080, SOURCE))
                .isInstanceOfSatisfying(MalformedDataException.class, e -> {
                    assertThat(e.offset()).isEqualTo(offset);
                    assertThat(e.detail()).isEqualTo(detail);
                });
    }

    @Test
    void shouldOnlyEverAcceptOrRaiseMalformedDataOnRandomMetaPages() {
        SplittableRandom random = new SplittableRandom(20261204);
        int accepted = 0;
        for (int i = 0; i < 20_000; i++) {
            int[] pick = {0, 4096, 8192, 80, 64, 63, -1, Integer.MAX_VALUE, Integer.MIN_VALUE, 2, 353};
            MemorySegment m = meta(i % 2 == 0 ? random.nextInt() : pick[random.nextInt(pick.length)],
                    pick[random.nextInt(pick.length)], i % 3 == 0 ? 4096 : pick[random.nextInt(pick.length)],
                    i % 5 == 0 ? random.nextInt() : pick[random.nextInt(pick.length)]);
            Throwable t = catchThrowable(() -> TraceBufferMeta.checkLayout(m, 4096, 4096, SOURCE));
            if (t == null) {
                accepted++;
                int size = TraceBufferMeta.metaPageSize(m);
                assertThat(size % 4096).isZero();
                assertThat(size).isPositive();
                assertThat((long) TraceBufferMeta.nrSubbufs(m) * 4096).isBetween(8192L, (long) Integer.MAX_VALUE);
            } else {
                assertThat(t).isInstanceOf(MalformedDataException.class);
            }
        }
        assertThat(accepted).as("some random pages are valid layouts").isPositive();
    }
}
