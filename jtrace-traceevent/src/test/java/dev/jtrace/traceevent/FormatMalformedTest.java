package dev.jtrace.traceevent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jtrace.core.MalformedDataException;
import dev.jtrace.traceevent.printfmt.Expr;
import dev.jtrace.traceevent.printfmt.PrintFmt;
import org.junit.jupiter.api.Test;

/** Damaged format text: each problem is reported with the source, the exact offset and what is wrong. */
class FormatMalformedTest {
    private static final String SOURCE = "events/sched/sched_switch/format";
    private static final String GOOD = FormatFixtures.text("sched", "sched_switch");

    @Test
    void shouldReportAMissingIdLineWhereTheFormatLineStands() {
        String text = GOOD.replaceFirst("ID: \\d+\n", "");
        assertFails(text, text.indexOf("format:"), "expected 'ID:' line (the event's ID) but found 'format:'");
    }

    @Test
    void shouldReportABadIdNumberAtTheNumber() {
        String text = GOOD.replaceFirst("ID: \\d+", "ID: 37a");
        assertFails(text, text.indexOf("37a"), "bad ID '37a': expected a non-negative decimal number");
    }

    @Test
    void shouldReportABadOffsetNumberAtTheNumber() {
        String text = GOOD.replace("offset:24;", "offset:2x4;");
        assertFails(text, text.indexOf("2x4"), "bad offset '2x4': expected a non-negative decimal number");
    }

    @Test
    void shouldReportANegativeSize() {
        String text = GOOD.replace("offset:24;\tsize:4;", "offset:24;\tsize:-4;");
        assertFails(text, text.indexOf("-4;"), "bad size '-4': expected a non-negative decimal number");
    }

    @Test
    void shouldReportAFieldLineTruncatedInsideAnAttribute() {
        String text = GOOD.substring(0, GOOD.indexOf("size:4;\tsigned:1;\n\tfield:int prev_prio") + 2);
        assertFails(text, text.length() - 2, "truncated field line: expected 'key:value;' but found 'si'");
    }

    @Test
    void shouldReportAFieldLineTruncatedInsideTheDeclaration() {
        int line = GOOD.indexOf("field:pid_t prev_pid");
        String text = GOOD.substring(0, line + "field:pid_t prev".length());
        assertFails(text, line, "truncated field line: no ';' after the declaration");
    }

    @Test
    void shouldReportAFieldWithoutSizeOrName() {
        String noSize = GOOD.replace("\tsize:4;\tsigned:1;\n\tfield:int prev_prio", "\tsigned:1;\n\tfield:int prev_prio");
        assertFails(noSize, noSize.indexOf("field:pid_t prev_pid"), "field line has no size");
        String noName = GOOD.replace("field:pid_t prev_pid;", "field:pid_t *;");
        assertFails(noName, noName.indexOf("*;"), "field declaration has no name");
        String noType = GOOD.replace("field:pid_t prev_pid;", "field:prev_pid;");
        assertFails(noType, noType.indexOf("field:prev_pid;") + 6, "field 'prev_pid' has no type");
    }

    @Test
    void shouldReportADuplicateField() {
        String text = GOOD.replace("field:int prev_prio;", "field:int prev_pid;");
        assertFails(text, text.indexOf("field:int prev_pid;"), "duplicate field 'prev_pid'");
    }

    @Test
    void shouldReportAMissingPrintFmtLineAtTheEnd() {
        String text = GOOD.substring(0, GOOD.indexOf("print fmt:"));
        assertFails(text, text.length(), "missing 'print fmt:' line");
    }

    @Test
    void shouldReportAStrayLineAmongTheFields() {
        String text = GOOD.replace("\n\n\tfield:char prev_comm", "\nhello\n\tfield:char prev_comm");
        assertFails(text, text.indexOf("hello"), "expected a field line or 'print fmt:' but found 'hello'");
    }

    @Test
    void shouldReportGarbageAndEmptyText() {
        assertFails("hello world\n", 0, "expected 'name:' line (the event's name) but found 'hello world'");
        assertFails("", 0, "missing 'name:' line (the event's name)");
        assertFails("name: x y\n", 6, "bad event name 'x y'");
        assertFails("name: x\nID: 1\n", 14, "missing 'format:' line (the event's format)");
    }

