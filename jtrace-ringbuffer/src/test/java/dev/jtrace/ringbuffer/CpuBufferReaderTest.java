package dev.jtrace.ringbuffer;

import static java.lang.foreign.ValueLayout.JAVA_LONG_UNALIGNED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jtrace.core.MalformedDataException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Lost-event accounting and stats parsing on captured data. */
class CpuBufferReaderTest {
    private static final long MISSED_EVENTS = 1L << 31;
    private static final long MISSED_STORED = 1L << 30;

    @Test
    void shouldTakeEachSubBuffersLossFromTheCountTheKernelStoredAfterItsData() {
        Fixtures f = Fixtures.load("overwritten");
        try (Arena arena = Arena.ofShared();
                CpuBufferReader reader = ListSource.reader(0, f.header, f.pages(0, arena), 999)) {
            long total = 0;
            int flagged = 0;
            for (SubBuffer sub = reader.nextSubBuffer(); sub != null; sub = reader.nextSubBuffer()) {
                total += sub.lostEvents();
                if ((sub.commitWord() & MISSED_EVENTS) != 0) {
                    flagged++;
                    assertThat(sub.commitWord() & MISSED_STORED).isNotZero();
                    assertThat(sub.lostEvents()).isPositive();
                } else {
                    assertThat(sub.lostEvents()).isZero();
                }
            }
            assertThat(flagged).isPositive();
            assertThat(total).isEqualTo(reader.lostEvents()).isEqualTo(f.stats(0)[1]);
        }
    }

    @Test
    void shouldTakeALossWithoutAStoredCountFromTheKernelsOverrunCounter() {
        Fixtures f = Fixtures.load("overwritten");
        try (Arena arena = Arena.ofShared()) {
            List<MemorySegment> pages = f.pages(0, arena);
            MemorySegment first = pages.get(0);
            long commit = first.get(JAVA_LONG_UNALIGNED, f.header.commitOffset());
            assertThat(commit & MISSED_STORED).isNotZero();
            first.set(JAVA_LONG_UNALIGNED, f.header.commitOffset(), commit & ~MISSED_STORED); // no room for it
            try (CpuBufferReader reader = ListSource.reader(0, f.header, pages, 250)) {
                SubBuffer sub = reader.nextSubBuffer();
                assertThat(sub.lostEvents()).isEqualTo(250);
                assertThat(reader.lostEvents()).isEqualTo(250);
            }
        }
    }

    @Test
    void shouldRefuseAStoredCountThatDoesNotFitAfterTheData() {
        Fixtures f = Fixtures.load("overwritten");
        try (Arena arena = Arena.ofShared()) {
            List<MemorySegment> pages = f.pages(0, arena);
            pages.get(0).set(JAVA_LONG_UNALIGNED, f.header.commitOffset(),
                    MISSED_EVENTS | MISSED_STORED | (f.header.dataSize() - 4));
            try (CpuBufferReader reader = ListSource.reader(0, f.header, pages, 0)) {
                assertThatThrownBy(reader::nextSubBuffer).isInstanceOfSatisfying(MalformedDataException.class, e -> {
                    assertThat(e.source()).isEqualTo("captured/cpu0 sub-buffer 0");
                    assertThat(e.offset()).isEqualTo(f.header.subBufferSize() - 4);
                    assertThat(e.detail()).isEqualTo("missed-event count does not fit after 4076 bytes of data");
                });
            }
        }
    }

    @Test
    void shouldParseTheStatsFileOfLinux618() {
        String text = new String(Fixtures.resource("/pages/stats-6.18.txt"), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(CpuBufferStats.parse(text, "stats")).isEqualTo(new CpuBufferStats(395, 1105, 0, 17508, 0, 0));
    }

    @Test
    void shouldNameAStatsCounterThatIsNotANumber() {
        assertThatThrownBy(() -> CpuBufferStats.parse("entries: 1\noverrun: x1\n", "cpu3/stats"))
                .isInstanceOf(MalformedDataException.class)
                .hasMessage("cpu3/stats at byte 19: 'x1' is not a decimal counter");
        assertThatThrownBy(() -> CpuBufferStats.parse("entries: 99999999999999999999\noverrun: 1\n", "s"))
                .isInstanceOf(MalformedDataException.class)
                .hasMessage("s at byte 8: counter 99999999999999999999 does not fit 63 bits");
        assertThatThrownBy(() -> CpuBufferStats.parse("bytes: 5\n", "s"))
                .isInstanceOf(MalformedDataException.class)
                .hasMessage("s: no 'entries' or 'overrun' line in 9 characters");
        assertThat(CpuBufferStats.parse("entries: 1\noverrun: 2\n", "s")).isEqualTo(new CpuBufferStats(1, 2, -1, -1, -1, -1));
    }
}
