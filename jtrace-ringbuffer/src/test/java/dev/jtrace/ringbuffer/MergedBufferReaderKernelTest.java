package dev.jtrace.ringbuffer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jtrace.core.KernelFacility;
import dev.jtrace.core.testing.RequiresKernel;
import dev.jtrace.traceevent.EventFormat;
import dev.jtrace.traceevent.EventRecord;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Markers written from threads pinned to every CPU, read back through the merged reader in both modes. */
@RequiresKernel(KernelFacility.TRACEFS_WRITABLE)
class MergedBufferReaderKernelTest {
    private static final Pattern TRACE_LINE = Pattern.compile(
            "^\\s*.*-\\d+\\s+\\[(\\d+)\\] \\S+\\s+(\\d+)\\.(\\d{6}): tracing_mark_write: (.*)$");

    @ParameterizedTest
    @EnumSource(value = ReadMode.class, names = {"MMAP", "READ"})
    void shouldReadEveryMarkerOfEveryCpuOnceInOrderWithExactCounts(ReadMode mode) throws Exception {
        TestInstance.require(mode);
        int perCpu = 3000;
        try (TestInstance t = TestInstance.create("merged-" + mode)) {
            t.set("buffer_size_kb", "1024");
            t.set("tracing_on", "1");
            t.writeMarkersOnEveryCpu("m", perCpu);
            t.set("tracing_on", "0");
            int[] cpus = TestInstance.onlineCpus();
            for (int cpu : cpus) {
                assertThat(t.stats(cpu).entries()).as("entries of cpu%d", cpu).isEqualTo(perCpu);
            }
            EventFormat print = t.format("ftrace", "print");
            int buf = print.field("buf").offset();
            EventFormat rawData = t.format("ftrace", "raw_data");
            int rawId = rawData.field("id").offset();
            int rawBuf = rawData.field("buf").offset();
            Map<Integer, Integer> nextSeq = new HashMap<>();
            long count = 0;
            long previous = Long.MIN_VALUE;
            try (MergedBufferReader reader = MergedBufferReader.open(t.dir, mode)) {
                assertThat(reader.mode()).isEqualTo(mode);
                EventRecord record = new EventRecord();
                while (reader.next(record)) {
                    String text;
                    if (record.id() == print.id()) {
                        text = record.cString(buf, record.payloadLength() - buf).strip();
                    } else {
                        assertThat(record.id()).isEqualTo(rawData.id());
                        // The payload is padded to 4 bytes: the text ends at the first NUL, if any.
                        text = record.cString(rawBuf, record.payloadLength() - rawBuf);
                        assertThat(text).endsWith(" " + record.u32(rawId));
                    }
                    String[] parts = text.substring(1).split(" ");
                    int cpu = Integer.parseInt(parts[0]);
                    assertThat(record.cpu()).as(text).isEqualTo(cpu);
                    int expected = nextSeq.merge(cpu, 1, Integer::sum) - 1;
                    assertThat(Integer.parseInt(parts[1])).as("cpu%d sequence", cpu).isEqualTo(expected);
                    assertThat(record.id()).isEqualTo(expected % 2 == 0 ? print.id() : rawData.id());
                    assertThat(record.timestamp()).as("merged order").isGreaterThanOrEqualTo(previous);
                    previous = record.timestamp();
                    count++;
                }
                assertThat(reader.next(record)).isFalse();
                assertThat(reader.lostEvents()).isZero();
            }
            assertThat(count).isEqualTo((long) perCpu * cpus.length);
            for (int cpu : cpus) {
                assertThat(nextSeq.get(cpu)).isEqualTo(perCpu);
                assertThat(t.stats(cpu).entries()).isZero();
                assertThat(t.stats(cpu).readEvents()).isEqualTo(perCpu);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = ReadMode.class, names = {"MMAP", "READ"})
    void shouldHandOutEachBatchOfALiveTraceOnceWithTheKernelsTimeStamps(ReadMode mode) throws Exception {
        TestInstance.require(mode);
        // Small batches on one CPU while tracing stays on: every batch after the first lands on the
        // sub-buffer the writer is still filling, which mmap mode must cut. The kernel's trace text
        // (read before consuming) shows exactly the unread events with their time stamps.
        try (TestInstance t = TestInstance.create("live-" + mode)) {
            t.set("buffer_size_kb", "256");
            t.set("tracing_on", "1");
            EventFormat print = t.format("ftrace", "print");
            int buf = print.field("buf").offset();
            try (MergedBufferReader reader = MergedBufferReader.open(t.dir, mode)) {
                EventRecord record = new EventRecord();
                for (int batch = 0; batch < 6; batch++) {
                    t.writeMarkers(0, "trace_marker", "b", batch * 7, 7);
                    List<String> expected = new ArrayList<>();
                    for (String line : t.read("trace").split("\n")) {
                        Matcher m = TRACE_LINE.matcher(line);
                        if (m.matches()) {
                            expected.add(Integer.parseInt(m.group(1)) + " " + m.group(2) + m.group(3) + " " + m.group(4));
                        }
                    }
                    List<String> actual = new ArrayList<>();
                    while (reader.next(record)) {
                        String text = record.cString(buf, record.payloadLength() - buf).strip();
                        actual.add(record.cpu() + " " + (record.timestamp() + 500) / 1000 + " " + text);
                    }
                    assertThat(actual).as("batch %d", batch).hasSize(7).containsExactlyElementsOf(expected);
                    assertThat(actual.get(0)).endsWith("b0 " + batch * 7);
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = ReadMode.class, names = {"MMAP", "READ"})
    void shouldReportTheLostEventsOfAnOverfilledBufferAsItsStatsDo(ReadMode mode) throws Exception {
        TestInstance.require(mode);
        int written = 2000;
        try (TestInstance t = TestInstance.create("lost-" + mode)) {
            t.set("buffer_size_kb", "8");
            t.set("tracing_on", "1");
            t.writeMarkers(0, "trace_marker", "o", 0, written);
            t.set("tracing_on", "0");
            CpuBufferStats before = t.stats(0);
            assertThat(before.overrun()).isPositive();
            long records = 0;
            int lastSeq = -1;
            EventFormat print = t.format("ftrace", "print");
            int buf = print.field("buf").offset();
            try (MergedBufferReader reader = MergedBufferReader.open(t.dir, mode)) {
                EventRecord record = new EventRecord();
                while (reader.next(record)) {
                    int seq = Integer.parseInt(record.cString(buf, record.payloadLength() - buf).strip().split(" ")[1]);
                    assertThat(seq).isGreaterThan(lastSeq);
                    lastSeq = seq;
                    records++;
                }
                assertThat(reader.lostEvents(0)).isEqualTo(before.overrun());
                assertThat(reader.lostEvents()).isEqualTo(before.overrun());
            }
            assertThat(records).isEqualTo(before.entries());
            assertThat(records + before.overrun()).isEqualTo(written);
            assertThat(lastSeq).isEqualTo(written - 1);
        }
    }

    @ParameterizedTest
    @EnumSource(value = ReadMode.class, names = {"MMAP", "READ"})
    void shouldStreamUntilAnotherThreadClosesTheReader(ReadMode mode) throws Exception {
        TestInstance.require(mode);
        try (TestInstance t = TestInstance.create("run-" + mode)) {
            t.set("buffer_percent", "0");
            t.set("tracing_on", "1");
            MergedBufferReader reader = MergedBufferReader.open(t.dir, mode);
            AtomicLong seen = new AtomicLong();
            AtomicReference<Object> result = new AtomicReference<>();
            Thread consumer = new Thread(() -> {
                try {
                    result.set(reader.run(r -> seen.incrementAndGet(), Duration.ofSeconds(60)));
                } catch (Throwable e) {
                    result.set(e);
                }
            });
            consumer.start();
            t.writeMarkers(1 % TestInstance.onlineCpus().length, "trace_marker", "r", 0, 50);
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (seen.get() < 50 && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertThat(seen.get()).as("records streamed while blocked in poll").isEqualTo(50);
            long start = System.nanoTime();
            reader.close();
            consumer.join(5000);
            assertThat(consumer.isAlive()).isFalse();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
            assertThat(result.get()).isEqualTo(50L);
        }
    }
}
