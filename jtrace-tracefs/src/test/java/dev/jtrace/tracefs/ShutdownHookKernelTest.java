package dev.jtrace.tracefs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jtrace.core.KernelFacility;
import dev.jtrace.core.testing.RequiresKernel;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The JVM shutdown hook really undoes what a process left open: a child JVM starts a session with a
 * uprobe and changes an instance this test created through an opened handle, closes nothing, and
 * then either calls {@code System.exit(0)} or is sent SIGTERM while it reads the session. Afterwards
 * the session's instance and probe group are gone and the test's instance has its settings back.
 */
@RequiresKernel({KernelFacility.TRACEFS_WRITABLE, KernelFacility.UPROBES})
class ShutdownHookKernelTest {
    private static final EventName SWITCH = new EventName("sched", "sched_switch");
    private static final EventName WAKEUP = new EventName("sched", "sched_wakeup");

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"exit", "sigterm"})
    void shouldRemoveTheSessionAndRestoreTheOpenedInstanceAtShutdown(String how) throws Exception {
        Tracefs tracefs = TestSupport.tracefs();
        String name = TestSupport.testName("hook");
        try (TraceInstance owner = tracefs.createInstance(name)) {
            owner.events().enable("sched:sched_wakeup");
            owner.events().setFilter("sched:sched_wakeup", "pid == 1");
            owner.buffer().setPercent(30);
            owner.events().setPids(List.of(1));

            String sessionInstance;
            String group;
            int status;
            try (ChildJvm child = ChildJvm.start("leave", name, how)) {
                String[] ready = child.awaitLine("READY ").split(" ");
                sessionInstance = ready[1];
                group = ready[2];
                assertThat(sessionInstance).isEqualTo("jtrace-" + child.pid() + "-1");
                assertThat(tracefs.hasInstance(sessionInstance)).isTrue();
                assertThat(tracefs.dynamicEvents().eventsOf(group)).containsExactly(new EventName(group, "hook_getpid"));
                // The child's changes are in effect.
                assertThat(owner.events().isEnabled(SWITCH)).isTrue();
                assertThat(owner.events().filter("sched:sched_wakeup")).isEqualTo("pid == 2");
                assertThat(owner.buffer().percent()).isEqualTo(70);
                assertThat(owner.events().pids()).containsExactly(2);
                if (how.equals("exit")) {
                    child.send("exit");
                    status = child.waitForExit();
                } else {
                    status = child.terminate();
                }
            }
            assertThat(status).as("exit status").isEqualTo(how.equals("exit") ? 0 : 128 + 15);
            assertThat(tracefs.hasInstance(sessionInstance)).as("the session's instance").isFalse();
            assertThat(tracefs.dynamicEvents().eventsOf(group)).as("the session's probe group").isEmpty();
            assertThat(owner.events().isEnabled(SWITCH)).isFalse();
            assertThat(owner.events().isEnabled(WAKEUP)).isTrue();
            assertThat(owner.events().filter("sched:sched_wakeup")).isEqualTo("pid == 1");
            assertThat(owner.buffer().percent()).isEqualTo(30);
            assertThat(owner.events().pids()).containsExactly(1);
        }
        assertThat(tracefs.hasInstance(name)).isFalse();
    }
}
