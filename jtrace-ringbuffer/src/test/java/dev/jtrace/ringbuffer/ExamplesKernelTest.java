package dev.jtrace.ringbuffer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jtrace.core.CpuSet;
import dev.jtrace.core.KernelFacility;
import dev.jtrace.core.testing.RequiresKernel;
import dev.jtrace.traceevent.EventRecord;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The examples the javadoc of this module shows ({@code {@snippet class=ExamplesKernelTest
 * region=...}}, rendered with {@code --snippet-path src/test/java}): compiled with the tests and
 * run against the kernel, so they cannot rot.
 */
@RequiresKernel({KernelFacility.TRACEFS_WRITABLE, KernelFacility.PERF_EVENT_OPEN})
class ExamplesKernelTest {
    @TempDir
    Path tmp;

    @Test
    void copiesRawSubBuffersToAFile() throws Exception {
        try (TestInstance t = TestInstance.create("example-raw")) {
            t.set("tracing_on", "1");
            t.writeMarkers(0, "trace_marker", "x", 0, 300);
            t.set("tracing_on", "0");
            Path instance = t.dir;
            Path file = tmp.resolve("cpu0.raw");
            long lost = 0;
            // @start region="cpu-reader"
            try (CpuBufferReader reader = CpuBufferReader.open(instance, 0, ReadMode.AUTO);
                    FileChannel out = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
                for (SubBuffer sub = reader.nextSubBuffer(); sub != null; sub = reader.nextSubBuffer()) {
                    out.write(sub.segment().asByteBuffer()); // the raw page, as trace.dat stores it
                    lost += sub.lostEvents();                // events the kernel overwrote before it
                }
            }
            // @end
            assertThat(lost).isZero();
            assertThat(Files.size(file)).isPositive().isEqualTo(Files.size(file) / 4096 * 4096);
        }
    }

    @Test
    void iteratesAndStreamsDecodedRecords() throws Exception {
        try (TestInstance t = TestInstance.create("example-merged")) {
            t.set("tracing_on", "1");
            t.writeMarkersOnEveryCpu("x", 100);
            Path instance = t.dir;
            long[] perCpu = new long[CpuSet.possible().max() + 1];
            // @start region="merged-iterator"
            try (MergedBufferReader reader = MergedBufferReader.open(instance, ReadMode.AUTO)) {
                EventRecord record = new EventRecord();  // one reused view, valid until the next call
                while (reader.next(record)) {             // every record available now, by time stamp
                    perCpu[record.cpu()]++;
                }
            }
            // @end
            for (int cpu : TestInstance.onlineCpus()) {
                assertThat(perCpu[cpu]).as("records of cpu%d", cpu).isEqualTo(100L);
            }
            assertThat(java.util.Arrays.stream(perCpu).sum()).isEqualTo(100L * TestInstance.onlineCpus().length);

            t.set("buffer_percent", "0");
            // @start region="merged-run"
            MergedBufferReader reader = MergedBufferReader.open(instance, ReadMode.AUTO);
            LongAdder seen = new LongAdder();
            Thread consumer = Thread.ofPlatform().start(
                    () -> reader.run(record -> seen.increment(), Duration.ofMillis(200)));
            // ... tracing runs; later, from any thread:
            // @end
            t.writeMarkers(0, "trace_marker", "y", 0, 10);
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (seen.sum() < 10 && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            // @start region="merged-close"
            reader.close();   // wakes the consumer blocked in poll(); run() returns
            consumer.join();
            // @end
            assertThat(seen.sum()).isEqualTo(10);
        }
    }

    @Test
    void readsAPerfRing() throws Exception {
        long samples = 0;
        long lost;
        try (PerfTracepoint tp = PerfTracepoint.sysEnterIoctl(false)) {
            int perfFd = tp.fd.fd();
            // @start region="perf-ring"
            try (PerfRingReader ring = PerfRingReader.map(perfFd, 8, false)) {   // 1 + 8 pages
                fire(tp); // @replace regex="fire\(tp\);" replacement="// ... the event fires ..."
                PerfRecord record = new PerfRecord();
                while (ring.next(record)) {
                    if (record.type() == 9) {                                    // PERF_RECORD_SAMPLE
                        samples++;
                    }
                }
                lost = ring.lostRecords();  // from PERF_RECORD_LOST records
            }
            // @end
        }
        assertThat(samples).isEqualTo(21); // 20 hits and the disabling ioctl
        assertThat(lost).isZero();
    }

    private static void fire(PerfTracepoint tp) {
        tp.enable();
        PerfTracepoint.hit(0, 20);
        tp.disable();
    }
}
