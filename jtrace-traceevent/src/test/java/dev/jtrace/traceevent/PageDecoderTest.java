package dev.jtrace.traceevent;

import static dev.jtrace.traceevent.PageBuilder.LAYOUT_4K;
import static dev.jtrace.traceevent.PageBuilder.payload;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jtrace.core.MalformedDataException;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The decoder on sub-buffers built event by event: every header type, the commit flags, bad input. */
class PageDecoderTest {
    private static final String SOURCE = "/t/per_cpu/cpu1/trace_pipe_raw";
    private static final long TS_MSB = 0xf8L << 56;

    private final PageDecoder decoder = new PageDecoder(LAYOUT_4K);
    private final EventRecord record = new EventRecord();

    private List<long[]> decode(MemorySegment page) {
        decoder.reset(page, 0, SOURCE, 1, 3);
        List<long[]> out = new ArrayList<>();
        while (decoder.next(record)) {
            out.add(new long[] {record.timestamp(), record.id(), record.payloadLength(), record.payloadOffset()});
        }
        return out;
    }

    private MalformedDataException failure(MemorySegment page) {
        try {
            decode(page);
        } catch (MalformedDataException e) {
            return e;
        }
        throw new AssertionError("no MalformedDataException");
    }

    @Test
    void shouldAddEachDeltaToThePageTimestamp() {
        MemorySegment page = new PageBuilder(1_000_000)
                .data(5, payload(10, 1, 12))
                .data(7, payload(11, 1, 16))
                .data(0, payload(12, 1, 8))
                .commit(0).segment();

        List<long[]> records = decode(page);

        assertThat(records).extracting(r -> r[0]).containsExactly(1_000_005L, 1_000_012L, 1_000_012L);
        assertThat(records).extracting(r -> r[1]).containsExactly(10L, 11L, 12L);
        assertThat(records).extracting(r -> r[2]).containsExactly(12L, 16L, 8L);
        assertThat(records).extracting(r -> r[3]).containsExactly(20L, 36L, 56L);
        assertThat(decoder.pageTimestamp()).isEqualTo(1_000_000);
        assertThat(decoder.dataLength()).isEqualTo(48);
        assertThat(decoder.position()).isEqualTo(64);
    }

    @Test
    void shouldTakeTheLengthOfATypeLenZeroEventFromTheWordThatCountsItself() {
        MemorySegment page = new PageBuilder(0).bigData(3, payload(7, 9, 200)).data(1, payload(8, 9, 8))
                .commit(0).segment();

        List<long[]> records = decode(page);

        assertThat(records).hasSize(2);
        assertThat(records.get(0)).containsExactly(3, 7, 200, 24);
        assertThat(records.get(1)).containsExactly(4, 8, 8, 228);
    }

    @Test
    void shouldAddATimeExtendOfHighAndLowBits() {
        long extend = (5L << 27) + 123;
        MemorySegment page = new PageBuilder(100).data(1, payload(1, 1, 8)).timeExtend(extend)
                .data(0, payload(2, 1, 8)).commit(0).segment();

        assertThat(decode(page)).extracting(r -> r[0]).containsExactly(101L, 101 + extend);
    }

    @Test
    void shouldReplaceTheRunningTimeWithAnAbsoluteTimestamp() {
        MemorySegment page = new PageBuilder(100).data(1, payload(1, 1, 8)).timeStamp(5_000_000_000L)
                .data(0, payload(2, 1, 8)).data(2, payload(3, 1, 8)).commit(0).segment();

        assertThat(decode(page)).extracting(r -> r[0]).containsExactly(101L, 5_000_000_000L, 5_000_000_002L);
    }

    @Test
    void shouldTakeTheTopFiveBitsOfAnAbsoluteTimestampFromTheRunningTime() {
        long page = TS_MSB | 1000;
        MemorySegment segment = new PageBuilder(page).timeStamp(2000).data(0, payload(1, 1, 8)).commit(0).segment();

        assertThat(decode(segment)).extracting(r -> r[0]).containsExactly(TS_MSB | 2000);
    }

    @Test
    void shouldCarryIntoTheTopBitsWhenTheLowBitsOfAnAbsoluteTimestampWrapped() {
        long low59 = (1L << 59) - 10;
        long page = (0x08L << 56) | low59;
        MemorySegment segment = new PageBuilder(page).timeStamp(5).data(0, payload(1, 1, 8)).commit(0).segment();

        assertThat(decode(segment)).extracting(r -> r[0]).containsExactly((0x10L << 56) | 5);
    }

