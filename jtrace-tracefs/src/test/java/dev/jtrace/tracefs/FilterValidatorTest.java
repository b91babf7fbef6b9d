package dev.jtrace.tracefs;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jtrace.core.MalformedDataException;
import dev.jtrace.traceevent.EventFormat;
import dev.jtrace.tracefs.internal.FilterValidator;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The filter check against captured formats: what it refuses, where, and what it leaves to the kernel. */
class FilterValidatorTest {
    private static final EventFormat SWITCH = Fixtures.format("sched", "sched_switch");
    private static final EventFormat OPENAT = Fixtures.format("syscalls", "sys_enter_openat");

    @ParameterizedTest
    @ValueSource(strings = {"prev_pid == 1", "prev_pid==1&&next_pid!=2", "(prev_pid > 1 || next_prio <= 120) && !(prev_state & 1)",
        "prev_comm == \"bash\"", "prev_comm ~ \"*sh\"", "next_comm != 'x y'", "common_pid == 3", "common_cpu == 0",
        "CPU < 2", "COMM ~ \"java*\"", "comm == \"a\"", "prev_pid == abc", "prev_pid = 1", "((prev_pid == 1"})
    void shouldLetValidOrKernelJudgedFiltersThrough(String filter) {
        assertThatCode(() -> FilterValidator.validate(SWITCH, filter)).doesNotThrowAnyException();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "nosuch == 1 | 0 | no field 'nosuch' in sched:sched_switch",
        "prev_pid == 1 && bogus > 2 | 17 | no field 'bogus'",
        "prev_comm < 3 | 0 | field 'prev_comm' is a string: it takes ==, != or ~, not <",
        "prev_pid ~ \"1*\" | 0 | field 'prev_pid' is a number: ~ (glob) is for strings",
        "COMM & 1 | 0 | field 'COMM' is a string",
        "== 3 | 0 | operator '==' has no field name before it",
        "prev_comm == \"open | 13 | unterminated \"-quoted string"})
    void shouldRefuseWithTheOffsetAndReason(String filter, long offset, String reason) {
        assertThatThrownBy(() -> FilterValidator.validate(SWITCH, filter))
                .isInstanceOfSatisfying(MalformedDataException.class, e -> {
                    org.assertj.core.api.Assertions.assertThat(e.offset()).isEqualTo(offset);
                    org.assertj.core.api.Assertions.assertThat(e.detail()).contains(reason);
                    org.assertj.core.api.Assertions.assertThat(e.source()).startsWith("filter for sched:sched_switch ");
                });
    }

    @Test
    void shouldTreatCharPointersAsStringsAndUstringAsAString() {
        assertThatCode(() -> FilterValidator.validate(OPENAT, "filename.ustring ~ \"*passwd*\" && flags & 1"))
                .doesNotThrowAnyException();
        assertThatThrownBy(() -> FilterValidator.validate(OPENAT, "filename > 3"))
                .isInstanceOf(MalformedDataException.class).hasMessageContaining("is a string");
    }

    @Test
    void shouldFinishOnRandomTextWithoutAnyOtherException() {
        SplittableRandom random = new SplittableRandom(20261122);
        String alphabet = "prev_pid next_comm ()&|!=<>~\"' 0123 \\ x.";
        for (int i = 0; i < 20_000; i++) {
            StringBuilder sb = new StringBuilder();
            int length = random.nextInt(40);
            for (int j = 0; j < length; j++) {
                sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            try {
                FilterValidator.validate(SWITCH, sb.toString());
            } catch (MalformedDataException expected) {
                // refused with a reason: fine
            }
        }
    }
}
