package dev.jtrace.tracefs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jtrace.core.Errno;
import dev.jtrace.core.FacilityUnavailableException;
import dev.jtrace.core.KernelCallException;
import dev.jtrace.core.KernelFacility;
import dev.jtrace.core.ResourceClosedException;
import dev.jtrace.core.testing.RequiresKernel;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Dynamic events on the real kernel: uprobes are created in the process's group and removed,
 * refusals carry the top-level error_log entry, busy probes are kept until free, and kinds the
 * kernel lacks are reported as such.
 */
@RequiresKernel({KernelFacility.TRACEFS_WRITABLE, KernelFacility.UPROBES})
class DynamicEventsKernelTest {

    @Test
    void shouldCreateAUprobeInTheProcessGroupAndRemoveItOnClose() throws Exception {
        DynamicEvents dynamic = TestSupport.tracefs().dynamicEvents();
        String group = dynamic.group();
        assertThat(group).isEqualTo("jtrace_" + ProcessHandle.current().pid());
        Path libc = MappedLibraries.libc();
        Uprobe probe = Uprobe.atSymbol(libc, "getpid").named("dyn_getpid").fetch("sp", "$stack", "x64");
        DynamicEvent event = dynamic.create(probe);
        try {
            assertThat(event.event()).isEqualTo(new EventName(group, "dyn_getpid"));
            assertThat(dynamic.eventsOf(group)).containsExactly(event.event());
            assertThat(dynamic.definitions()).anyMatch(l -> l.startsWith("p:" + group + "/dyn_getpid " + libc + ":0x")
                    && l.endsWith("sp=$stack:x64"));
            assertThat(event.format().field("sp").size()).isEqualTo(8);
            assertThat(event.format().field("__probe_ip")).isNotNull();
            assertThat(event.id()).isEqualTo(event.format().id());
        } finally {
            event.close();
        }
        event.close();
        assertThat(dynamic.eventsOf(group)).isEmpty();
        assertThatThrownBy(event::format).isInstanceOf(ResourceClosedException.class);
    }

    @Test
    void shouldCarryTheTopLevelErrorLogEntryWhenTheKernelRefusesAProbe() throws Exception {
        DynamicEvents dynamic = TestSupport.tracefs().dynamicEvents();
        Uprobe bad = Uprobe.atSymbol(MappedLibraries.libc(), "getpid").named("bad_reg").fetch("r", "%nosuchreg");
        String command = bad.definition(dynamic.group());
        assertThatThrownBy(() -> dynamic.create(bad)).isInstanceOfSatisfying(KernelCallException.class, e -> {
            assertThat(e.errno()).isEqualTo(Errno.EINVAL);
            assertThat(e.path()).endsWith("dynamic_events <- '" + command + "'");
            assertThat(e.errorLogLine()).contains("trace_uprobe: error: Invalid register name (command '" + command
                    + "', at position " + command.indexOf("%nosuchreg") + ")");
        });
        assertThat(dynamic.eventsOf(dynamic.group())).isEmpty();
        assertThatThrownBy(() -> dynamic.create(Uprobe.atOffset(Path.of("/no/such/lib.so"), 0x100)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("does not exist");
    }

    @Test
    void shouldKeepAProbeThatIsEnabledSomewhereUntilItIsFree() throws Exception {
        Tracefs tracefs = TestSupport.tracefs();
        DynamicEvent probe = tracefs.dynamicEvents().create(
                Uprobe.atSymbol(MappedLibraries.libc(), "getpid").named("busy_getpid"));
        try (TraceInstance instance = tracefs.createInstance(TestSupport.testName("busy"))) {
            instance.events().enable(probe.event());
            assertThatThrownBy(probe::close).isInstanceOfSatisfying(KernelCallException.class,
                    e -> assertThat(e.errno()).isEqualTo(Errno.EBUSY));
            assertThat(probe.isClosed()).as("still in the kernel, so still open").isFalse();
            assertThat(tracefs.dynamicEvents().eventsOf(probe.event().system())).contains(probe.event());
        }
        probe.close();
        assertThat(probe.isClosed()).isTrue();
        assertThat(tracefs.dynamicEvents().eventsOf(probe.event().system())).doesNotContain(probe.event());
    }

    @Test
    void shouldReportKindsTheKernelLacksWithTheKernelOptionThatWouldProvideThem() {
        DynamicEvents dynamic = TestSupport.tracefs().dynamicEvents();
        Kprobe kprobe = Kprobe.at("do_sys_openat2").named("jt_open");
        Eprobe eprobe = Eprobe.on(new EventName("sched", "sched_switch")).named("jt_switch")
                .fetch("prev", "$prev_pid", "u32");
        SyntheticEvent synthetic = SyntheticEvent.named("jt_latency").field("u64", "lat");
        if (!dynamic.availability(kprobe).available()) {
            assertThatThrownBy(() -> dynamic.create(kprobe)).isInstanceOf(FacilityUnavailableException.class)
                    .hasMessageStartingWith("kprobes is not available").hasMessageContaining("CONFIG_KPROBE_EVENTS");
        } else {
            dynamic.create(kprobe).close();
        }
        if (!dynamic.availability(eprobe).available()) {
            assertThatThrownBy(() -> dynamic.create(eprobe)).isInstanceOf(FacilityUnavailableException.class)
                    .hasMessageContaining("CONFIG_EPROBE_EVENTS");
        } else {
            dynamic.create(eprobe).close();
        }
        if (!dynamic.availability(synthetic).available()) {
            assertThatThrownBy(() -> dynamic.create(synthetic)).isInstanceOf(FacilityUnavailableException.class)
                    .hasMessageContaining("CONFIG_SYNTH_EVENTS");
        } else {
            dynamic.create(synthetic).close();
        }
        assertThat(dynamic.eventsOf(dynamic.group())).isEmpty();
    }
}
