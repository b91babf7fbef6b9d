package dev.jtrace.tracefs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jtrace.core.CpuSet;
import dev.jtrace.core.Errno;
import dev.jtrace.core.Facilities;
import dev.jtrace.core.FacilityUnavailableException;
import dev.jtrace.core.KernelCallException;
import dev.jtrace.core.KernelFacility;
import dev.jtrace.core.ResourceClosedException;
import dev.jtrace.core.testing.RequiresKernel;
import dev.jtrace.tracefs.internal.Cleanup;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** Instances are created, found, listed and removed; a handle on an existing instance restores what it changed. */
@RequiresKernel(KernelFacility.TRACEFS_WRITABLE)
class InstanceLifecycleKernelTest {

    @Test
    void shouldCreateAGeneratedInstanceCarryingThePidAndRemoveItOnClose() {
        Tracefs tracefs = TestSupport.tracefs();
        int before = Cleanup.registered();
        TraceInstance instance = tracefs.createInstance();
        String name = instance.name();
        try {
            assertThat(name).matches("jtrace-" + ProcessHandle.current().pid() + "-[0-9]+");
            assertThat(instance.isOwned()).isTrue();
            assertThat(instance.isTopLevel()).isFalse();
            assertThat(instance.path()).isEqualTo(tracefs.root().resolve("instances").resolve(name));
            assertThat(tracefs.instanceNames()).contains(name);
            assertThat(tracefs.hasInstance(name)).isTrue();
            assertThat(Cleanup.registered()).as("registered with the shutdown hook").isEqualTo(before + 1);
        } finally {
            instance.close();
        }
        assertThat(tracefs.hasInstance(name)).isFalse();
        assertThat(Files.exists(instance.path())).isFalse();
        assertThat(Cleanup.registered()).isEqualTo(before);
        instance.close(); // idempotent
        assertThat(instance.isClosed()).isTrue();
        assertThatThrownBy(instance::tracingOn).isInstanceOf(ResourceClosedException.class)
                .hasMessageContaining(name);
        assertThatThrownBy(() -> instance.events().enable("sched:sched_switch"))
                .isInstanceOf(ResourceClosedException.class);
    }

    @Test
    void shouldRefuseANameThatExistsWithEexistAndKeepTheExistingInstance() {
        Tracefs tracefs = TestSupport.tracefs();
        String name = TestSupport.testName("dup");
        try (TraceInstance first = tracefs.createInstance(name)) {
            assertThatThrownBy(() -> tracefs.createInstance(name))
                    .isInstanceOfSatisfying(KernelCallException.class, e -> {
                        assertThat(e.errno()).isEqualTo(Errno.EEXIST);
                        assertThat(e.operation()).isEqualTo("mkdir");
                    });
            assertThat(tracefs.hasInstance(name)).isTrue();
            assertThat(first.isClosed()).isFalse();
        }
        assertThat(tracefs.hasInstance(name)).isFalse();
    }

