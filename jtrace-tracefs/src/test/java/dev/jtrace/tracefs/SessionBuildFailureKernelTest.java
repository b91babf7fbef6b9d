package dev.jtrace.tracefs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.jtrace.core.Errno;
import dev.jtrace.core.KernelCallException;
import dev.jtrace.core.KernelFacility;
import dev.jtrace.core.testing.RequiresKernel;
import dev.jtrace.tracefs.internal.Cleanup;
import java.util.function.UnaryOperator;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;

/**
 * A session whose set-up fails part-way undoes what it did: no instance, no probe and no shutdown
 * registration stays behind, and the exception says what was refused and why. The failures come
 * after the instance exists and, for the probe cases, after the probe was created.
 */
@RequiresKernel({KernelFacility.TRACEFS_WRITABLE, KernelFacility.UPROBES})
class SessionBuildFailureKernelTest {

    @Test
    void shouldRemoveTheInstanceWhenAnEventDoesNotExist() {
        String name = TestSupport.testName("noevent");
        assertFailedBuildLeavesNothing(name, null, b -> b.event("sched:sched_switch").event("nosuch:event"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no event that can be enabled matches 'nosuch:event'");
    }

    @Test
    void shouldRemoveInstanceAndProbeWhenTheKernelRefusesAProbeFilterThatPassedValidation() throws Exception {
        String name = TestSupport.testName("badprobefilter");
        Uprobe probe = Uprobe.atSymbol(MappedLibraries.libc(), "getpid").named("fail_filter");
        // common_pid is a numeric field and == fits it, so only the kernel finds the value wrong.
        assertFailedBuildLeavesNothing(name, "fail_filter", b -> b.probe(probe, "common_pid == abc"))
                .isInstanceOfSatisfying(KernelCallException.class, e -> {
                    assertThat(e.errno()).isEqualTo(Errno.EINVAL);
                    assertThat(e.path()).endsWith("/fail_filter/filter <- 'common_pid == abc'");
                    assertThat(e.getMessage()).contains("kernel error_log: event filter parse error: error: Invalid "
                            + "value (did you forget quotes)?");
                });
    }

    @Test
    void shouldRemoveInstanceAndProbeWhenTheKernelRefusesATrigger() throws Exception {
        String name = TestSupport.testName("badtrigger");
        Uprobe probe = Uprobe.atSymbol(MappedLibraries.libc(), "getpid").named("fail_trigger");
        assertFailedBuildLeavesNothing(name, "fail_trigger", b -> b.probe(probe).event("sched:sched_switch")
                .trigger("sched:sched_switch", Trigger.traceOff().when("prev_pid == abc")))
                .isInstanceOfSatisfying(KernelCallException.class, e -> {
                    assertThat(e.errno()).isEqualTo(Errno.EINVAL);
                    assertThat(e.path()).endsWith("sched/sched_switch/trigger <- 'traceoff if prev_pid == abc'");
                    assertThat(e.getMessage()).contains("kernel error_log: event filter parse error: error: Invalid "
                            + "value (did you forget quotes)? (command 'prev_pid == abc', at position 13)");
                });
    }

    @Test
    void shouldRemoveInstanceAndProbeWhenATriggerNamesAnEventThatDoesNotExist() throws Exception {
        String name = TestSupport.testName("triggernoevent");
        Uprobe probe = Uprobe.atSymbol(MappedLibraries.libc(), "getpid").named("fail_trigger_event");
        assertFailedBuildLeavesNothing(name, "fail_trigger_event",
                b -> b.probe(probe).trigger("nosuch:event", Trigger.stacktrace()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no event nosuch:event in tracefs instance " + name);
    }

    /** Builds the session expecting a failure, checks nothing stayed, and returns the failure's assertion. */
    private static AbstractThrowableAssert<?, ? extends Throwable> assertFailedBuildLeavesNothing(
            String name, String probeName, UnaryOperator<TraceSession.Builder> setup) {
        Tracefs tracefs = TestSupport.tracefs();
        DynamicEvents dynamic = tracefs.dynamicEvents();
        int registered = Cleanup.registered();
        Throwable failure = catchThrowable(
                () -> setup.apply(TraceSession.builder(tracefs).instanceName(name)).start().close());
        assertThat(failure).as("the build's failure").isNotNull();
        assertThat(tracefs.hasInstance(name)).as("the session's instance").isFalse();
        if (probeName != null) {
            assertThat(dynamic.eventsOf(dynamic.group())).as("the session's probe")
                    .doesNotContain(new EventName(dynamic.group(), probeName));
        }
        assertThat(Cleanup.registered()).as("handles left registered for the shutdown hook").isEqualTo(registered);
        assertThat(failure.getSuppressed()).as("failures while undoing").isEmpty();
        return assertThat(failure);
    }
}