    @Test
    void shouldKeepTheFieldsOfAnEventWhosePrintFmtHasAnUnterminatedString() {
        String text = GOOD.substring(0, GOOD.indexOf("print fmt: ")) + "print fmt: \"prev=%s, REC->prev_comm\n";
        EventFormat f = FormatParser.parse("sched", text, SOURCE);
        int quote = text.indexOf("print fmt: ") + 11;
        assertThat(f.fields()).hasSize(7);
        assertThat(f.printFmtError()).isEqualTo(SOURCE + " at byte " + quote + ": unterminated string literal");
        assertThat(f.printFmt().format()).isEmpty();
        assertThat(f.printFmt().args()).containsExactly(new Expr.Raw("\"prev=%s, REC->prev_comm"));
    }

    @Test
    void shouldKeepTheFormatStringWhenOnlyAnArgumentIsBroken() {
        String text = GOOD.substring(0, GOOD.indexOf("print fmt: ")) + "print fmt: \"pid=%d\", REC->prev_pid +\n";
        EventFormat f = FormatParser.parse("sched", text, SOURCE);
        assertThat(f.printFmtError()).isEqualTo(SOURCE + " at byte " + (text.length() - 1)
                + ": expected an expression but found the end of the print fmt");
        assertThat(f.printFmt().format()).isEqualTo("pid=%d");
    }

    @Test
    void shouldReportPrintFmtSyntaxErrorsWithExactOffsets() {
        assertPrintFmtFails("REC->x", 0, "print fmt does not start with a string literal");
        assertPrintFmtFails("\"%d\" REC->x", 5, "expected ',' or end of print fmt but found 'REC'");
        assertPrintFmtFails("\"%d\", (REC->x", 13, "expected ')' but found the end of the print fmt");
        assertPrintFmtFails("\"%d\", f(1, 2", 12, "expected ')' but found the end of the print fmt");
        assertPrintFmtFails("\"%d\", a ? b", 11, "expected ':' but found the end of the print fmt");
        assertPrintFmtFails("\"%d\", REC->", 11, "expected a member name after '->' but found the end of the print fmt");
        assertPrintFmtFails("\"%d\", x @ y", 8, "unexpected character '@'");
        assertPrintFmtFails("\"%d\", 08", 6, "malformed number '08'");
        assertPrintFmtFails("\"%d\", 0x", 6, "hex constant without digits");
        assertPrintFmtFails("\"%d\", 'ab'", 6, "unterminated character constant");
        assertPrintFmtFails("\"%d\", ''", 6, "empty character constant");
        assertPrintFmtFails("\"%d\", \"\\x\"", 7, "\\x used with no following hex digits");
        assertPrintFmtFails("\"%d\", ({ x; )", 6, "unterminated statement expression");
        assertPrintFmtFails("\"%d\", ({ x; }}", 13, "statement expression ends with '}' instead of ')'");
    }

    @Test
    void shouldRefuseExpressionsNestedTooDeeplyInsteadOfOverflowingTheStack() {
        String deep = "\"%d\", " + "(".repeat(10_000) + "1" + ")".repeat(10_000);
        assertThatThrownBy(() -> PrintFmt.parse(deep, "t"))
                .isInstanceOfSatisfying(MalformedDataException.class,
                        e -> assertThat(e.detail()).isEqualTo("expression nested more than 200 levels deep"));
        String unary = "\"%d\", " + "-".repeat(10_000) + "1";
        assertThatThrownBy(() -> PrintFmt.parse(unary, "t")).isInstanceOf(MalformedDataException.class);
    }

    private static void assertPrintFmtFails(String text, long offset, String detail) {
        assertThatThrownBy(() -> PrintFmt.parse(text, "fmt"))
                .as(text)
                .isInstanceOfSatisfying(MalformedDataException.class, e -> {
                    assertThat(e.detail()).isEqualTo(detail);
                    assertThat(e.offset()).isEqualTo(offset);
                    assertThat(e.source()).isEqualTo("fmt");
                });
    }

    private static void assertFails(String text, long offset, String detail) {
        assertThatThrownBy(() -> FormatParser.parse("sched", text, SOURCE))
                .isInstanceOfSatisfying(MalformedDataException.class, e -> {
                    assertThat(e.detail()).isEqualTo(detail);
                    assertThat(e.offset()).isEqualTo(offset);
                    assertThat(e.source()).isEqualTo(SOURCE);
                    assertThat(e.getMessage()).isEqualTo(SOURCE + " at byte " + offset + ": " + detail);
                });
    }
}
