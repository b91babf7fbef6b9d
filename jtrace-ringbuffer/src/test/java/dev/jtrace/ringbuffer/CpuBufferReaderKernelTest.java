package dev.jtrace.ringbuffer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jtrace.core.Errno;
import dev.jtrace.core.KernelCallException;
import dev.jtrace.core.KernelFacility;
import dev.jtrace.core.ResourceClosedException;
import dev.jtrace.core.testing.RequiresKernel;
import dev.jtrace.traceevent.EventRecord;
import dev.jtrace.traceevent.PageDecoder;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** One CPU buffer read sub-buffer by sub-buffer, on the real kernel, in both modes. */
@RequiresKernel(KernelFacility.TRACEFS_WRITABLE)
class CpuBufferReaderKernelTest {

    @Test
    @RequiresKernel(KernelFacility.RING_BUFFER_MMAP)
    void shouldMapWhenTheKernelAllowsItAndReadWhenForced() throws Exception {
        try (TestInstance t = TestInstance.create("modes")) {
            try (CpuBufferReader auto = CpuBufferReader.open(t.dir, 0, ReadMode.AUTO)) {
                assertThat(auto.mode()).isEqualTo(ReadMode.MMAP);
            }
            try (CpuBufferReader read = CpuBufferReader.open(t.dir, 0, ReadMode.READ)) {
                assertThat(read.mode()).isEqualTo(ReadMode.READ);
                assertThat(read.cpu()).isZero();
                assertThat(read.path()).isEqualTo(t.dir.resolve("per_cpu/cpu0/trace_pipe_raw").toString());
            }
            // While mapped, the kernel refuses to resize the buffer: proof that MMAP really mapped it.
            try (CpuBufferReader mapped = CpuBufferReader.open(t.dir, 0, ReadMode.MMAP)) {
                assertThatThrownBy(() -> t.set("buffer_size_kb", "64")).isInstanceOf(java.io.IOException.class);
            }
            t.set("buffer_size_kb", "64"); // unmapped on close: allowed again
        }
    }

    @ParameterizedTest
    @EnumSource(value = ReadMode.class, names = {"MMAP", "READ"})
    void shouldHandOutFullSubBuffersInPlaceAndThePartialLastOneAsACopy(ReadMode mode) throws Exception {
        TestInstance.require(mode);
        int count = 500;
        try (TestInstance t = TestInstance.create("subbufs-" + mode)) {
            t.set("buffer_size_kb", "512");
            t.set("tracing_on", "1");
            t.writeMarkers(0, "trace_marker", "s", 0, count);
            t.set("tracing_on", "0");
            try (CpuBufferReader reader = CpuBufferReader.openFile(
                    t.dir.resolve("per_cpu/cpu0/trace_pipe_raw"), mode)) {
                assertThat(reader.mode()).isEqualTo(mode);
                PageDecoder decoder = new PageDecoder(reader.header());
                EventRecord record = new EventRecord();
                int events = 0;
                int subBuffers = 0;
                int mapped = 0;
                boolean lastMapped = true;
                for (SubBuffer sub = reader.nextSubBuffer(); sub != null; sub = reader.nextSubBuffer()) {
                    assertThat(sub.segment().byteSize()).isEqualTo(reader.header().subBufferSize());
                    assertThat(sub.sequence()).isEqualTo(subBuffers);
                    assertThat(sub.cpu()).isZero();
                    assertThat(sub.lostEvents()).isZero();
                    decoder.reset(sub.segment(), reader.path(), 0);
                    while (decoder.next(record)) {
                        events++;
                    }
                    assertThat(decoder.dataLength()).isEqualTo(sub.dataLength());
                    subBuffers++;
                    mapped += sub.isMapped() ? 1 : 0;
                    lastMapped = sub.isMapped();
                }
                assertThat(events).isEqualTo(count);
                assertThat(subBuffers).isGreaterThan(3);
                if (mode == ReadMode.MMAP) {
                    assertThat(mapped).isEqualTo(subBuffers - 1);
                    assertThat(lastMapped).as("the writer's last sub-buffer is cut, not mapped").isFalse();
                } else {
                    assertThat(mapped).isZero();
                }
                assertThat(reader.nextSubBuffer()).isNull();
                assertThat(reader.stats()).isEqualTo(t.stats(0));
                assertThat(reader.stats().readEvents()).isEqualTo(count);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = ReadMode.class, names = {"MMAP", "READ"})
    void shouldWakeABlockedWaitWhenAnotherThreadClosesTheReader(ReadMode mode) throws Exception {
        TestInstance.require(mode);
        try (TestInstance t = TestInstance.create("close-" + mode)) {
            CpuBufferReader reader = CpuBufferReader.open(t.dir, 0, mode);
            AtomicReference<Object> result = new AtomicReference<>();
            Thread waiter = new Thread(() -> {
                try {
                    result.set(reader.await(Duration.ofSeconds(60)));
                } catch (Throwable e) {
                    result.set(e);
                }
            });
            waiter.start();
            Thread.sleep(300);
            assertThat(waiter.getState()).isEqualTo(Thread.State.RUNNABLE); // blocked in poll(), a native call
            long start = System.nanoTime();
            reader.close();
            waiter.join(5000);
            assertThat(waiter.isAlive()).isFalse();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));
            assertThat(result.get()).isEqualTo(Boolean.FALSE);
            assertThat(reader.isClosed()).isTrue();
            reader.close(); // idempotent
            assertThatThrownBy(reader::nextSubBuffer).isInstanceOf(ResourceClosedException.class)
                    .hasMessage("ring-buffer reader of " + t.dir.resolve("per_cpu/cpu0/trace_pipe_raw") + " is closed");
            assertThat(reader.await(Duration.ofSeconds(10))).isFalse();
        }
    }

