package dev.jtrace.samples.examples;

import static dev.jtrace.samples.cli.ChildJvm.awaitTracing;
import static dev.jtrace.samples.cli.ChildJvm.errorFile;
import static dev.jtrace.samples.cli.ChildJvm.instancesOf;
import static dev.jtrace.samples.cli.ChildJvm.java;
import static org.assertj.core.api.Assertions.assertThat;

import dev.jtrace.core.KernelFacility;
import dev.jtrace.core.testing.RequiresKernel;
import dev.jtrace.samples.cli.ChildJvm;
import dev.jtrace.samples.cli.JtraceCli;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The examples run as a user runs them, each in a JVM of its own, against this machine's kernel. */
@RequiresKernel(KernelFacility.TRACEFS_MOUNTED)
class ExamplesKernelTest {
    @TempDir
    Path dir;

    private List<String> output(Process p, Path out) throws Exception {
        int rc = ChildJvm.await(p, 60);
        assertThat(rc).as(Files.readString(errorFile(out))).isZero();
        assertThat(instancesOf(p.pid())).as("instances left by the example").isEmpty();
        return Files.readAllLines(out, StandardCharsets.ISO_8859_1);
    }

    /**
     * CountEvents counts every sched_switch for two seconds: at least the times a thread of this JVM
     * was switched out (the kernel's own count in /proc) during a second inside that window.
     */
    @Test
    void countEventsShouldCountAtLeastTheSwitchesTheKernelCountedForOneThread() throws Exception {
        Path out = dir.resolve("count.txt");
        Process p;
        long switches;
        try (ChildJvm.Load load = ChildJvm.Load.start(5)) {
            p = java(out, CountEvents.class.getName());
            awaitTracing(p, "sched/sched_switch");
            long first = load.contextSwitches();
            Thread.sleep(1000); // the example counts for 2 s from about now
            switches = load.contextSwitches() - first;
        }
        List<String> lines = output(p, out);
        int cpus = Runtime.getRuntime().availableProcessors();
        assertThat(lines).hasSize(cpus + 1);
        long counted = 0;
        for (int cpu = 0; cpu < cpus; cpu++) {
            Matcher m = Pattern.compile("cpu" + cpu + ": (\\d+) context switches").matcher(lines.get(cpu));
            assertThat(m.matches()).as(lines.get(cpu)).isTrue();
            counted += Long.parseLong(m.group(1));
        }
        Matcher lost = Pattern.compile("lost: (\\d+)").matcher(lines.get(cpus));
        assertThat(lost.matches()).as(lines.get(cpus)).isTrue();
        assertThat(switches).as("the load thread's switches in a second").isGreaterThan(200);
        assertThat(counted + Long.parseLong(lost.group(1))).isGreaterThanOrEqualTo(switches);
    }

