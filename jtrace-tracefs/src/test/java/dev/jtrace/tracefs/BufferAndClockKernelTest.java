package dev.jtrace.tracefs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jtrace.core.CpuSet;
import dev.jtrace.core.Errno;
import dev.jtrace.core.KernelCallException;
import dev.jtrace.core.KernelFacility;
import dev.jtrace.core.internal.LibC;
import dev.jtrace.core.testing.RequiresKernel;
import dev.jtrace.traceevent.EventRecord;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Buffer sizes, per-CPU counters, the CPU mask and the trace clock take effect on what is recorded. */
@RequiresKernel(KernelFacility.TRACEFS_WRITABLE)
class BufferAndClockKernelTest {

    @Test
    void shouldCountMarkersPerCpuAndRecordNothingOnMaskedCpus() throws Exception {
        CpuSet online = CpuSet.online();
        int first = online.next(0);
        CpuSet saved = LibC.schedGetaffinity(0);
        try (TraceInstance instance = TestSupport.tracefs().createInstance(TestSupport.testName("cpus"))) {
            BufferSettings buffer = instance.buffer();
            assertThat(buffer.cpus()).isEqualTo(online);
            buffer.setSizeKb(first, 64);
            assertThat(buffer.sizeKb(first)).isBetween(64L, 72L);
            if (online.size() > 1) {
                assertThat(buffer.sizeKb()).as("sizes differ between CPUs").isEqualTo(-1);
            }
            buffer.setSizeKb(128);
            assertThat(buffer.sizeKb()).isBetween(128L, 136L);
            assertThat(buffer.totalSizeKb()).isGreaterThanOrEqualTo(128L * online.size());

            LibC.schedSetaffinity(0, CpuSet.of(first));
            instance.setTracingOn(true);
            try (TraceMarker marker = instance.openMarker()) {
                for (int i = 0; i < 25; i++) {
                    marker.write("on cpu " + first);
                }
                instance.setTracingOn(false);
                assertThatThrownBy(() -> marker.write("not recording"))
                        .isInstanceOfSatisfying(KernelCallException.class,
                                e -> assertThat(e.errno()).isEqualTo(Errno.EBADF));
                instance.setTracingOn(true);
                CpuStats stats = buffer.stats(first);
                assertThat(stats.cpu()).isEqualTo(first);
                assertThat(stats.entries()).isEqualTo(25);
                assertThat(stats.bytes()).isPositive();
                assertThat(stats.overrun()).isZero();

                if (online.size() > 1) {
                    int other = online.next(first + 1);
                    instance.setCpumask(CpuSet.of(first));
                    assertThat(instance.cpumask()).isEqualTo(CpuSet.of(first));
                    LibC.schedSetaffinity(0, CpuSet.of(other));
                    // The kernel refuses a marker from a CPU it does not record (EBADF).
                    assertThatThrownBy(() -> marker.write("masked out"))
                            .isInstanceOfSatisfying(KernelCallException.class, e -> {
                                assertThat(e.errno()).isEqualTo(Errno.EBADF);
                                assertThat(e.getMessage()).contains("not in tracing_cpumask");
                            });
                    assertThat(buffer.stats(other).entries()).as("nothing recorded on a masked CPU").isZero();
                }
            }
            buffer.clear();
            assertThat(buffer.stats(first).entries()).isZero();
        } finally {
            LibC.schedSetaffinity(0, saved);
        }
    }

    @Test
    void shouldStampRecordsWithTheSelectedClock() {
        try (TraceSession session = TraceSession.builder(TestSupport.tracefs())
                .instanceName(TestSupport.testName("clock")).clock("counter").bufferSizeKb(256).start()) {
            assertThat(session.instance().traceClock()).isEqualTo("counter");
            for (int i = 0; i < 5; i++) {
                session.marker().write("tick " + i);
            }
            session.stop();
            List<Long> stamps = new ArrayList<>();
            for (EventRecord r : session) {
                stamps.add(r.timestamp());
            }
            // The counter clock counts events: consecutive small integers, not nanoseconds since boot.
            assertThat(stamps).hasSize(5);
            for (int i = 1; i < 5; i++) {
                assertThat(stamps.get(i) - stamps.get(i - 1)).isEqualTo(1);
            }
            assertThat(stamps.get(0)).isLessThan(1_000_000_000L);
        }
    }
}
