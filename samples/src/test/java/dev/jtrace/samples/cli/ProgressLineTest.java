package dev.jtrace.samples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ProgressLineTest {
    private static final long SECOND = 1_000_000_000L;
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

    /** Offers a report at each time (in ms), as the record loop does, and shows those that are due. */
    private String run(boolean terminal, long... millis) {
        ProgressLine line = new ProgressLine(new PrintStream(bytes, true, StandardCharsets.UTF_8), terminal);
        for (int i = 0; i < millis.length; i++) {
            long now = 7 * SECOND + millis[i] * 1_000_000L;
            boolean last = i == millis.length - 1;
            if (last || line.due(now)) {
                line.show("at " + millis[i], last, now);
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void shouldRedrawOneLineInPlaceTwiceASecondOnATerminal() {
        assertThat(run(true, 0, 100, 499, 500, 900, 1000, 1200))
                .isEqualTo("\rat 0\rat 500\rat 1000\rat 1200\n");
    }

    @Test
    void shouldWritePlainLinesEveryFewSecondsElsewhere() {
        assertThat(run(false, 0, 500, 1000, 4999, 5000, 9000, 10_000, 10_100))
                .isEqualTo("at 0\nat 5000\nat 10000\nat 10100\n".replace("\n", System.lineSeparator()));
    }

    @Test
    void shouldSeeThatTheTestRunnersStderrIsNoTerminal() {
        assertThat(ProgressLine.stderrIsTerminal()).isFalse(); // surefire's stderr is a pipe
    }
}
