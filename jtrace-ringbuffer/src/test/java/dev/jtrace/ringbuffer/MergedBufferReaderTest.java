package dev.jtrace.ringbuffer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jtrace.core.MalformedDataException;
import dev.jtrace.core.ResourceClosedException;
import dev.jtrace.traceevent.EventRecord;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The merge over captured sub-buffers of two CPUs, checked against the kernel's own trace text. */
class MergedBufferReaderTest {

    private static int printId(Fixtures f) {
        for (String line : f.text("ids").split("\n")) {
            if (line.startsWith("print ")) {
                return Integer.parseInt(line.substring(6).strip());
            }
        }
        throw new IllegalStateException("no print id");
    }

    private static MergedBufferReader merged(Fixtures f, Arena arena) {
        List<CpuBufferReader> readers = new ArrayList<>();
        for (int cpu = 0; cpu < 2; cpu++) {
            readers.add(ListSource.reader(cpu, f.header, f.pages(cpu, arena), f.stats(cpu)[1]));
        }
        return ListSource.merged(f.header, readers);
    }

    @ParameterizedTest
    @ValueSource(strings = {"subbuf4k", "subbuf8k"})
    void shouldMergeTwoCpuBuffersInTheOrderOfTheKernelsTraceText(String set) {
        Fixtures f = Fixtures.load(set);
        int print = printId(f);
        List<Fixtures.TraceLine> expected = f.traceLines();
        List<Fixtures.TraceLine> actual = new ArrayList<>();
        try (Arena arena = Arena.ofShared(); MergedBufferReader reader = merged(f, arena)) {
            EventRecord record = new EventRecord();
            while (reader.next(record)) {
                String text = "";
                if (record.id() == print) {
                    text = "tracing_mark_write: " + record.cString(16, record.payloadLength() - 16).stripTrailing();
                }
                // the kernel prints microseconds rounded: ns2usecs() adds 500 ns first
                actual.add(new Fixtures.TraceLine(record.cpu(), (record.timestamp() + 500) / 1000, text));
            }
            assertThat(reader.lostEvents()).isZero();
        }
        assertThat(actual).hasSize(expected.size());
        assertThat(actual.stream().map(l -> l.cpu() + "@" + l.micros()).toList())
                .containsExactlyElementsOf(expected.stream().map(l -> l.cpu() + "@" + l.micros()).toList());
        for (int i = 0; i < actual.size(); i++) {
            if (!actual.get(i).text().isEmpty()) {
                assertThat(actual.get(i).text()).as("line %d", i).isEqualTo(expected.get(i).text());
            }
        }
        assertThat(actual.stream().filter(l -> l.cpu() == 0).count()).isEqualTo(f.stats(0)[0]);
        assertThat(actual.stream().filter(l -> l.cpu() == 1).count()).isEqualTo(f.stats(1)[0]);
    }

    @Test
    void shouldHandTheSameRecordsToACallbackAsToTheIterator() {
        Fixtures f = Fixtures.load("subbuf4k");
        List<String> iterated = new ArrayList<>();
        List<String> drained = new ArrayList<>();
        try (Arena arena = Arena.ofShared()) {
            try (MergedBufferReader reader = merged(f, arena)) {
                EventRecord record = new EventRecord();
                while (reader.next(record)) {
                    iterated.add(record.cpu() + ":" + record.timestamp() + ":" + record.payloadLength());
                }
            }
            try (MergedBufferReader reader = merged(f, arena)) {
                long n = reader.drain(r -> drained.add(r.cpu() + ":" + r.timestamp() + ":" + r.payloadLength()));
                assertThat(n).isEqualTo(drained.size());
                assertThat(reader.drain(r -> drained.add("again"))).isZero();
            }
        }
        assertThat(drained).hasSize(202).containsExactlyElementsOf(iterated);
    }

    @Test
    void shouldCountTheOverwrittenEventsTheKernelStoredOnThePages() {
        Fixtures f = Fixtures.load("overwritten");
        long records = 0;
        try (Arena arena = Arena.ofShared(); MergedBufferReader reader = merged(f, arena)) {
            EventRecord record = new EventRecord();
            while (reader.next(record)) {
                records++;
            }
            assertThat(reader.lostEvents(0)).isEqualTo(f.stats(0)[1]).isEqualTo(198);
            assertThat(reader.lostEvents(1)).isZero();
            assertThat(reader.lostEvents()).isEqualTo(198);
        }
        assertThat(records).isEqualTo(f.stats(0)[0]).isEqualTo(52);
    }

    @Test
    void shouldPickUpSubBuffersThatArriveAfterTheStreamRanDry() {
        Fixtures f = Fixtures.load("subbuf4k");
        try (Arena arena = Arena.ofShared()) {
            List<MemorySegment> cpu0 = f.pages(0, arena);
            ListSource source0 = new ListSource(cpu0.subList(0, 1), 0);
            ListSource source1 = new ListSource(List.of(), 0);
            try (MergedBufferReader reader = ListSource.merged(f.header,
                    List.of(ListSource.reader(0, f.header, source0), ListSource.reader(1, f.header, source1)))) {
                EventRecord record = new EventRecord();
                int first = 0;
                while (reader.next(record)) {
                    first++;
                }
                assertThat(first).isPositive();
                assertThat(reader.next(record)).isFalse();
                source1.add(f.pages(1, arena).get(0));
                for (MemorySegment page : cpu0.subList(1, cpu0.size())) {
                    source0.add(page);
                }
                int second = 0;
                while (reader.next(record)) {
                    second++;
                }
                assertThat(first + second).isEqualTo(202);
            }
        }
    }

    @Test
    void shouldNameCpuAndSubBufferOfACorruptPage() {
        Fixtures f = Fixtures.load("subbuf4k");
        try (Arena arena = Arena.ofShared()) {
            List<MemorySegment> pages = f.pages(0, arena);
            MemorySegment bad = pages.get(1);
            bad.set(ValueLayout.JAVA_LONG_UNALIGNED, f.header.commitOffset(), f.header.dataSize() + 8L);
            try (MergedBufferReader reader = ListSource.merged(f.header,
                    List.of(ListSource.reader(0, f.header, pages, 0)))) {
                EventRecord record = new EventRecord();
                assertThatThrownBy(() -> {
                    while (reader.next(record)) {
                        // until the corrupt sub-buffer
                    }
                }).isInstanceOfSatisfying(MalformedDataException.class, e -> {
                    assertThat(e.source()).isEqualTo("captured/cpu0 cpu0 page 1");
                    assertThat(e.offset()).isEqualTo(f.header.commitOffset());
                    assertThat(e.detail()).contains("commit length 4088 exceeds the sub-buffer's data area of 4080 bytes");
                });
            }
        }
    }

    @Test
    void shouldRefuseUseAfterCloseAndCloseOnlyOnce() {
        Fixtures f = Fixtures.load("subbuf4k");
        try (Arena arena = Arena.ofShared()) {
            MergedBufferReader reader = merged(f, arena);
            EventRecord record = new EventRecord();
            assertThat(reader.next(record)).isTrue();
            reader.close();
            reader.close();
            assertThat(reader.isClosed()).isTrue();
            assertThat(reader.await(java.time.Duration.ofSeconds(5))).isFalse();
            assertThatThrownBy(() -> reader.next(record)).isInstanceOf(ResourceClosedException.class)
                    .hasMessage("ring-buffer reader of captured is closed");
            assertThatThrownBy(() -> reader.drain(r -> { })).isInstanceOf(ResourceClosedException.class);
            assertThat(reader.run(r -> { }, java.time.Duration.ofSeconds(5))).isZero();
        }
    }
}
