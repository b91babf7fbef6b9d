package dev.jtrace.traceevent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.jtrace.core.MalformedDataException;
import dev.jtrace.traceevent.printfmt.PrintFmt;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Seeded random mutations of the captured format files: each parses to an {@link EventFormat} or
 * fails with a {@link MalformedDataException} whose offset lies inside the input; nothing else
 * escapes and nothing hangs. The seed is fixed so a failure reproduces; the input is in the message.
 */
class FormatFuzzTest {
    private static final int ITERATIONS = 5_000;
    /** Generous: a hang guard, not a speed target (the run takes well under a second). */
    private static final Duration HANG_GUARD = Duration.ofSeconds(60);
    private static final String ALPHABET = "field:offsetsizesigned;\t\n 0123456789[]()\"'\\%{},.-><?:*&|!~REC_x";

    private static final List<String> SEEDS = FormatFixtures.all().stream()
            .map(FormatFuzzTest::read)
            .filter(t -> t.length() < 8_000) // the huge gfp-flag print fmts add time, not coverage
            .toList();

    @Test
    void shouldParseOrRejectCleanlyEveryMutatedFormatFile() {
        SplittableRandom random = new SplittableRandom(0x666F726D6174L);
        assertTimeoutPreemptively(HANG_GUARD, () -> {
            int parsed = 0;
            for (int i = 0; i < ITERATIONS; i++) {
                String input = mutate(random, SEEDS.get(random.nextInt(SEEDS.size())));
                try {
                    EventFormat f = FormatParser.parse("fuzz", input, "fuzz");
                    assertThat(f.printFmt()).isNotNull();
                    assertThat(f.printFmt().segments()).isNotNull();
                    parsed++;
                } catch (MalformedDataException e) {
                    assertThat(e.offset()).as("offset for %s", quoted(input)).isBetween(0L, (long) input.length());
                } catch (RuntimeException | StackOverflowError e) {
                    throw new AssertionError("unexpected " + e + " for " + quoted(input), e);
                }
            }
            // Some mutations land in the print fmt or whitespace and must still parse.
            assertThat(parsed).isGreaterThan(ITERATIONS / 20);
        });
    }

    @Test
    void shouldParseOrRejectCleanlyEveryMutatedPrintFmt() {
        SplittableRandom random = new SplittableRandom(0x7072696E74L);
        List<String> printFmts = SEEDS.stream().map(t -> t.substring(t.indexOf("print fmt: ") + 11).strip()).toList();
        assertTimeoutPreemptively(HANG_GUARD, () -> {
            for (int i = 0; i < ITERATIONS * 3; i++) {
                String input = mutate(random, printFmts.get(random.nextInt(printFmts.size())));
                try {
                    PrintFmt fmt = PrintFmt.parse(input, "fuzz");
                    assertThat(fmt.args()).isNotNull();
                } catch (MalformedDataException e) {
                    assertThat(e.offset()).as("offset for %s", quoted(input)).isBetween(0L, (long) input.length());
                } catch (RuntimeException | StackOverflowError e) {
                    throw new AssertionError("unexpected " + e + " for " + quoted(input), e);
                }
            }
        });
    }

    @Test
    void shouldSegmentAnyStringWithoutFailing() {
        SplittableRandom random = new SplittableRandom(0x7365676DL);
        for (int i = 0; i < ITERATIONS; i++) {
            StringBuilder sb = new StringBuilder();
            int length = random.nextInt(16);
            for (int k = 0; k < length; k++) {
                sb.append("%-+ #0123.*hlLzZtjdpsSIx4M"
                        .charAt(random.nextInt(26)));
            }
            String input = sb.toString();
            assertThatCode(() -> PrintFmt.segmentsOf(input)).as(quoted(input)).doesNotThrowAnyException();
        }
    }

    private static String mutate(SplittableRandom random, String seed) {
        StringBuilder sb = new StringBuilder(seed);
        int edits = 1 + random.nextInt(4);
        for (int e = 0; e < edits; e++) {
            int pos = sb.isEmpty() ? 0 : random.nextInt(sb.length() + 1);
            switch (random.nextInt(6)) {
                case 0 -> sb.insert(pos, ALPHABET.charAt(random.nextInt(ALPHABET.length())));
                case 1 -> {
                    if (pos < sb.length()) {
                        sb.deleteCharAt(pos);
                    }
                }
                case 2 -> {
                    if (pos < sb.length()) {
                        sb.setCharAt(pos, ALPHABET.charAt(random.nextInt(ALPHABET.length())));
                    }
                }
                case 3 -> sb.setLength(pos); // truncation
                case 4 -> {
                    int end = Math.min(sb.length(), pos + random.nextInt(40));
                    sb.delete(pos, end);
                }
                default -> {
                    int end = Math.min(sb.length(), pos + random.nextInt(40));
                    sb.insert(random.nextInt(sb.length() + 1), sb.substring(pos, end));
                }
            }
        }
        return sb.toString();
    }

    private static String read(Path p) {
        String system = p.getParent().getParent().getFileName().toString();
        return FormatFixtures.text(system, p.getParent().getFileName().toString());
    }

    private static String quoted(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\n", "\\n").replace("\t", "\\t") + "\"";
    }
}