    /**
     * DecodeTraceDat prints every sched_switch of a file (recorded here with {@code jtrace record})
     * in time order, with the same time stamp, CPU, next_comm and next_pid as {@code trace-cmd report}.
     */
    @Test
    void decodeTraceDatShouldPrintWhatTraceCmdReadsFromTheSameFile() throws Exception {
        Path file = dir.resolve("switches.dat");
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int rc;
        try (ChildJvm.Load load = ChildJvm.Load.start(5)) {
            rc = JtraceCli.run(new String[] {"record", "-e", "sched:sched_switch", "-e", "sched:sched_wakeup", "-d",
                "1", "-o", file.toString()}, new PrintStream(new ByteArrayOutputStream(), true),
                    new PrintStream(err, true));
        }
        assertThat(rc).as(err.toString(StandardCharsets.UTF_8)).isZero();

        Path tcOut = dir.resolve("trace-cmd.txt");
        Process tc = new ProcessBuilder("trace-cmd", "report", "-t", "-R", file.toString())
                .redirectOutput(tcOut.toFile()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        assertThat(tc.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(tc.exitValue()).isZero();
        // raw fields, full time stamps: comm-pid [cpu] secs.nanos: sched_switch: ... next_comm=C next_pid=P next_prio=
        Pattern raw = Pattern.compile("\\[(\\d{3})\\] +(\\d+)\\.(\\d{9}): sched_switch: .* next_comm=(.*) "
                + "next_pid=(-?\\d+) next_prio=");
        List<String> expected = new ArrayList<>();
        for (String line : Files.readAllLines(tcOut, StandardCharsets.ISO_8859_1)) {
            Matcher m = raw.matcher(line);
            if (m.find()) {
                expected.add(Long.parseLong(m.group(2)) * 1_000_000_000L + Long.parseLong(m.group(3)) + " cpu"
                        + Integer.parseInt(m.group(1)) + " -> " + m.group(4) + " (" + m.group(5) + ")");
            }
        }
        assertThat(expected).as("sched_switch lines from trace-cmd").hasSizeGreaterThan(100);

        Path out = dir.resolve("decode.txt");
        List<String> printed = output(java(out, DecodeTraceDat.class.getName(), file.toString()), out);
        // Records with equal time stamps on different CPUs may be merged in either order.
        assertThat(printed).containsExactlyInAnyOrderElementsOf(expected);
        long previous = Long.MIN_VALUE;
        for (String line : printed) {
            long t = Long.parseLong(line.substring(0, line.indexOf(' ')));
            assertThat(t).as("time order at %s", line).isGreaterThanOrEqualTo(previous);
            previous = t;
        }
    }

    /**
     * MarkersNextToKernelEvents prints its three requests' markers, in order and as the kernel's trace
     * file shows a marker, with the openat of each request's temporary file (O_WRONLY|O_CREAT|O_EXCL,
     * mode 0600) from the same thread between its start and end.
     */
    @Test
    void markersShouldFrameEachRequestsOwnOpenatAsTheKernelPrintsThem() throws Exception {
        Path out = dir.resolve("markers.txt");
        List<String> lines = output(java(out, MarkersNextToKernelEvents.class.getName()), out);
        Pattern marker = Pattern.compile(
                " *(\\S.*)-(\\d+) +\\[\\d{3}\\] \\S{5} +\\d+\\.\\d{6}: tracing_mark_write: (request \\d (?:start|end))");
        List<String> markers = new ArrayList<>();
        List<Integer> at = new ArrayList<>();
        String writer = null;
        for (int i = 0; i < lines.size(); i++) {
            Matcher m = marker.matcher(lines.get(i));
            if (m.matches()) {
                markers.add(m.group(3));
                at.add(i);
                String who = m.group(1) + "-" + m.group(2);
                assertThat(writer == null || writer.equals(who)).as("one writer: %s", lines.get(i)).isTrue();
                writer = who;
            }
        }
        assertThat(markers).as(String.join("\n", lines)).containsExactly("request 1 start", "request 1 end",
                "request 2 start", "request 2 end", "request 3 start", "request 3 end");
        assertThat(writer).as("the main thread's name from saved_cmdlines").startsWith("java-");
        String create = Pattern.quote(writer) + " .*: sys_openat\\(dfd: 0xffffff9c, filename: 0x[0-9a-f]+, flags: 0xc1, mode: 0x180\\)";
        for (int r = 0; r < 3; r++) {
            List<String> inside = lines.subList(at.get(2 * r) + 1, at.get(2 * r + 1));
            assertThat(inside).as("request %d", r + 1).anyMatch(l -> l.strip().matches(create));
        }
        long previous = 0;
        for (String line : lines) {
            Matcher t = Pattern.compile("\\] \\S{5} +(\\d+)\\.(\\d{6}): ").matcher(line);
            assertThat(t.find()).as(line).isTrue();
            long micros = Long.parseLong(t.group(1)) * 1_000_000 + Long.parseLong(t.group(2));
            assertThat(micros).as("time order at %s", line).isGreaterThanOrEqualTo(previous);
            previous = micros;
        }
    }
}