    @Test
    void shouldSkipPaddingWithoutAddingItsDelta() {
        MemorySegment page = new PageBuilder(0).data(1, payload(1, 1, 8)).padding(50, 24).data(2, payload(2, 1, 8))
                .commit(0).segment();

        assertThat(decode(page)).extracting(r -> r[0]).containsExactly(1L, 3L);
    }

    @Test
    void shouldStopAtANullPaddingThatMarksTheRestOfThePageUnused() {
        PageBuilder b = new PageBuilder(0).data(1, payload(1, 1, 8)).word(29).word(0xdeadbeef).word(0xdeadbeef);
        MemorySegment page = b.commit(0).segment();

        assertThat(decode(page)).hasSize(1);
        assertThat(decoder.position()).isEqualTo(b.position());
        assertThat(decoder.next(record)).isFalse();
    }

    @Test
    void shouldReturnARecordWithAnUnknownIdAsIs() {
        MemorySegment page = new PageBuilder(0).data(1, payload(65535, 1, 8)).commit(0).segment();

        assertThat(decode(page)).extracting(r -> r[1]).containsExactly(65535L);
    }

    @Test
    void shouldDecodeAnEmptyPage() {
        assertThat(decode(new PageBuilder(77).commit(0).segment())).isEmpty();
        assertThat(decoder.pageTimestamp()).isEqualTo(77);
    }

    @Test
    void shouldReportNoMissedEventsWithoutTheFlag() {
        decode(new PageBuilder(0).data(1, payload(1, 1, 8)).commit(0).segment());

        assertThat(decoder.missedEvents()).isFalse();
        assertThat(decoder.missedCount()).isZero();
    }

    @Test
    void shouldReportUnknownMissedCountWhenOnlyTheMissedFlagIsSet() {
        decode(new PageBuilder(0).data(1, payload(1, 1, 8)).commit(1L << 31).segment());

        assertThat(decoder.missedEvents()).isTrue();
        assertThat(decoder.missedCount()).isEqualTo(-1);
        assertThat(decoder.dataLength()).isEqualTo(12);
    }

    @Test
    void shouldReadTheMissedCountStoredAfterTheData() {
        PageBuilder b = new PageBuilder(0).data(1, payload(1, 1, 8)).commit((1L << 31) | (1L << 30));
        b.putLongAt(16 + 12, 4242);

        List<long[]> records = decode(b.segment());

        assertThat(records).hasSize(1);
        assertThat(decoder.missedEvents()).isTrue();
        assertThat(decoder.missedCount()).isEqualTo(4242);
    }

    @Test
    void shouldDecodeAPageAtAnOffsetInALargerSegment() {
        byte[] first = new PageBuilder(10).data(1, payload(1, 1, 8)).commit(0).bytes();
        byte[] second = new PageBuilder(20).data(1, payload(2, 1, 12)).commit(0).bytes();
        byte[] both = new byte[8192];
        System.arraycopy(first, 0, both, 0, 4096);
        System.arraycopy(second, 0, both, 4096, 4096);

        decoder.reset(MemorySegment.ofArray(both), 4096, SOURCE, 0, 1);

        assertThat(decoder.next(record)).isTrue();
        assertThat(record.timestamp()).isEqualTo(21);
        assertThat(record.id()).isEqualTo(2);
        assertThat(record.payloadOffset()).isEqualTo(4096 + 20);
        assertThat(decoder.next(record)).isFalse();
    }

    @Test
    void shouldAcceptAPageCutRightAfterItsCommittedData() {
        MemorySegment page = new PageBuilder(0).data(1, payload(1, 1, 8)).commit(0).segment().asSlice(0, 28);

        assertThat(decode(page)).hasSize(1);
    }

    @Test
    void shouldRejectATruncatedHeader() {
        MalformedDataException e = failure(MemorySegment.ofArray(new byte[10]));

        assertThat(e).hasMessage(SOURCE + " cpu1 page 3 at byte 10: truncated sub-buffer: 10 bytes, the header alone"
                + " needs 16");
        assertThat(e.offset()).isEqualTo(10);
        assertThat(e.source()).isEqualTo(SOURCE + " cpu1 page 3");
    }

    @Test
    void shouldRejectACommitLengthLargerThanTheSubBuffer() {
        MalformedDataException e = failure(new PageBuilder(0).commitRaw(5000).segment());

        assertThat(e).hasMessage(SOURCE + " cpu1 page 3 at byte 8: commit length 5000 exceeds the sub-buffer's data"
                + " area of 4080 bytes");
    }

