package dev.jtrace.samples.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jtrace.samples.cli.TraceArgs.EventSelection;
import dev.jtrace.samples.cli.TraceArgs.UsageException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TraceArgsTest {

    @Test
    void shouldParseRepeatedEventsOutputDurationAndACommandAfterTheDoubleDash() throws Exception {
        TraceArgs o = TraceArgs.parse(new String[] {"-e", "sched:sched_switch:prev_pid > 1 && next_pid != 0",
            "-e", "irq", "-o", "out.dat", "-d", "2.5", "-b", "1024", "-C", "mono", "--", "ls", "-e", "--"}, "eodbC");
        assertThat(o.events()).containsExactly(
                new EventSelection("sched", "sched_switch", "prev_pid > 1 && next_pid != 0"),
                new EventSelection(null, "irq", null));
        assertThat(o.events().get(1).spec()).isEqualTo("irq");
        assertThat(o.events().get(0).spec()).isEqualTo("sched:sched_switch");
        assertThat(o.output()).isEqualTo("out.dat");
        assertThat(o.seconds()).isEqualTo(2.5);
        assertThat(o.bufferKb()).isEqualTo(1024);
        assertThat(o.clock()).isEqualTo("mono");
        assertThat(o.command()).containsExactly("ls", "-e", "--");
        assertThat(o.help()).isFalse();
    }

    @Test
    void shouldKeepAFilterThatItselfContainsColons() throws Exception {
        assertThat(TraceArgs.selection("syscalls:sys_enter_openat:filename ~ \"/tmp/a:b\"").filter())
                .isEqualTo("filename ~ \"/tmp/a:b\"");
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            -x                | unknown option '-x'
            -o                | option -o needs a value
            -d;0              | option -d needs a positive number, not '0'
            -d;NaN            | option -d needs a positive number, not 'NaN'
            -e;:x             | option -e: ':x' is not SYSTEM:EVENT[:FILTER]
            -e;sched:         | option -e: 'sched:' is not SYSTEM:EVENT[:FILTER]
            --                | '--' must be followed by a command
            -C;mono           | unknown option '-C'
            """)
    void shouldRejectABadCommandLineWithOneClearLine(String args, String message) {
        assertThatThrownBy(() -> TraceArgs.parse(args.split(";"), "eod"))
                .isInstanceOf(UsageException.class).hasMessage(message);
    }

    @Test
    void shouldReportHelpAndDefaults() throws Exception {
        TraceArgs o = TraceArgs.parse(new String[] {"--help"}, "e");
        assertThat(o.help()).isTrue();
        assertThat(o.events()).isEmpty();
        assertThat(o.command()).isEqualTo(List.of());
        assertThat(o.seconds()).isZero();
        assertThat(o.output()).isNull();
    }
}
