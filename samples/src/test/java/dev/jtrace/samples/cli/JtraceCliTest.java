package dev.jtrace.samples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jtrace.core.Availability;
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
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JtraceCliTest {
    private static final String NL = System.lineSeparator();

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
    @RequiresKernel(KernelFacility.TRACEFS_MOUNTED)
    void shouldListTheTopLevelTracersClocksAndOptionsAsTheKernelsOwnFilesHaveThem() throws Exception {
        Path root = TracefsMount.find().orElseThrow();
        String current = Files.readString(root.resolve("current_tracer")).strip();
        Availability function = Facilities.check(KernelFacility.FUNCTION_TRACER);
        List<String> tracers = new ArrayList<>();
        for (String t : Files.readString(root.resolve("available_tracers")).strip().split("\\s+")) {
            String state = t.equals(current) ? "current"
                    : t.equals("function") && !function.available() ? "refused: " + function.reason() : "";
            tracers.add(row(t, state));
        }
        List<String> clocks = new ArrayList<>();
        int marked = 0;
        for (String c : Files.readString(root.resolve("trace_clock")).strip().split("\\s+")) {
            boolean now = c.startsWith("[") && c.endsWith("]");
            marked += now ? 1 : 0;
            clocks.add(row(now ? c.substring(1, c.length() - 1) : c, now ? "current" : ""));
        }
        List<String> options = new ArrayList<>();
        try (Stream<Path> files = Files.list(root.resolve("options"))) {
            for (Path o : files.sorted(Comparator.comparing(f -> f.getFileName().toString())).toList()) {
                String on = Files.readString(o).strip();
                assertThat(on).as(o.toString()).isIn("0", "1");
                options.add(String.format("  %-3s  %s", on.equals("1") ? "on" : "off", o.getFileName()));
            }
        }
        assertThat(tracers).contains(row(current, "current"));
        assertThat(marked).isEqualTo(1);
        assertThat(options).hasSizeGreaterThan(10);

        assertThat(run("list")).isEqualTo(0);
        assertThat(section("Tracers (top level):")).isEqualTo(tracers);
        assertThat(section("Trace clocks (top level):")).isEqualTo(clocks);
        assertThat(section("Options (top level):")).isEqualTo(options);
        if (tracers.stream().anyMatch(t -> t.strip().startsWith("function ")) && !function.available()) {
            // listed but refused (EPERM on the machines this runs on): the probe's reason says so
            assertThat(out()).containsPattern("(?m)^  function +refused: .*" + Pattern.quote(function.reason()) + "$");
        }
    }

    private static String row(String name, String state) {
        return state.isEmpty() ? "  " + name : String.format("  %-16s %s", name, state);
    }

    /** The lines after a title line of {@code list}'s output, up to the next empty line. */
    private List<String> section(String title) {
        List<String> lines = out().lines().toList();
        int start = lines.indexOf(title);
        assertThat(start).as("'%s' in:%n%s", title, out()).isNotNegative();
        int end = start + 1;
        while (end < lines.size() && !lines.get(end).isEmpty()) {
            end++;
        }
        return lines.subList(start + 1, end);
    }

    @Test
    void shouldExplainUsageErrorsWithExitCode2() {
        assertThat(run()).isEqualTo(JtraceCli.EXIT_USAGE);
        assertThat(run("list", "--bogus")).isEqualTo(JtraceCli.EXIT_USAGE);
    }

    @Test
    void shouldRejectAnUnknownCommandWithOneLineAndAHint() {
        assertThat(run("frobnicate")).isEqualTo(JtraceCli.EXIT_USAGE);
        assertThat(err()).isEqualTo("jtrace: unknown command 'frobnicate' (see 'jtrace --help')" + NL);
        assertThat(out()).isEmpty();
    }

    @Test
    void shouldRejectABadOptionValueWithOneLineAndExitCode2() {
        assertThat(run("top", "-d", "abc")).isEqualTo(JtraceCli.EXIT_USAGE);
        assertThat(err()).isEqualTo("jtrace top: option -d needs a positive number, not 'abc' "
                + "(see 'jtrace top --help')" + NL);
        err.reset();
        assertThat(run("record", "-b", "-4")).isEqualTo(JtraceCli.EXIT_USAGE);
        assertThat(err()).isEqualTo("jtrace record: option -b needs a positive number, not '-4' "
                + "(see 'jtrace record --help')" + NL);
        assertThat(out()).isEmpty();
    }

    @Test
    void shouldFailWithOneLineNamingAMissingReportFile(@TempDir Path dir) {
        Path missing = dir.resolve("missing.dat");
        assertThat(run("report", missing.toString())).isEqualTo(JtraceCli.EXIT_FAILURE);
        assertThat(err()).isEqualTo("jtrace report: cannot read " + missing + ": no such file" + NL);
        assertThat(out()).isEmpty();
    }

    @Test
    void shouldTurnAnUnexpectedExceptionIntoOneLineAndExitCode1() {
        PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
        assertThat(JtraceCli.run("top", (a, x, y) -> {
            throw new NullPointerException();
        }, new String[0], o, e, false)).isEqualTo(JtraceCli.EXIT_FAILURE);
        assertThat(err()).isEqualTo("jtrace top: java.lang.NullPointerException" + NL);
        err.reset();
        assertThat(JtraceCli.run("stream", (a, x, y) -> {
            throw new IllegalStateException("the reader thread died");
        }, new String[0], o, e, false)).isEqualTo(JtraceCli.EXIT_FAILURE);
        assertThat(err()).isEqualTo("jtrace stream: the reader thread died" + NL);
        err.reset();
        assertThat(JtraceCli.run("stream", (a, x, y) -> {
            throw new IllegalStateException("the reader thread died");
        }, new String[0], o, e, true)).isEqualTo(JtraceCli.EXIT_FAILURE);
        assertThat(err()).startsWith("jtrace stream: the reader thread died" + NL
                + "java.lang.IllegalStateException: the reader thread died" + NL)
                .contains("\tat dev.jtrace.samples.cli.JtraceCli.run(");
    }

    @Test
    void shouldPrintTheStackTraceOnlyWhenJtraceDebugIsSet(@TempDir Path dir) throws Exception {
        String missing = dir.resolve("missing.dat").toString();
        assertThat(jvm(dir, null, "report", missing)).isEqualTo("jtrace report: cannot read " + missing
                + ": no such file" + NL);
        assertThat(jvm(dir, "1", "report", missing)).startsWith("jtrace report: cannot read " + missing
                + ": no such file" + NL + "dev.jtrace.core.JtraceException: ")
                .contains("\tat dev.jtrace.samples.cli.ReportCommand.run(");
    }

    /** Runs the tool in a JVM of its own, with JTRACE_DEBUG set to {@code debug} (or unset); its stderr. */
    private static String jvm(Path dir, String debug, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                JtraceCli.class.getName()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(dir.resolve("err.txt").toFile());
        pb.environment().remove("JTRACE_DEBUG");
        if (debug != null) {
            pb.environment().put("JTRACE_DEBUG", debug);
        }
        Process p = pb.start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isEqualTo(JtraceCli.EXIT_FAILURE);
        return Files.readString(dir.resolve("err.txt"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"list", "record", "report", "stream", "top"})
    void shouldPrintTheCommandsOwnUsageForHelp(String command) {
        assertThat(run(command, "--help")).isEqualTo(0);
        assertThat(out()).startsWith("usage: jtrace " + command + " ");
        assertThat(out().lines().filter(l -> l.startsWith("usage: "))).hasSize(1);
        assertThat(err()).isEmpty();
    }

    @Test
    void shouldPrintHelpForTheTool() {
        assertThat(run("--help")).isEqualTo(0);
        assertThat(out()).startsWith("usage: jtrace <command>");
        assertThat(err()).isEmpty();
    }

    @Test
    void shouldTranslateGlobsToAnchoredPatterns() {
        assertThat(ListCommand.globToRegex("sched:*").matcher("sched:sched_switch").matches()).isTrue();
        assertThat(ListCommand.globToRegex("sched").matcher("sched_ext").matches()).isFalse();
        assertThat(ListCommand.globToRegex("irq:?rq*").matcher("irq:irq_handler_entry").matches()).isTrue();
        assertThat(ListCommand.globToRegex("a.b").matcher("axb").matches()).isFalse();
    }
}