    @Test
    void shouldRestoreEverySettingAnOpenedHandleChangedAndKeepTheInstance() {
        Tracefs tracefs = TestSupport.tracefs();
        String name = TestSupport.testName("restore");
        try (TraceInstance owner = tracefs.createInstance(name)) {
            // A starting state that differs from the defaults, so restoring to defaults would be wrong.
            owner.events().enable("sched:sched_wakeup");
            owner.events().setFilter("sched:sched_wakeup", "pid == 1");
            owner.options().set("event-fork", true);
            // The last online CPU differs from the others (on 1 CPU it is the only one).
            CpuSet online = CpuSet.online();
            owner.buffer().setSizeKb(online.max(), 200);
            Map<Integer, Long> sizes = perCpuSizes(owner);
            String clock = owner.traceClock();
            CpuSet mask = owner.cpumask();
            boolean on = owner.tracingOn();
            Map<String, Boolean> options = owner.options().all();
            int percent = owner.buffer().percent();
            int subBuffer = owner.buffer().subBufferSizeKb();

            try (TraceInstance handle = tracefs.openInstance(name)) {
                assertThat(handle.isOwned()).isFalse();
                handle.events().enable("sched:sched_switch");
                handle.events().disable("sched:sched_wakeup");
                handle.events().setFilter("sched:sched_wakeup", "pid == 2");
                handle.events().setFilter("sched:sched_switch", "prev_pid == 3");
                handle.events().addTrigger("sched:sched_switch", Trigger.stacktrace());
                handle.events().setPids(List.of(1, 2));
                handle.options().set("event-fork", false);
                handle.options().set("overwrite", !options.get("overwrite"));
                handle.buffer().setSizeKb(300);
                handle.buffer().setPercent(percent == 0 ? 10 : 0);
                if (Facilities.check(KernelFacility.SUB_BUFFER_RESIZE).available()) {
                    handle.buffer().setSubBufferSizeKb(subBuffer * 2);
                    assertThat(handle.buffer().subBufferSizeKb()).isEqualTo(subBuffer * 2);
                } else {
                    // Refused here (EPERM): a clear facility error, nothing journalled, the rest works.
                    assertThatThrownBy(() -> handle.buffer().setSubBufferSizeKb(subBuffer * 2))
                            .isInstanceOf(FacilityUnavailableException.class)
                            .hasMessageContaining("sub-buffer size change")
                            .hasMessageContaining("was refused by this kernel: EPERM")
                            .hasMessageContaining("the sub-buffer size stays " + subBuffer + " KiB");
                    assertThat(handle.buffer().subBufferSizeKb()).isEqualTo(subBuffer);
                }
                handle.setTraceClock(clock.equals("mono") ? "global" : "mono");
                handle.setCpumask(CpuSet.of(online.next(0)));
                handle.setTracingOn(!on);
                assertThat(handle.events().isEnabled(new EventName("sched", "sched_switch"))).isTrue();
                assertThat(handle.buffer().sizeKb()).isGreaterThanOrEqualTo(300);
            }

            assertThat(tracefs.hasInstance(name)).as("an opened instance is not removed").isTrue();
            assertThat(owner.events().isEnabled(new EventName("sched", "sched_switch"))).isFalse();
            assertThat(owner.events().isEnabled(new EventName("sched", "sched_wakeup"))).isTrue();
            assertThat(owner.events().filter("sched:sched_wakeup")).isEqualTo("pid == 1");
            assertThat(owner.events().filter("sched:sched_switch")).isEmpty();
            assertThat(owner.events().triggers("sched:sched_switch")).isEmpty();
            assertThat(owner.events().pids()).isEmpty();
            assertThat(owner.options().all()).isEqualTo(options);
            assertThat(perCpuSizes(owner)).isEqualTo(sizes);
            assertThat(owner.buffer().percent()).isEqualTo(percent);
            assertThat(owner.buffer().subBufferSizeKb()).isEqualTo(subBuffer);
            assertThat(owner.traceClock()).isEqualTo(clock);
            assertThat(owner.cpumask()).isEqualTo(mask);
            assertThat(owner.tracingOn()).isEqualTo(on);
        }
        assertThat(tracefs.hasInstance(name)).isFalse();
    }

    @Test
    void shouldReadTheTopLevelInstanceWithoutChangingIt() {
        try (TraceInstance top = TestSupport.tracefs().topLevel()) {
            assertThat(top.isTopLevel()).isTrue();
            assertThat(top.name()).isEmpty();
            assertThat(top.traceClocks()).contains("local", "global", "mono", top.traceClock());
            assertThat(top.savedCmdlinesSize()).isPositive();
            assertThat(top.options().names()).contains("overwrite", "event-fork", "record-cmd");
            assertThat(top.tracers().available()).contains("nop");
            assertThat(top.buffer().cpus()).isEqualTo(CpuSet.online());
            assertThat(top.cpumask().size()).isPositive();
        }
    }

