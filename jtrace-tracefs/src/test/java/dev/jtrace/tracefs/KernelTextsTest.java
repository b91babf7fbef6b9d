package dev.jtrace.tracefs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jtrace.core.MalformedDataException;
import org.junit.jupiter.api.Test;

/** The small kernel texts jtrace parses: per-CPU stats and buffer sizes, from captured files. */
class KernelTextsTest {

    @Test
    void shouldParseEveryCounterOfAStatsFile() {
        CpuStats stats = CpuStats.parse(0, Fixtures.text("stats_cpu0"), "stats_cpu0");
        assertThat(stats.cpu()).isZero();
        assertThat(stats.entries()).isEqualTo(10);
        assertThat(stats.overrun()).isZero();
        assertThat(stats.commitOverrun()).isZero();
        assertThat(stats.bytes()).isEqualTo(336);
        assertThat(stats.oldestEventTs()).matches("[0-9]+\\.[0-9]{6}");
        assertThat(stats.nowTs()).matches("[0-9]+\\.[0-9]{6}").isNotEqualTo(stats.oldestEventTs());
        assertThat(stats.dropped()).isZero();
        assertThat(stats.read()).isZero();
    }

    @Test
    void shouldNameTheMissingOrBrokenCounter() {
        String text = Fixtures.text("stats_cpu0");
        assertThatThrownBy(() -> CpuStats.parse(0, text.replace("bytes: 336", "bytes: lots"), "s"))
                .isInstanceOf(MalformedDataException.class).hasMessageContaining("'bytes' is not a number: lots");
        assertThatThrownBy(() -> CpuStats.parse(0, text.replace("dropped events:", "dropped:"), "s"))
                .isInstanceOf(MalformedDataException.class).hasMessageContaining("no 'dropped events:' line");
    }

    @Test
    void shouldParseBufferSizesInAllThreeForms() {
        assertThat(BufferSettings.parseSize(Fixtures.text("toplevel_buffer_size_kb"), "f")).isEqualTo(1410);
        assertThat(BufferSettings.parseSize(Fixtures.text("mixed_buffer_size_kb"), "f")).isEqualTo(-1);
        // Before first use the top level shows its minimal size and what it will expand to.
        assertThat(BufferSettings.parseSize("7 (expanded: 1408)\n", "f")).isEqualTo(1408);
        assertThatThrownBy(() -> BufferSettings.parseSize("big", "buffer_size_kb"))
                .isInstanceOf(MalformedDataException.class).hasMessageContaining("buffer_size_kb");
    }
}
