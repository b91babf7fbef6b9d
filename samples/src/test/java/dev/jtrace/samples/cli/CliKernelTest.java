package dev.jtrace.samples.cli;

import static dev.jtrace.samples.cli.ChildJvm.awaitTracing;
import static dev.jtrace.samples.cli.ChildJvm.jtrace;
import static dev.jtrace.samples.cli.ChildJvm.signal;
import static org.assertj.core.api.Assertions.assertThat;

import dev.jtrace.core.CpuSet;
import dev.jtrace.core.KernelFacility;
import dev.jtrace.core.internal.LibC;
import dev.jtrace.core.testing.RequiresKernel;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CLI as a user runs it: separate JVMs, stopped with SIGINT. The events are this thread's own
 * getpid() calls (filtered by its tid), so both commands see exactly the same ones.
 */
@RequiresKernel(KernelFacility.TRACEFS_MOUNTED)
class CliKernelTest {
    private static final int CALLS = 40;

    @TempDir
    Path dir;

    @Test
    void shouldReportFromTheRecordedFileExactlyWhatStreamPrintedAndLeaveNoInstanceAfterSigint() throws Exception {
        int tid = LibC.gettid();
        String event = "syscalls:sys_enter_getpid:common_pid == " + tid;
        Path file = dir.resolve("cli.dat");
        Path streamOut = dir.resolve("stream.txt");
        Process stream = jtrace(streamOut, "stream", "-e", event);
        Process record = jtrace(dir.resolve("record.txt"), "record", "-e", event, "-o", file.toString());
        Path streamInstance = awaitTracing(stream);
        Path recordInstance = awaitTracing(record);
        for (int i = 0; i < CALLS; i++) {
            LibC.getpid();
        }
        Thread.sleep(500); // let stream's reader pick them up before it is told to stop
        signal(stream, "INT");
        signal(record, "INT");
        assertThat(stream.exitValue()).as(Files.readString(dir.resolve("stream.txt.err"))).isZero();
        assertThat(record.exitValue()).as(Files.readString(dir.resolve("record.txt.err"))).isZero();
        // stderr is a file here: plain progress lines, no carriage returns
        assertThat(Files.readString(dir.resolve("record.txt.err"))).contains("(stopped by SIGINT)")
                .doesNotContain("\r").containsPattern("(?m)^jtrace record: \\d+ events, \\d+ KiB, \\d+ lost$");
        assertThat(streamInstance).doesNotExist();
        assertThat(recordInstance).doesNotExist();

        List<String> streamed = Files.readAllLines(streamOut, StandardCharsets.ISO_8859_1);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int rc = JtraceCli.run(new String[] {"report", file.toString()}, new PrintStream(out, true),
                new PrintStream(new ByteArrayOutputStream(), true));
        assertThat(rc).isZero();
        List<String> reported = out.toString(StandardCharsets.ISO_8859_1).lines().toList();

        assertThat(streamed).hasSize(CALLS);
        assertThat(reported).hasSize(CALLS);
        for (int i = 0; i < CALLS; i++) {
            assertThat(streamed.get(i)).contains("-" + tid + " ", ": sys_getpid()");
            // The tracepoint writes one copy per instance, each stamped when written into its own
            // buffer (measured: up to a few microseconds apart under load), so only the time stamp
            // column may differ, by less than a millisecond, and the order must be the same.
            assertThat(withoutTime(reported.get(i))).isEqualTo(withoutTime(streamed.get(i)));
            assertThat(Math.abs(micros(reported.get(i)) - micros(streamed.get(i)))).isLessThan(1000);
            if (i > 0) {
                assertThat(micros(reported.get(i))).isGreaterThanOrEqualTo(micros(reported.get(i - 1)));
            }
        }
    }

    private static String withoutTime(String line) {
        return line.replaceFirst(" \\d+\\.\\d{6}: ", " T: ");
    }

    private static long micros(String line) {
        var m = java.util.regex.Pattern.compile(" (\\d+)\\.(\\d{6}): ").matcher(line);
        assertThat(m.find()).as(line).isTrue();
        return Long.parseLong(m.group(1)) * 1_000_000 + Long.parseLong(m.group(2));
    }

    @Test
    void shouldPrintNonEmptyTablesForACommandTracedByTop() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int rc = JtraceCli.run(new String[] {"top", "--", "/bin/sh", "-c", "for i in 1 2 3 4 5; do /bin/true; done"},
                new PrintStream(out, true), new PrintStream(err, true));
        String text = out.toString(StandardCharsets.UTF_8);
        assertThat(rc).as(err.toString(StandardCharsets.UTF_8)).isZero();
        assertThat(text).containsPattern("(?m)^\\d+ events in ");
        assertThat(text).containsPattern("(?m)^ +\\d+  sched:sched_process_exec$");
        // the shell and its five children (named at their first switch, before exec made them true)
        assertThat(text.substring(text.indexOf("Top processes by system calls:")))
                .containsPattern("(?s)(\\n +[1-9]\\d* +\\d+  sh\\b.*){6}");
        assertThat(text).contains("Top processes by system calls:\n       COUNT      PID  COMM\n");
        assertThat(text).containsPattern("Top processes by context switches \\(times switched out\\):\n"
                + "       COUNT      PID  COMM\n +[1-9]\\d* +\\d+  \\S");
        // the last table: one row per online CPU, in order
        String header = "\nLost events per CPU:\n        LOST  CPU\n";
        assertThat(text).contains(header);
        List<String> rows = text.substring(text.indexOf(header) + header.length()).lines().toList();
        assertThat(rows).allMatch(r -> r.matches(" +\\d+  \\d+"));
        assertThat(rows.stream().map(r -> Integer.parseInt(r.substring(r.lastIndexOf(' ') + 1))).toList())
                .isEqualTo(CpuSet.online().stream().boxed().toList());
    }
}