    @Test
    void shouldRejectACommitLengthPastTheBytesAvailable() {
        MalformedDataException e = failure(new PageBuilder(0).commitRaw(200).segment().asSlice(0, 100));

        assertThat(e).hasMessage(SOURCE + " cpu1 page 3 at byte 8: commit length 200 runs past the 100 bytes"
                + " available (truncated sub-buffer)");
    }

    @Test
    void shouldRejectAnEventRunningPastTheCommitLength() {
        MemorySegment page = new PageBuilder(0).data(1, payload(1, 1, 8)).data(1, payload(1, 1, 20))
                .commitRaw(20).segment();

        MalformedDataException e = failure(page);

        assertThat(e).hasMessage(SOURCE + " cpu1 page 3 at byte 28: event of 24 bytes (type_len 5) runs past the"
                + " commit end 36");
        assertThat(e.offset()).isEqualTo(28);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 4, 6, 9})
    void shouldRejectATypeLenZeroEventWithAnImpossibleLength(int length) {
        MemorySegment page = new PageBuilder(0).word(0).word(length).word(0).word(0).commit(0).segment();

        assertThat(failure(page)).hasMessage(SOURCE + " cpu1 page 3 at byte 16: event length word " + length
                + " is not a multiple of 4 of at least 8");
    }

    @Test
    void shouldRejectATypeLenZeroEventLongerThanTheCommit() {
        MemorySegment page = new PageBuilder(0).word(0).word(4000).word(0).commit(0).segment();

        assertThat(failure(page)).hasMessage(SOURCE + " cpu1 page 3 at byte 16: event of 4004 bytes runs past the"
                + " commit end 28");
    }

    @Test
    void shouldRejectAPaddingLongerThanTheCommit() {
        MemorySegment page = new PageBuilder(0).data(1, payload(1, 1, 8)).word(29 | 1 << 5).word(100)
                .commit(0).segment();

        assertThat(failure(page)).hasMessage(SOURCE + " cpu1 page 3 at byte 28: padding of 104 bytes runs past the"
                + " commit end 36");
    }

    @Test
    void shouldRejectAPaddingWithAZeroLength() {
        MemorySegment page = new PageBuilder(0).word(29 | 1 << 5).word(0).commit(0).segment();

        assertThat(failure(page)).hasMessage(SOURCE + " cpu1 page 3 at byte 16: padding length 0 is not a multiple"
                + " of 4 of at least 4");
    }

    @Test
    void shouldRejectAnEventHeaderCutByTheCommitLength() {
        MemorySegment page = new PageBuilder(0).data(1, payload(1, 1, 8)).word(5).commitRaw(14).segment();

        assertThat(failure(page)).hasMessage(SOURCE + " cpu1 page 3 at byte 28: event header needs 4 bytes, only 2"
                + " left before the commit end 30");
    }

    @Test
    void shouldRejectATimeExtendCutByTheCommitLength() {
        MemorySegment page = new PageBuilder(0).word(30).word(1).commitRaw(4).segment();

        assertThat(failure(page)).hasMessage(SOURCE + " cpu1 page 3 at byte 16: event type_len 30 needs 8 bytes,"
                + " only 4 left before the commit end 20");
    }

    @Test
    void shouldRejectAStoredMissedCountThatDoesNotFit() {
        MemorySegment page = new PageBuilder(0).commitRaw(4080 | (1L << 31) | (1L << 30)).segment();

        assertThat(failure(page)).hasMessage(SOURCE + " cpu1 page 3 at byte 4096: missed-event count (8 bytes) does"
                + " not fit after the data");
    }

    @Test
    void shouldNameOnlyTheCpuWithoutAPageNumber() {
        assertThatThrownBy(() -> decoder.reset(MemorySegment.ofArray(new byte[4]), "buf", 0))
                .isInstanceOf(MalformedDataException.class)
                .hasMessage("buf cpu0 at byte 4: truncated sub-buffer: 4 bytes, the header alone needs 16");
    }

    @Test
    void shouldRejectAPageOffsetOutsideTheSegment() {
        assertThatThrownBy(() -> decoder.reset(MemorySegment.ofArray(new byte[4096]), 5000, "buf", 0, 0))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldUseTheSubBufferSizeOfTheLayout() {
        PageDecoder big = new PageDecoder(HeaderPage.of(0, 8, 8, 16, 8176));
        PageBuilder b = new PageBuilder(8192, 0);
        while (b.position() < 6000) {
            b.bigData(1, payload(1, 1, 200));
        }
        big.reset(b.commit(0).segment(), "buf", 0);
        int n = 0;
        while (big.next(record)) {
            n++;
        }
        assertThat(n).isEqualTo(29);
        assertThat(big.dataLength()).isGreaterThan(4080);
    }
}
