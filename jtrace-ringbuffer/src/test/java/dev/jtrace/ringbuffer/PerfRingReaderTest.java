package dev.jtrace.ringbuffer;

import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jtrace.core.MalformedDataException;
import dev.jtrace.core.ResourceClosedException;
import java.lang.foreign.Arena;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The ring bookkeeping on rings written in plain memory. */
class PerfRingReaderTest {

    @Test
    void shouldCopyARecordThatWrapsTheEndOnceAndReadItsFieldsAcrossTheSeam() {
        try (Arena arena = Arena.ofConfined()) {
            SyntheticRing ring = new SyntheticRing(arena);
            long start = 3 * ring.dataSize - 16; // counters run on past many laps
            ring.tail(start);
            ring.record(start, 9, 48);
            ring.record(start + 48, 9, 16);
            ring.head(start + 64);
            try (PerfRingReader reader = PerfRingReader.wrap(ring.mapping, false)) {
                PerfRecord record = new PerfRecord();
                assertThat(reader.next(record)).isTrue();
                assertThat(record.size()).isEqualTo(48);
                assertThat(record.position()).isEqualTo(start);
                assertThat(record.segment().address()).isNotEqualTo(ring.data.address());
                assertThat(record.offset()).isZero(); // the copy in the scratch buffer
                long expected = 0;
                for (int i = 7; i >= 0; i--) {
                    expected = expected << 8 | ((start + 8 + i) & 0xff);
                }
                assertThat(record.u64(8)).isEqualTo(expected); // bytes 8..16 of the record straddle the seam
                assertThat(reader.next(record)).isTrue();
                assertThat(record.segment()).isEqualTo(ring.data);
                assertThat(record.offset()).isEqualTo(32);
                assertThat(reader.next(record)).isFalse();
                assertThat(reader.lostRecords()).isZero();
            }
        }
    }

