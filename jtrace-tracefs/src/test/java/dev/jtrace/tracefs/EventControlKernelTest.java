package dev.jtrace.tracefs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jtrace.core.Errno;
import dev.jtrace.core.Facilities;
import dev.jtrace.core.FacilityUnavailableException;
import dev.jtrace.core.KernelCallException;
import dev.jtrace.core.KernelFacility;
import dev.jtrace.core.MalformedDataException;
import dev.jtrace.core.testing.RequiresKernel;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Enabling by glob, enable states, filters (checked and refused), triggers and pid filters on a real instance. */
@RequiresKernel(KernelFacility.TRACEFS_WRITABLE)
class EventControlKernelTest {
    private TraceInstance instance;

    @BeforeEach
    void createInstance() {
        instance = TestSupport.tracefs().createInstance(TestSupport.testName("events"));
    }

    @AfterEach
    void removeInstance() {
        instance.close();
    }

    @Test
    void shouldEnableByGlobAndReportAllSomeOrNone() {
        InstanceEvents events = instance.events();
        assertThat(events.systems()).contains("sched", "ftrace", "syscalls");
        List<EventName> wakeups = events.list("sched:sched_wak*");
        assertThat(wakeups).extracting(EventName::name).contains("sched_waking", "sched_wakeup", "sched_wakeup_new")
                .allMatch(n -> n.startsWith("sched_wak"));
        assertThat(events.state("sched:*")).isEqualTo(EnableState.NONE);

        assertThat(events.enable("sched:sched_wak*")).isEqualTo(wakeups);
        assertThat(events.state("sched:sched_wak*")).isEqualTo(EnableState.ALL);
        assertThat(events.state("sched:*")).isEqualTo(EnableState.SOME);
        assertThat(events.isEnabled(new EventName("sched", "sched_wakeup"))).isTrue();
        assertThat(events.isEnabled(new EventName("sched", "sched_switch"))).isFalse();

        assertThat(events.list("sched_switch")).containsExactly(new EventName("sched", "sched_switch"));
        events.disable("sched:*");
        assertThat(events.state("sched:*")).isEqualTo(EnableState.NONE);
        assertThatThrownBy(() -> events.enable("sched:no_such_event_*"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no event that can be enabled");
        assertThat(events.id(new EventName("sched", "sched_switch")))
                .isEqualTo(events.format(new EventName("sched", "sched_switch")).id());
    }

    @Test
    void shouldRejectAnUnknownFieldBeforeWritingAndNameTheFields() {
        InstanceEvents events = instance.events();
        int logBefore = instance.errorLog().size();
        assertThatThrownBy(() -> events.setFilter("sched:sched_switch", "prev_pid == 1 && nosuch_field > 3"))
                .isInstanceOfSatisfying(MalformedDataException.class, e -> {
                    assertThat(e.offset()).isEqualTo(17);
                    assertThat(e.detail()).contains("no field 'nosuch_field'", "prev_pid", "next_comm");
                });
        assertThatThrownBy(() -> events.setFilter("sched:sched_switch", "prev_comm < 3"))
                .isInstanceOf(MalformedDataException.class).hasMessageContaining("is a string");
        assertThatThrownBy(() -> events.setFilter("sched:sched_switch", "prev_pid ~ \"1*\""))
                .isInstanceOf(MalformedDataException.class).hasMessageContaining("is a number");
        assertThat(events.filter("sched:sched_switch")).isEmpty();
        assertThat(instance.errorLog()).hasSize(logBefore);
        // Generic fields the kernel adds to every event pass.
        events.setFilter("sched:sched_switch", "common_cpu == 0 || COMM == \"x\" || CPU > 0");
        assertThat(events.filter("sched:sched_switch")).isEqualTo("common_cpu == 0 || COMM == \"x\" || CPU > 0");
        events.clearFilter("sched:sched_switch");
        assertThat(events.filter("sched:sched_switch")).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        // filter | errno | kernel message | caret position (as the kernel places it)
        "prev_pid == abc | EINVAL | error: Invalid value (did you forget quotes)? | 13",
        "prev_pid = 1 | EINVAL | error: Invalid operator | 10",
        // Linux 6.18 answers an unbalanced parenthesis with ENOENT, not EINVAL.
        "prev_pid == 1 && (next_pid == 2 | ENOENT | error: Too many '(' | 17"})
    void shouldCarryTheKernelsErrorLogEntryWhenItRefusesAFilter(String bad, String errno, String message,
            int position) {
        InstanceEvents events = instance.events();
        assertThatThrownBy(() -> events.setFilter("sched:sched_switch", bad))
                .isInstanceOfSatisfying(KernelCallException.class, e -> {
                    assertThat(e.errnoName()).isEqualTo(errno);
                    assertThat(e.operation()).isEqualTo("write");
                    assertThat(e.path()).endsWith("events/sched/sched_switch/filter <- '" + bad + "'");
                    assertThat(e.errorLogLine()).contains("event filter parse error: " + message + " (command '" + bad
                            + "', at position " + position + ")");
                    assertThat(e.getMessage()).contains(errno, "; kernel error_log: event filter parse error: " + message);
                });
        ErrorLogEntry last = instance.errorLog().getLast();
        assertThat(last.command()).isEqualTo(bad);
        assertThat(last.location()).isEqualTo("event filter parse error");
        assertThat(last.message()).isEqualTo(message);
        assertThat(last.position()).isEqualTo(position);
        assertThat(events.filter("sched:sched_switch")).isEmpty();
    }

    @Test
    void shouldPutBackThePreviousFilterWhichTheKernelDropsOnARefusedOne() {
        InstanceEvents events = instance.events();
        events.setFilter("sched:sched_switch", "prev_pid == 42");
        assertThatThrownBy(() -> events.setFilter("sched:sched_switch", "prev_pid == abc"))
                .isInstanceOf(KernelCallException.class);
        assertThat(events.filter("sched:sched_switch")).isEqualTo("prev_pid == 42");
    }

    @Test
    void shouldAddListAndRemoveTriggersAndRefuseOnesTheKernelLacks() {
        InstanceEvents events = instance.events();
        EventName sw = new EventName("sched", "sched_switch");
        assertThat(events.availableTriggers(sw)).contains("traceon", "traceoff", "stacktrace", "enable_event");
        events.addTrigger("sched:sched_switch", Trigger.traceOff().times(3).when("prev_pid == 1"));
        events.addTrigger("sched:sched_switch", Trigger.enableEvent(new EventName("sched", "sched_wakeup")));
        assertThat(events.triggers("sched:sched_switch"))
                .contains("traceoff:count=3 if prev_pid == 1")
                .anyMatch(t -> t.startsWith("enable_event:sched:sched_wakeup"));
        events.removeTrigger("sched:sched_switch", Trigger.traceOff());
        assertThat(events.triggers("sched:sched_switch")).noneMatch(t -> t.startsWith("traceoff"));
        assertThatThrownBy(() -> events.addTrigger("sched:sched_switch", Trigger.stacktrace().when("nosuch == 1")))
                .isInstanceOf(MalformedDataException.class);
        if (!Facilities.check(KernelFacility.HIST_TRIGGERS).available()) {
            assertThatThrownBy(() -> events.addTrigger("sched:sched_wakeup", Trigger.hist("keys=pid")))
                    .isInstanceOf(FacilityUnavailableException.class).hasMessageContaining("CONFIG_HIST_TRIGGERS");
        }
        if (!Facilities.check(KernelFacility.SNAPSHOT).available()) {
            assertThatThrownBy(() -> events.addTrigger("sched:sched_wakeup", Trigger.snapshot()))
                    .isInstanceOf(FacilityUnavailableException.class).hasMessageContaining("CONFIG_TRACER_SNAPSHOT");
        }
    }

    @Test
    void shouldSetAndClearEventPids() {
        InstanceEvents events = instance.events();
        assertThat(events.pids()).isEmpty();
        events.setPids(List.of(1, 2, 3));
        assertThat(events.pids()).containsExactlyInAnyOrder(1, 2, 3);
        events.setPids(List.of(7));
        assertThat(events.pids()).containsExactly(7);
        events.setPids(List.of());
        assertThat(events.pids()).isEmpty();
    }
}
