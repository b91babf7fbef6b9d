package dev.jtrace.traceevent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jtrace.core.KernelFacility;
import dev.jtrace.core.testing.RequiresKernel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Decodes pages the running kernel just wrote, in a tracefs instance of the test's own, and checks
 * every record against what was written, the per-CPU stats and the kernel's {@code trace} text.
 */
@RequiresKernel(KernelFacility.TRACEFS_WRITABLE)
class PageDecoderKernelTest {
    private static final int MARKERS = 300;

    @TempDir
    Path temp;

    @Test
    void shouldDecodeEveryMarkerTheKernelWroteWithItsTraceTimestamp() throws Exception {
        decodeEveryMarker(0);
    }

    /**
     * Larger sub-buffers, where the kernel lets them be set (some refuse every write to
     * {@code buffer_subbuf_size_kb}; the captured 8 KiB fixture then still covers decoding them).
     */
    @ParameterizedTest(name = "sub-buffer {0} KiB")
    @ValueSource(ints = {8, 16})
    @RequiresKernel({KernelFacility.TRACEFS_WRITABLE, KernelFacility.SUB_BUFFER_RESIZE})
    void shouldDecodeEveryMarkerInSubBuffersLargerThanAPage(int subBufferKb) throws Exception {
        decodeEveryMarker(subBufferKb);
    }

    private void decodeEveryMarker(int subBufferKb) throws Exception {
        try (PageCapture capture = PageCapture.create("sb" + subBufferKb)) {
            if (subBufferKb > 0) {
                capture.set("buffer_subbuf_size_kb", Integer.toString(subBufferKb));
            }
            capture.set("tracing_on", "1");
            capture.writeMarkers(MARKERS, 42 + subBufferKb);
            capture.writePinnedPairWithPause("before-pause", "after-pause");
            capture.captureTo(temp);
            String kb = PageCapture.read(capture.instance().resolve("buffer_subbuf_size_kb")).strip();

            PageDataSet set = PageDataSet.load(temp);
            assertThat(set.layout.subBufferSize()).as("sub-buffer size from the instance's header_page")
                    .isEqualTo(Integer.parseInt(kb) * 1024);
            PageDataSet.Summary summary = set.check(true);
            assertThat(summary.records()).isEqualTo(MARKERS + 2);
            assertThat(summary.timeExtends()).as("records preceded by a time extend").isPositive();
        }
    }

    @Test
    void shouldReportTheEventsAnOverwrittenBufferLost() throws Exception {
        try (PageCapture capture = PageCapture.create("overwrite")) {
            capture.set("buffer_size_kb", "8");
            capture.set("tracing_on", "1");
            capture.writeMarkers(600, 7);
            capture.captureTo(temp);

            PageDataSet set = PageDataSet.load(temp);
            PageDataSet.Summary summary = set.check(false);
            long overrun = set.stats.values().stream().mapToLong(s -> s[1]).sum();
            assertThat(overrun).as("events the kernel overwrote").isPositive();
            assertThat(summary.pagesWithMissedEvents()).isPositive();
            assertThat(summary.records() + overrun).as("records read + overwritten = written")
                    .isEqualTo(set.written.size());
            if (summary.pagesWithUncountedMisses() == 0) {
                assertThat(summary.missedCounted()).as("stored missed counts vs stats overrun").isEqualTo(overrun);
            } else {
                // A page that ended full has the "missed" flag but no room for the count (-1): the
                // stored counts then cover only part of the overrun. Which pages end full depends on
                // how the markers fell on the CPUs, so both cases occur on a real kernel.
                assertThat(summary.missedCounted()).as("stored missed counts vs stats overrun").isLessThan(overrun);
            }
        }
    }

    @Test
    void shouldAcceptTheKernelsHeaderEventDescription() throws IOException {
        Path file = dev.jtrace.core.TracefsMount.find().orElseThrow().resolve("events/header_event");
        dev.jtrace.traceevent.internal.RecordHeader.checkHeaderEvent(PageCapture.read(file), file.toString());
    }
}