    @Test
    void shouldReturnARecordsSpaceOnlyWhenTheNextRecordIsAskedFor() {
        try (Arena arena = Arena.ofConfined()) {
            SyntheticRing ring = new SyntheticRing(arena);
            ring.record(0, 9, 24);
            ring.record(24, 2, 32); // PERF_RECORD_LOST {id, lost = bytes at 16..24}
            ring.head(56);
            try (PerfRingReader reader = PerfRingReader.wrap(ring.mapping, false)) {
                PerfRecord record = new PerfRecord();
                assertThat(reader.next(record)).isTrue();
                assertThat(ring.tail()).isZero();
                assertThat(reader.availableBytes()).isEqualTo(32);
                assertThat(reader.next(record)).isTrue();
                assertThat(ring.tail()).isEqualTo(24);
                assertThat(record.type()).isEqualTo(2);
                assertThat(reader.lostRecords()).isEqualTo(record.u64(16));
                assertThat(reader.next(record)).isFalse();
                assertThat(ring.tail()).isEqualTo(56);
                List<Integer> more = new ArrayList<>();
                ring.record(56, 9, 8);
                ring.head(64);
                assertThat(reader.drain(r -> more.add(r.size()))).isEqualTo(1);
                assertThat(more).containsExactly(8);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 4, 12})
    void shouldRefuseARecordSizeThatIsNotAMultipleOfEightOfAtLeastEight(int size) {
        try (Arena arena = Arena.ofConfined()) {
            SyntheticRing ring = new SyntheticRing(arena);
            ring.record(0, 9, 16);
            ring.data.set(java.lang.foreign.ValueLayout.JAVA_SHORT_UNALIGNED, 6, (short) size);
            ring.head(64);
            try (PerfRingReader reader = PerfRingReader.wrap(ring.mapping, false)) {
                assertThatThrownBy(() -> reader.next(new PerfRecord()))
                        .isInstanceOfSatisfying(MalformedDataException.class, e -> {
                            assertThat(e.offset()).isZero();
                            assertThat(e.detail()).isEqualTo("record size " + size + " is not a multiple of 8 of at least 8");
                        });
            }
        }
    }

    @Test
    void shouldRefuseARecordRunningPastTheHeadOrAHeadBeyondOneLap() {
        try (Arena arena = Arena.ofConfined()) {
            SyntheticRing ring = new SyntheticRing(arena);
            ring.record(0, 9, 64);
            ring.head(32);
            try (PerfRingReader reader = PerfRingReader.wrap(ring.mapping, false)) {
                assertThatThrownBy(() -> reader.next(new PerfRecord())).isInstanceOf(MalformedDataException.class)
                        .hasMessageEndingWith("at byte 0: record of 64 bytes runs past the 32 bytes published");
            }
            ring.head(ring.dataSize + 8);
            try (PerfRingReader reader = PerfRingReader.wrap(ring.mapping, false)) {
                assertThatThrownBy(() -> reader.next(new PerfRecord())).isInstanceOf(MalformedDataException.class)
                        .hasMessageEndingWith("data_head 8200 is 8200 bytes from data_tail in a ring of 8192");
            }
        }
    }

    @Test
    void shouldCheckFieldsAgainstTheRecordSize() {
        try (Arena arena = Arena.ofConfined()) {
            SyntheticRing ring = new SyntheticRing(arena);
            ring.record(0, 9, 16);
            ring.head(16);
            try (PerfRingReader reader = PerfRingReader.wrap(ring.mapping, false)) {
                PerfRecord record = new PerfRecord();
                reader.next(record);
                assertThat(record.u64(8)).isNotZero();
                assertThatThrownBy(() -> record.s32(14)).isInstanceOf(MalformedDataException.class)
                        .hasMessageEndingWith("at byte 14: 4-byte field at offset 14 runs past the 16-byte record of type 9");
                assertThatThrownBy(() -> record.u16(-1)).isInstanceOf(MalformedDataException.class);
            }
        }
    }

    @Test
    void shouldSnapshotABackwardRingOldestFirstStoppingAtSpaceNeverWritten() {
        try (Arena arena = Arena.ofConfined()) {
            SyntheticRing ring = new SyntheticRing(arena);
            // A backward ring counts down from 0: the newest record starts at data_head.
            ring.record(-24, 9, 24);   // oldest
            ring.record(-48, 9, 24);
            ring.record(-96, 2, 32);   // a loss, written in one piece with the newest record after it
            ring.record(-64, 9, 16);
            ring.head(-96);
            try (PerfRingReader reader = PerfRingReader.wrap(ring.mapping, true)) {
                List<String> seen = new ArrayList<>();
                assertThat(reader.snapshot(r -> seen.add(r.type() + "@" + r.position()))).isEqualTo(4);
                assertThat(seen).containsExactly("9@-24", "9@-48", "2@-96", "9@-64");
                assertThatThrownBy(() -> reader.next(new PerfRecord())).isInstanceOf(IllegalStateException.class);
            }
        }
    }

    @Test
    void shouldRefuseAControlPageThatDescribesNoRingAndUseAfterClose() {
        try (Arena arena = Arena.ofConfined()) {
            SyntheticRing ring = new SyntheticRing(arena);
            ring.mapping.set(JAVA_LONG, 1048, 3 * 4096L);
            assertThatThrownBy(() -> PerfRingReader.wrap(ring.mapping, false)).isInstanceOf(MalformedDataException.class)
                    .hasMessageContaining("data_offset 4096 and data_size 12288 do not describe a power-of-two ring");
            ring.mapping.set(JAVA_LONG, 1048, 2 * 4096L);
            assertThatThrownBy(() -> PerfRingReader.wrap(ring.mapping.asReadOnly(), false))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("a forward ring needs a writable mapping: the reader stores data_tail");
            PerfRingReader.wrap(ring.mapping.asReadOnly(), true).close();
            PerfRingReader reader = PerfRingReader.wrap(ring.mapping, false);
            assertThatThrownBy(() -> reader.snapshot(r -> { })).isInstanceOf(IllegalStateException.class);
            reader.close();
            reader.close();
            assertThatThrownBy(() -> reader.next(new PerfRecord())).isInstanceOf(ResourceClosedException.class);
            assertThat(ring.mapping.get(JAVA_LONG, 1048)).isEqualTo(8192); // a wrapped mapping stays the caller's
        }
    }
}
