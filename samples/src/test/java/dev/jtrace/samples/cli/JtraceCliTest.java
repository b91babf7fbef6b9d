package dev.jtrace.samples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jtrace.core.Facilities;
import dev.jtrace.core.KernelFacility;
import dev.jtrace.core.KernelVersion;
import dev.jtrace.core.TracefsMount;
import dev.jtrace.core.testing.RequiresKernel;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class JtraceCliTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return JtraceCli.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    @RequiresKernel(KernelFacility.TRACEFS_MOUNTED)
    void shouldListEverySystemWithItsEventCountAndEveryFacility() throws Exception {
        assertThat(run("list")).isEqualTo(0);
        Path events = TracefsMount.find().orElseThrow().resolve("events");
        assertThat(out()).startsWith("Linux " + KernelVersion.current().release() + ", ");
        int systems = 0;
        try (Stream<Path> dirs = Files.list(events)) {
            for (Path system : dirs.filter(Files::isDirectory).toList()) {
                long count;
                try (Stream<Path> e = Files.list(system)) {
                    count = e.filter(d -> Files.exists(d.resolve("format"))).count();
                }
                if (count > 0) {
                    systems++;
                    assertThat(out()).containsPattern("(?m)^  " + system.getFileName() + " +" + count + "$");
                }
            }
        }
        assertThat(out()).contains("Event systems (" + systems + " systems, ");
        for (KernelFacility f : KernelFacility.values()) {
            var a = Facilities.check(f);
            assertThat(out()).contains(String.format("  %-4s %-22s %s", a.available() ? "yes" : "no",
                    f.description(), a.reason()));
        }
        assertThat(err()).isEmpty();
    }

    @Test
    @RequiresKernel(KernelFacility.TRACEFS_MOUNTED)
    void shouldListExactlyTheEventsMatchingAGlob() throws Exception {
        Path sched = TracefsMount.find().orElseThrow().resolve("events/sched");
        List<String> expected;
        try (Stream<Path> e = Files.list(sched)) {
            expected = e.filter(d -> Files.exists(d.resolve("format")))
                    .map(d -> "sched:" + d.getFileName()).filter(n -> n.contains("wak")).sorted().toList();
        }
        assertThat(expected).isNotEmpty();
        assertThat(run("list", "sched:*wak*")).isEqualTo(0);
        assertThat(out().lines().toList()).isEqualTo(expected);
    }

    @Test
    @RequiresKernel(KernelFacility.TRACEFS_MOUNTED)
    void shouldFailWithOneLineWhenNothingMatches() {
        assertThat(run("list", "no_such_system:*")).isEqualTo(JtraceCli.EXIT_FAILURE);
        assertThat(err()).isEqualTo("jtrace: no event matches 'no_such_system:*'" + System.lineSeparator());
    }

    @Test
    void shouldExplainUsageErrorsWithExitCode2() {
        assertThat(run("frobnicate")).isEqualTo(JtraceCli.EXIT_USAGE);
        assertThat(err()).startsWith("jtrace: unknown command 'frobnicate'");
        assertThat(run()).isEqualTo(JtraceCli.EXIT_USAGE);
        assertThat(run("list", "--bogus")).isEqualTo(JtraceCli.EXIT_USAGE);
    }

    @Test
    void shouldPrintHelpForTheToolAndEachCommand() {
        assertThat(run("--help")).isEqualTo(0);
        assertThat(out()).contains("usage: jtrace <command>");
        assertThat(run("list", "--help")).isEqualTo(0);
        assertThat(out()).contains("usage: jtrace list [PATTERN]");
    }

    @Test
    void shouldTranslateGlobsToAnchoredPatterns() {
        assertThat(ListCommand.globToRegex("sched:*").matcher("sched:sched_switch").matches()).isTrue();
        assertThat(ListCommand.globToRegex("sched").matcher("sched_ext").matches()).isFalse();
        assertThat(ListCommand.globToRegex("irq:?rq*").matcher("irq:irq_handler_entry").matches()).isTrue();
        assertThat(ListCommand.globToRegex("a.b").matcher("axb").matches()).isFalse();
    }
}