    @Test
    void shouldKeepTopLevelOnlySettingsOffInstances() {
        try (TraceInstance instance = TestSupport.tracefs().createInstance(TestSupport.testName("toponly"))) {
            assertThatThrownBy(instance::savedCmdlinesSize)
                    .isInstanceOf(dev.jtrace.core.FacilityUnavailableException.class)
                    .hasMessageContaining("only the top-level instance has it");
            assertThat(instance.options().has("record-cmd")).isFalse();
            assertThatThrownBy(() -> instance.options().set("record-cmd", true))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("has no option 'record-cmd'");
        }
    }

    @Test
    void shouldRemoveAnInstanceByNameThatNoHandleOwns() throws Exception {
        Tracefs tracefs = TestSupport.tracefs();
        String name = TestSupport.testName("byname");
        Files.createDirectory(tracefs.root().resolve("instances").resolve(name)); // as another tool would
        try (TraceInstance opened = tracefs.openInstance(name)) {
            opened.events().enable("sched:sched_switch");
            assertThat(opened.isOwned()).isFalse();
        }
        assertThat(tracefs.hasInstance(name)).as("opening does not remove").isTrue();
        tracefs.removeInstance(name);
        assertThat(tracefs.hasInstance(name)).isFalse();
        assertThatThrownBy(() -> tracefs.removeInstance(name)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no tracefs instance");
        assertThatThrownBy(() -> tracefs.openInstance(name)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldRestoreANonEmptyPidFilterExactly() {
        Tracefs tracefs = TestSupport.tracefs();
        String name = TestSupport.testName("pids");
        try (TraceInstance owner = tracefs.createInstance(name)) {
            owner.events().setPids(List.of(1, TestSupport.tid()));
            List<Integer> before = owner.events().pids();
            assertThat(before).containsExactlyInAnyOrder(1, TestSupport.tid());

            try (TraceInstance handle = tracefs.openInstance(name)) {
                handle.events().setPids(List.of(2));
                assertThat(handle.events().pids()).containsExactly(2);
                handle.events().setPids(List.of(3, 4)); // the first change's restorer is the one kept
            }
            assertThat(owner.events().pids()).isEqualTo(before);

            try (TraceInstance handle = tracefs.openInstance(name)) {
                handle.events().setPids(List.of());
                assertThat(handle.events().pids()).isEmpty();
            }
            assertThat(owner.events().pids()).isEqualTo(before);
        }
    }

    @Test
    void shouldJournalNoResizeTheKernelRefusedSoCloseLeavesALaterChangeAlone() {
        Tracefs tracefs = TestSupport.tracefs();
        String name = TestSupport.testName("refusedsize");
        // 16 TiB per CPU: the kernel compares it with the available memory and refuses (ENOMEM)
        // before allocating anything.
        long tooBig = 1L << 34;
        int last = CpuSet.online().max();
        try (TraceInstance owner = tracefs.createInstance(name)) {
            owner.buffer().setSizeKb(100);
            long before = owner.buffer().sizeKb();
            try (TraceInstance handle = tracefs.openInstance(name)) {
                for (Runnable resize : List.<Runnable>of(() -> handle.buffer().setSizeKb(tooBig),
                        () -> handle.buffer().setSizeKb(last, tooBig))) {
                    assertThatThrownBy(resize::run).isInstanceOfSatisfying(KernelCallException.class,
                            e -> assertThat(e.errno()).isEqualTo(Errno.ENOMEM));
                }
                assertThat(handle.buffer().sizeKb()).isEqualTo(before);
                owner.buffer().setSizeKb(200); // changed meanwhile by someone else
            }
            assertThat(owner.buffer().sizeKb()).as("the handle resized nothing, so its close writes no size")
                    .isBetween(200L, 208L);
        }
    }

    private static Map<Integer, Long> perCpuSizes(TraceInstance instance) {
        Map<Integer, Long> sizes = new TreeMap<>();
        CpuSet cpus = instance.buffer().cpus();
        for (int cpu = cpus.next(0); cpu >= 0; cpu = cpus.next(cpu + 1)) {
            sizes.put(cpu, instance.buffer().sizeKb(cpu));
        }
        return sizes;
    }
}
