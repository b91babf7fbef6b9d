package dev.jtrace.tracefs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jtrace.core.KernelFacility;
import dev.jtrace.core.testing.RequiresKernel;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Names and words that could escape the tracefs directory, start a second command or add an
 * argument are refused with IllegalArgumentException before anything is written: no instance
 * appears, and the instance the calls were aimed at (settings, error_log) is unchanged.
 */
@RequiresKernel(KernelFacility.TRACEFS_WRITABLE)
class HostileInputKernelTest {
    private static TraceInstance target;

    @BeforeAll
    static void createTarget() {
        target = TestSupport.tracefs().createInstance(TestSupport.testName("hostile"));
    }

    @AfterAll
    static void removeTarget() {
        target.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", ".", "..", "../../tracing_on", "a/b", "/abs", "x\\y", "a..b", "tab\tname", "new\nline",
        "nul\0x", "esc\u001b[31m", "del\u007f", "c1\u0085x", "space name",
        "0123456789012345678901234567890123456789012345678901234567890123456789"})
    void shouldRefuseHostileInstanceNamesWithoutCreatingAnything(String name) {
        Tracefs tracefs = TestSupport.tracefs();
        List<String> before = tracefs.instanceNames();
        assertThatThrownBy(() -> tracefs.createInstance(name)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> tracefs.openInstance(name)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> tracefs.hasInstance(name)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> tracefs.removeInstance(name)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TraceSession.builder(tracefs).instanceName(name))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(tracefs.instanceNames()).isEqualTo(before);
    }

    static Stream<Arguments> hostileCalls() {
        return Stream.of(
                call("event pattern with a path", i -> i.events().enable("../../tracing_on")),
                call("event pattern escaping an event dir", i -> i.events().enable("sched:sched_switch/../../x")),
                call("event pattern with a newline", i -> i.events().enable("sched:sched_switch\nfoo")),
                call("filter with a second line", i -> i.events().setFilter("sched:sched_switch", "prev_pid == 1\n0")),
                call("filter target with a path", i -> i.events().setFilter("sched:../../x", "prev_pid == 1")),
                call("trigger filter with a newline", i -> i.events().addTrigger("sched:sched_switch",
                        Trigger.traceOff().when("prev_pid == 1\ntraceon"))),
                call("hist spec with a space", i -> i.events().addTrigger("sched:sched_switch",
                        Trigger.hist("keys=pid if 1"))),
                call("option with a path", i -> i.options().set("../tracing_on", true)),
                call("option with a newline", i -> i.options().set("overwrite\n", true)),
                call("tracer with a newline", i -> i.tracers().set("nop\nfunction")),
                call("function filter with a space", i -> i.tracers().setFunctionFilter(List.of("a b"))),
                call("clock with a newline", i -> i.setTraceClock("local\nglobal")),
                call("negative pid", i -> i.events().setPids(List.of(-1))),
                call("zero buffer", i -> i.buffer().setSizeKb(0)),
                call("buffer of a CPU that does not exist", i -> i.buffer().setSizeKb(100_000, 8)),
                call("percent above 100", i -> i.buffer().setPercent(101)),
                call("empty cpumask", i -> i.setCpumask(dev.jtrace.core.CpuSet.empty())));
    }

    private static Arguments call(String what, Consumer<TraceInstance> action) {
        return Arguments.of(what, action);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hostileCalls")
    void shouldRefuseHostileWordsBeforeWritingToTheInstance(String what, Consumer<TraceInstance> action) {
        Map<String, String> before = state(target);
        int log = target.errorLog().size();
        assertThatThrownBy(() -> action.accept(target)).as(what).isInstanceOf(IllegalArgumentException.class);
        assertThat(state(target)).isEqualTo(before);
        assertThat(target.errorLog()).hasSize(log);
    }

    @Test
    void shouldRefuseHostileProbeDefinitionsAndTracefsPathsBeforeAnyWrite() {
        String group = TestSupport.tracefs().dynamicEvents().group();
        assertThatThrownBy(() -> Uprobe.atOffset(Path.of("relative/lib.so"), 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("absolute");
        assertThatThrownBy(() -> Uprobe.atOffset(Path.of("/tmp/a b.so"), 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Uprobe.atOffset(Path.of("/tmp/a\nb"), 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Uprobe.atOffset(Path.of("/tmp/a:0x1"), 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Uprobe.atOffset(Path.of("/bin/true"), -1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Uprobe.atOffset(Path.of("/bin/true"), 0).named("a-b"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("C identifier");
        assertThatThrownBy(() -> Uprobe.atOffset(Path.of("/bin/true"), 0).named("x\n-:jtrace_1/y"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Uprobe.atOffset(Path.of("/bin/true"), 0).fetch("a", "%di u64"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new FetchArg("a b", "%di", null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Kprobe.at("do_sys_open +0")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Eprobe.on(new EventName("sched", "sched_switch")).when("1\n-:x"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SyntheticEvent.named("s").field("u64; int", "x"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new EventName("..", "x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> EventName.parse("sched:a/b")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Tracefs.at(Path.of("sys/kernel/tracing"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Tracefs.at(Path.of("/tmp"))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a tracefs root");
        assertThat(TestSupport.tracefs().dynamicEvents().eventsOf(group)).isEmpty();
    }

    /** The instance's settings a stray write could change. */
    private static Map<String, String> state(TraceInstance instance) {
        Map<String, String> s = new TreeMap<>();
        s.put("tracing_on", Boolean.toString(instance.tracingOn()));
        s.put("clock", instance.traceClock());
        s.put("cpumask", instance.cpumask().toString());
        s.put("tracer", instance.tracers().current());
        s.put("pids", instance.events().pids().toString());
        for (int cpu : instance.buffer().cpus().toArray()) {
            s.put("size" + cpu, Long.toString(instance.buffer().sizeKb(cpu)));
        }
        s.put("percent", Integer.toString(instance.buffer().percent()));
        s.put("options", instance.options().all().toString());
        s.put("sched", instance.events().state("sched:*").toString());
        s.put("filter", instance.events().filter("sched:sched_switch"));
        s.put("triggers", instance.events().triggers("sched:sched_switch").toString());
        return s;
    }
}