    @ParameterizedTest
    @EnumSource(value = ReadMode.class, names = {"MMAP", "READ"})
    void shouldWakeABlockedWaitOnRequestWithoutClosing(ReadMode mode) throws Exception {
        TestInstance.require(mode);
        try (TestInstance t = TestInstance.create("wakeup-" + mode);
                CpuBufferReader reader = CpuBufferReader.open(t.dir, 0, mode)) {
            AtomicReference<Object> result = new AtomicReference<>();
            Thread waiter = new Thread(() -> result.set(reader.await(Duration.ofSeconds(60))));
            waiter.start();
            Thread.sleep(200);
            reader.wakeup();
            waiter.join(5000);
            assertThat(waiter.isAlive()).isFalse();
            assertThat(result.get()).isEqualTo(Boolean.FALSE);
            assertThat(reader.isClosed()).isFalse();
            reader.wakeup(); // with nobody waiting: the next wait returns at once
            assertThat(reader.await(Duration.ofSeconds(60))).isFalse();
            assertThat(reader.await(Duration.ZERO)).isFalse();
        }
    }

    @ParameterizedTest
    @EnumSource(value = ReadMode.class, names = {"MMAP", "READ"})
    void shouldWaitUntilTheBufferPercentIsReachedButDrainOnTimeout(ReadMode mode) throws Exception {
        TestInstance.require(mode);
        try (TestInstance t = TestInstance.create("percent-" + mode)) {
            t.set("buffer_size_kb", "64");
            t.set("tracing_on", "1");
            t.set("buffer_percent", "0");
            try (CpuBufferReader reader = CpuBufferReader.open(t.dir, 0, mode)) {
                assertThat(reader.await(Duration.ZERO)).isFalse();
                t.writeMarkers(0, "trace_marker", "p", 0, 1);
                assertThat(reader.await(Duration.ofSeconds(10))).as("buffer_percent 0: any event").isTrue();
                assertThat(reader.nextSubBuffer()).isNotNull();
                assertThat(reader.nextSubBuffer()).isNull();

                t.set("buffer_percent", "100");
                t.writeMarkers(0, "trace_marker", "p", 1, 1);
                long start = System.nanoTime();
                assertThat(reader.await(Duration.ofMillis(300))).as("buffer_percent 100: not full").isFalse();
                assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(290));
                SubBuffer sub = reader.nextSubBuffer();
                assertThat(sub).isNotNull();
                assertThat(sub.dataLength()).isPositive();
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = ReadMode.class, names = {"MMAP", "READ"})
    void shouldReportTheOverrunOfTheMetaPageOrTheStatsAndTheLossOfEverySubBuffer(ReadMode mode) throws Exception {
        TestInstance.require(mode);
        try (TestInstance t = TestInstance.create("overrun-" + mode)) {
            t.set("buffer_size_kb", "8");
            t.set("tracing_on", "1");
            t.writeMarkers(0, "trace_marker_raw", "o", 0, 1500);
            t.set("tracing_on", "0");
            CpuBufferStats stats = t.stats(0);
            try (CpuBufferReader reader = CpuBufferReader.open(t.dir, 0, mode)) {
                long lost = 0;
                for (SubBuffer sub = reader.nextSubBuffer(); sub != null; sub = reader.nextSubBuffer()) {
                    lost += sub.lostEvents();
                }
                assertThat(reader.overrun()).isEqualTo(stats.overrun()).isPositive();
                assertThat(reader.lostEvents()).isEqualTo(lost).isEqualTo(stats.overrun());
            }
        }
    }

    @Test
    void shouldRejectPathsThatAreNotACpuBufferAndNameAMissingCpu() throws Exception {
        try (TestInstance t = TestInstance.create("paths")) {
            assertThatThrownBy(() -> CpuBufferReader.openFile(t.dir.resolve("trace_pipe"), ReadMode.READ))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage(t.dir.resolve("trace_pipe") + " is not a per_cpu/cpuN/trace_pipe_raw file");
            assertThatThrownBy(() -> CpuBufferReader.open(t.dir, 4095, ReadMode.AUTO))
                    .isInstanceOfSatisfying(KernelCallException.class, e -> {
                        assertThat(e.errno()).isEqualTo(Errno.ENOENT);
                        assertThat(e.path()).isEqualTo(t.dir.resolve("per_cpu/cpu4095/trace_pipe_raw").toString());
                    });
        }
    }
}
