package dev.jtrace.traceevent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jtrace.traceevent.printfmt.Conversion;
import dev.jtrace.traceevent.printfmt.PrintFmt;
import dev.jtrace.traceevent.printfmt.Segment;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Splitting format strings into text and conversions the way lib/vsprintf.c reads them. */
class PrintFmtSegmentsTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        // text        | flags | width | precision | length | conv | pointerExt
        "%d            |       | -1    | -1        |        | d    | ",
        "%-08llx       | -0    | 8     | -1        | ll     | x    | ",
        "%*.*s         |       | -2    | -2        |        | s    | ",
        "%.3s          |       | -1    | 3         |        | s    | ",
        "%5.d          |       | 5     | 0         |        | d    | ",
        "%hhu          |       | -1    | -1        | hh     | u    | ",
        "%zu           |       | -1    | -1        | z      | u    | ",
        "%#lx          | #     | -1    | -1        | l      | x    | ",
        "%+ d          | '+ '  | -1    | -1        |        | d    | ",
        "%010llu       | 0     | 10    | -1        | ll     | u    | ",
        "%c            |       | -1    | -1        |        | c    | ",
        "%pS           |       | -1    | -1        |        | p    | S",
        "%ps           |       | -1    | -1        |        | p    | s",
        "%pISpc        |       | -1    | -1        |        | p    | ISpc",
        "%pI6c         |       | -1    | -1        |        | p    | I6c",
        "%pM           |       | -1    | -1        |        | p    | M",
        "%pU           |       | -1    | -1        |        | p    | U",
        "%*phD         |       | -2    | -1        |        | p    | hD",
        "%p            |       | -1    | -1        |        | p    | ",
    })
    void shouldDecodeOneConversionSpecification(String text, String flags, int width, int precision, String length,
            char conversion, String pointerExt) {
        List<Segment> segments = PrintFmt.segmentsOf(text);
        assertThat(segments).containsExactly(new Conversion(orEmpty(flags), width, precision, orEmpty(length),
                conversion, orEmpty(pointerExt), text));
    }

    @Test
    void shouldSplitTextAndConversionsAndTurnDoublePercentIntoText() {
        assertThat(PrintFmt.segmentsOf("pid=%d 100%% [%03u]%s")).containsExactly(
                new Segment.Text("pid="),
                new Conversion("", -1, -1, "", 'd', "", "%d"),
                new Segment.Text(" 100% ["),
                new Conversion("0", 3, -1, "", 'u', "", "%03u"),
                new Segment.Text("]"),
                new Conversion("", -1, -1, "", 's', "", "%s"));
    }

    @Test
    void shouldEndThePointerExtensionAtTheFirstNonAlphanumeric() {
        assertThat(PrintFmt.segmentsOf("%pS: %s")).containsExactly(
                new Conversion("", -1, -1, "", 'p', "S", "%pS"),
                new Segment.Text(": "),
                new Conversion("", -1, -1, "", 's', "", "%s"));
    }

    @Test
    void shouldKeepASpecificationCutOffByTheEndAsText() {
        assertThat(PrintFmt.segmentsOf("100%")).containsExactly(new Segment.Text("100%"));
        assertThat(PrintFmt.segmentsOf("x %-08l")).containsExactly(new Segment.Text("x %-08l"));
        assertThat(PrintFmt.segmentsOf("")).isEmpty();
    }

    @Test
    void shouldCountTheArgumentsConversionsConsume() {
        PrintFmt fmt = PrintFmt.parse("\"%*.*s %d %%\", 1, 2, REC->s, 3", "t");
        assertThat(fmt.conversionCount()).isEqualTo(2);
        assertThat(fmt.segments()).filteredOn(Conversion.class::isInstance)
                .extracting(s -> ((Conversion) s).argumentCount()).containsExactly(3, 1);
        Conversion c = (Conversion) fmt.segments().getFirst();
        assertThat(c.hasFlag('-')).isFalse();
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }
}
