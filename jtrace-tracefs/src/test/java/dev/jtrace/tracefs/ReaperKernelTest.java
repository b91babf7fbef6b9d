package dev.jtrace.tracefs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jtrace.core.KernelFacility;
import dev.jtrace.core.testing.RequiresKernel;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A child JVM killed with SIGKILL mid-session cannot clean up; its instance and probe stay, carrying
 * its pid, and the reaper removes exactly those. Live processes' leftovers and foreign names are
 * never touched.
 */
@RequiresKernel({KernelFacility.TRACEFS_WRITABLE, KernelFacility.UPROBES})
class ReaperKernelTest {

    @Test
    void shouldRemoveTheInstanceAndProbeOfAChildKilledMidSession() throws Exception {
        Tracefs tracefs = TestSupport.tracefs();
        Reaper reaper = tracefs.reaper();
        String instance;
        String group;
        long pid;
        try (ChildJvm child = ChildJvm.start("hang")) {
            String[] ready = child.awaitLine("READY ").split(" ");
            instance = ready[1];
            group = ready[2];
            pid = child.pid();
            assertThat(instance).isEqualTo("jtrace-" + pid + "-1");
            assertThat(group).isEqualTo("jtrace_" + pid);
            assertThat(reaper.find()).as("a live process's session is no leftover")
                    .noneMatch(l -> l.pid() == pid);
            child.kill();
        }
        assertThat(tracefs.hasInstance(instance)).as("SIGKILL leaves the instance").isTrue();
        assertThat(tracefs.dynamicEvents().eventsOf(group)).as("and the probe").hasSize(1);

        List<Reaper.Leftover> mine = reaper.find().stream().filter(l -> l.pid() == pid).toList();
        assertThat(mine).extracting(Reaper.Leftover::kind)
                .containsExactly(Reaper.Kind.INSTANCE, Reaper.Kind.DYNAMIC_EVENT);
        assertThat(mine.get(0).name()).isEqualTo(instance);
        assertThat(mine.get(1).name()).isEqualTo(group + ":child_getpid");
        assertThat(mine.get(1).definition()).startsWith("p:" + group + "/child_getpid ");
        for (Reaper.Leftover l : mine) {
            reaper.remove(l);
        }
        assertThat(tracefs.hasInstance(instance)).isFalse();
        assertThat(tracefs.dynamicEvents().eventsOf(group)).isEmpty();
        assertThat(reaper.find()).noneMatch(l -> l.pid() == pid);
    }

    @Test
    void shouldReapEveryLeftoverOfADeadProcessInOneCallAndKeepLiveOnes() throws Exception {
        Tracefs tracefs = TestSupport.tracefs();
        String instance;
        String group;
        long pid;
        try (ChildJvm child = ChildJvm.start("hang")) {
            String[] ready = child.awaitLine("READY ").split(" ");
            instance = ready[1];
            group = ready[2];
            pid = child.pid();
            child.kill();
        }
        try (TraceInstance live = tracefs.createInstance()) {
            List<Reaper.Leftover> removed = tracefs.reaper().reap();
            assertThat(removed.stream().filter(l -> l.pid() == pid)).extracting(Reaper.Leftover::name)
                    .containsExactly(instance, group + ":child_getpid");
            assertThat(removed).noneMatch(l -> l.pid() == ProcessHandle.current().pid());
            assertThat(tracefs.hasInstance(instance)).isFalse();
            assertThat(tracefs.dynamicEvents().eventsOf(group)).isEmpty();
            assertThat(tracefs.hasInstance(live.name())).as("this process's own instance stays").isTrue();
            assertThat(tracefs.reaper().reap()).as("nothing left to reap of that process")
                    .noneMatch(l -> l.pid() == pid);
        }
    }

    @Test
    void shouldNeverTakeALiveProcesssInstanceOrAForeignName() {
        Tracefs tracefs = TestSupport.tracefs();
        String foreign = "not-jtrace-" + ProcessHandle.current().pid() + "-1";
        try (TraceInstance live = tracefs.createInstance();
                TraceInstance test = tracefs.createInstance(TestSupport.testName("live"));
                TraceInstance other = tracefs.createInstance(foreign)) {
            assertThat(reaper(tracefs).find()).extracting(Reaper.Leftover::name)
                    .doesNotContain(live.name(), test.name(), other.name());
            assertThatThrownBy(() -> reaper(tracefs).remove(new Reaper.Leftover(Reaper.Kind.INSTANCE, live.name(),
                    ProcessHandle.current().pid(), ""))).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("which is running");
            assertThatThrownBy(() -> reaper(tracefs).remove(new Reaper.Leftover(Reaper.Kind.INSTANCE, foreign, 1, "")))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("jtrace's name patterns");
            assertThat(tracefs.instanceNames()).contains(live.name(), test.name(), foreign);
        }
    }

    private static Reaper reaper(Tracefs tracefs) {
        return tracefs.reaper();
    }
}
