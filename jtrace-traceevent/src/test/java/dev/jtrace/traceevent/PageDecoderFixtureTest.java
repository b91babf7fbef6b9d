package dev.jtrace.traceevent;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The decoder on sub-buffers captured from a real kernel (src/test/resources/pages/README.md): every
 * written record found once with its bytes, counts equal to the kernel's stats, timestamps equal
 * to the kernel's trace text. Runs without a kernel.
 */
class PageDecoderFixtureTest {
    @Test
    void shouldDecodeCapturedFourKibPagesLikeTheKernelPrintedThem() throws Exception {
        PageDataSet set = PageDataSet.resource("subbuf4k");

        PageDataSet.Summary summary = set.check(true);

        assertThat(set.layout.subBufferSize()).isEqualTo(4096);
        assertThat(summary.records()).isEqualTo(202);
        assertThat(summary.timeExtends()).as("records after a time extend").isPositive();
    }

    @Test
    void shouldDecodeCapturedEightKibPagesLikeTheKernelPrintedThem() throws Exception {
        PageDataSet set = PageDataSet.resource("subbuf8k");

        PageDataSet.Summary summary = set.check(true);

        assertThat(set.layout.subBufferSize()).isEqualTo(8192);
        assertThat(summary.records()).isEqualTo(202);
        assertThat(summary.timeExtends()).isPositive();
    }

    @Test
    void shouldCountTheEventsAnOverwrittenBufferLost() throws Exception {
        PageDataSet set = PageDataSet.resource("overwritten");

        PageDataSet.Summary summary = set.check(false);

        long overrun = set.stats.values().stream().mapToLong(s -> s[1]).sum();
        assertThat(overrun).isPositive();
        assertThat(summary.pagesWithMissedEvents()).isPositive();
        assertThat(summary.missedCounted()).isEqualTo(overrun);
        assertThat(summary.records() + summary.missedCounted()).isEqualTo(set.written.size());
    }
}
