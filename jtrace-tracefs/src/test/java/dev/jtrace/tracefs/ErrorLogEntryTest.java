package dev.jtrace.tracefs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jtrace.tracefs.internal.Control;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Parsing the kernel's error_log and attributing an entry to the command that caused it. */
class ErrorLogEntryTest {

    @Test
    void shouldParseEveryEntryOfAnInstanceLogWithItsCaretPosition() {
        List<ErrorLogEntry> entries = ErrorLogEntry.parseAll(Fixtures.text("instance_error_log"));
        assertThat(entries).extracting(ErrorLogEntry::command).containsExactly("prev_pid == abc", "prev_pid = 1",
                "prev_pid == 1 && (next_pid == 2", "nosuchfield == 1");
        assertThat(entries).extracting(ErrorLogEntry::position).containsExactly(13, 10, 17, 12);
        assertThat(entries).extracting(ErrorLogEntry::location).containsOnly("event filter parse error");
        assertThat(entries).extracting(ErrorLogEntry::message).containsExactly(
                "error: Invalid value (did you forget quotes)?", "error: Invalid operator", "error: Too many '('",
                "error: Field not found");
        assertThat(entries.getFirst().timestamp()).matches("[0-9]+\\.[0-9]{6}");
        assertThat(entries.get(1).toString()).isEqualTo(
                "event filter parse error: error: Invalid operator (command 'prev_pid = 1', at position 10)");
    }

    @Test
    void shouldParseUprobeEntriesOfTheTopLevelLog() {
        List<ErrorLogEntry> entries = ErrorLogEntry.parseAll(Fixtures.text("toplevel_error_log"));
        assertThat(entries).hasSize(3);
        ErrorLogEntry reg = entries.getFirst();
        assertThat(reg.location()).isEqualTo("trace_uprobe");
        assertThat(reg.message()).isEqualTo("error: Invalid register name");
        assertThat(reg.command()).matches("p:jtrace_capture_[0-9]+/x /bin/true:0x100 foo=%nosuchreg");
        assertThat(reg.position()).isEqualTo(reg.command().indexOf("%nosuchreg"));
        assertThat(entries.get(1).position()).isEqualTo(entries.get(1).command().indexOf("/nonexistent"));
        assertThat(entries.get(2).message()).isEqualTo("error: Event name must follow the same rules as C identifiers");
    }

    @Test
    void shouldAttributeOnlyANewEntryNamingTheWrittenCommand() {
        List<ErrorLogEntry> all = ErrorLogEntry.parseAll(Fixtures.text("instance_error_log"));
        List<ErrorLogEntry> before = all.subList(0, 2);
        // The same command refused earlier is not the explanation of this write.
        assertThat(Control.newEntryAbout(before, all, "prev_pid == abc")).isNull();
        assertThat(Control.newEntryAbout(before, all, "nosuchfield == 1")).isEqualTo(all.get(3));
        assertThat(Control.newEntryAbout(before, all, "  nosuchfield   ==  1 ")).isEqualTo(all.get(3));
        assertThat(Control.newEntryAbout(before, all, "something else")).isNull();
        assertThat(Control.newEntryAbout(all, all, "nosuchfield == 1")).isNull();
        // A trigger's refused filter is logged on its own.
        assertThat(Control.newEntryAbout(before, all, "stacktrace:5 if nosuchfield == 1")).isEqualTo(all.get(3));
        assertThat(Control.newEntryAbout(before, all, "traceoff if nosuchfield == 2")).isNull();
        assertThat(Control.newEntryAbout(before, all, "nosuchfield == 1 if x")).isNull();
    }

    @Test
    void shouldSkipLinesThatAreNotEntriesInsteadOfFailing() {
        assertThat(ErrorLogEntry.parseAll("")).isEmpty();
        assertThat(ErrorLogEntry.parseAll("garbage\n[ no close\n")).isEmpty();
        List<ErrorLogEntry> one = ErrorLogEntry.parseAll("[ 1.000000] loc: msg\n");
        assertThat(one).containsExactly(new ErrorLogEntry("1.000000", "loc", "msg", "", -1));
        assertThat(one.getFirst().toString()).isEqualTo("loc: msg");
    }
}
