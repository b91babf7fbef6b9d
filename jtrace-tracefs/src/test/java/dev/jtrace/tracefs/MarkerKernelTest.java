package dev.jtrace.tracefs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jtrace.core.CpuSet;
import dev.jtrace.core.Errno;
import dev.jtrace.core.KernelCallException;
import dev.jtrace.core.KernelFacility;
import dev.jtrace.core.ResourceClosedException;
import dev.jtrace.core.testing.RequiresKernel;
import dev.jtrace.traceevent.EventFormat;
import dev.jtrace.traceevent.EventRecord;
import dev.jtrace.traceevent.FieldFormat;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** trace_marker and trace_marker_raw written from Java come back in the stream, byte for byte, among kernel events. */
@RequiresKernel(KernelFacility.TRACEFS_WRITABLE)
class MarkerKernelTest {

    @Test
    void shouldRoundTripTextAndRawMarkersAmongKernelEventsInOrder() throws Exception {
        int tid = TestSupport.tid();
        try (TraceSession session = TraceSession.builder(TestSupport.tracefs())
                .instanceName(TestSupport.testName("markers"))
                .event("sched:sched_switch", "prev_pid == " + tid)
                .start()) {
            TraceMarker marker = session.marker();
            assertThat(session.marker()).isSameAs(marker);
            String unicode = "grüße \u2603 \uD83D\uDE00";
            assertThat(marker.write("text-1")).isEqualTo(6);
            Thread.sleep(2); // a sched_switch of this thread between the markers
            assertThat(marker.write(unicode)).isEqualTo(unicode.getBytes(StandardCharsets.UTF_8).length);
            byte[] payload = {1, 2, 3, 4, 5, 6, 7, 8, 9};
            marker.writeRaw(0x1234, payload, 1, 7);
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment record = arena.allocate(12);
                record.set(ValueLayout.JAVA_INT, 0, 77);
                record.set(ValueLayout.JAVA_LONG_UNALIGNED, 4, 0x0102030405060708L);
                marker.writeRawRecord(record);
            }
            session.stop();

            EventFormat print = session.formats().find("ftrace", "print");
            EventFormat raw = session.formats().find("ftrace", "raw_data");
            EventFormat sw = session.formats().find("sched", "sched_switch");
            List<String> seen = new ArrayList<>();
            for (EventRecord r : session) {
                assertThat(r.commonPid()).isEqualTo(tid);
                if (r.id() == print.id()) {
                    seen.add("print:" + TestSupport.markerText(print, r));
                } else if (r.id() == raw.id()) {
                    FieldFormat buf = raw.field("buf");
                    int id = r.s32(raw.field("id").offset());
                    byte[] bytes = new byte[r.payloadLength() - buf.offset()];
                    r.bytes(buf.offset(), bytes, 0, bytes.length);
                    seen.add("raw:" + id + ":" + java.util.HexFormat.of().formatHex(bytes));
                } else if (r.id() == sw.id()) {
                    seen.add("switch");
                }
            }
            // The record of the 7-byte payload is padded to a multiple of 4 bytes, with a zero.
            assertThat(seen).containsSubsequence("print:text-1", "switch", "print:" + unicode,
                    "raw:4660:0203040506070800", "raw:77:0807060504030201");
            assertThat(seen.stream().filter(s -> s.startsWith("raw:4660:")).toList()).hasSize(1);
        }
    }

    @Test
    void shouldWriteRawMarkersWithoutAllocatingPerCall() {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        try (TraceInstance instance = TestSupport.tracefs().createInstance(TestSupport.testName("alloc"));
                Arena arena = Arena.ofConfined()) {
            instance.buffer().setSizeKb(64); // overwrite mode: the buffer just wraps
            instance.setTracingOn(true);
            TraceMarker marker = instance.openMarker();
            MemorySegment payload = arena.allocate(32);
            byte[] array = new byte[32];
            for (int i = 0; i < 20_000; i++) { // warm up: JIT, thread-local scratch
                marker.writeRaw(i, payload);
                marker.writeRaw(i, array, 0, 32);
            }
            long tid = Thread.currentThread().threadId();
            long before = threads.getThreadAllocatedBytes(tid);
            int calls = 20_000;
            for (int i = 0; i < calls; i++) {
                marker.writeRaw(i, payload);
                marker.writeRaw(i, array, 0, 32);
            }
            long allocated = threads.getThreadAllocatedBytes(tid) - before;
            assertThat(allocated).as("bytes allocated by %d raw marker writes", 2 * calls).isLessThan(2 * calls / 10);
            long entries = 0;
            CpuSet cpus = instance.buffer().cpus(); // any number of CPUs: the writes land where the thread ran
            for (int cpu = cpus.next(0); cpu >= 0; cpu = cpus.next(cpu + 1)) {
                entries += instance.buffer().stats(cpu).entries();
            }
            assertThat(entries).isPositive();
        }
    }

    @Test
    void shouldRefuseARawRecordLargerThanASubBufferWithEinvalAndWorkAfterClose() {
        try (TraceInstance instance = TestSupport.tracefs().createInstance(TestSupport.testName("rawmax"))) {
            TraceMarker marker = instance.openMarker();
            int subBuffer = instance.buffer().subBufferSizeKb() * 1024;
            assertThatThrownBy(() -> marker.writeRaw(1, new byte[subBuffer], 0, subBuffer))
                    .isInstanceOfSatisfying(KernelCallException.class, e -> assertThat(e.errno()).isEqualTo(Errno.EINVAL));
            assertThatThrownBy(() -> marker.writeRawRecord(MemorySegment.ofArray(new byte[3])))
                    .isInstanceOf(IllegalArgumentException.class);
            marker.close();
            marker.close();
            assertThatThrownBy(() -> marker.write("x")).isInstanceOf(ResourceClosedException.class);
            assertThat(instance.openMarker().write("again")).isEqualTo(5);
        }
    }

    @Test
    void shouldStreamTheKernelsTextThroughTracePipe() {
        try (TraceInstance instance = TestSupport.tracefs().createInstance(TestSupport.testName("pipe"))) {
            instance.setTracingOn(true);
            try (TracePipe pipe = instance.openTracePipe(); TraceMarker marker = instance.openMarker()) {
                assertThat(pipe.nextLine(Duration.ofMillis(20))).isNull();
                marker.write("hello pipe");
                marker.write("second");
                String line = pipe.nextLine(Duration.ofSeconds(5));
                assertThat(line).endsWith(": tracing_mark_write: hello pipe").contains("[00");
                List<String> rest = new ArrayList<>();
                long deadline = System.nanoTime() + 5_000_000_000L;
                while (rest.isEmpty() && System.nanoTime() < deadline) {
                    pipe.drain(rest::add);
                }
                assertThat(rest).hasSize(1);
                assertThat(rest.getFirst()).endsWith("tracing_mark_write: second");
            }
        }
    }
}
