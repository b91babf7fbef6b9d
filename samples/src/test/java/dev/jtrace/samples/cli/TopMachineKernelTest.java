package dev.jtrace.samples.cli;

import static dev.jtrace.samples.cli.ChildJvm.awaitTracing;
import static dev.jtrace.samples.cli.ChildJvm.errorFile;
import static dev.jtrace.samples.cli.ChildJvm.instancesOf;
import static dev.jtrace.samples.cli.ChildJvm.jtrace;
import static dev.jtrace.samples.cli.ChildJvm.topLevelState;
import static org.assertj.core.api.Assertions.assertThat;

import dev.jtrace.core.CpuSet;
import dev.jtrace.core.KernelFacility;
import dev.jtrace.core.testing.RequiresKernel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's main job, shortened: {@code jtrace top -d 1} on its default events traces the whole
 * machine in a JVM of its own while a thread of this JVM makes about 20,000 system calls a second.
 */
@RequiresKernel(KernelFacility.TRACEFS_MOUNTED)
class TopMachineKernelTest {
    private static final int BURST = 20;
    private static final String SYSCALLS = "Top processes by system calls:";
    private static final String SWITCHES = "Top processes by context switches (times switched out):";
    private static final String LOST = "Lost events per CPU:";
    private static final String PROCESS_HEADER = "       COUNT      PID  COMM";

    @TempDir
    Path dir;

    @Test
    void shouldSummariseTheWholeMachineForOneSecondOnTheDefaultEvents() throws Exception {
        Map<String, String> before = topLevelState();
        Path out = dir.resolve("top.txt");
        Process top;
        int tid;
        long callsTraced;
        try (ChildJvm.Load load = ChildJvm.Load.start(BURST)) {
            tid = load.tid();
            top = jtrace(out, "top", "-d", "1");
            awaitTracing(top, "raw_syscalls/sys_enter");
            long first = load.calls();
            Thread.sleep(400); // well inside the second, which starts once tracing is on
            callsTraced = load.calls() - first - BURST;
            assertThat(ChildJvm.await(top, 60)).as(Files.readString(errorFile(out))).isZero();
        }
        String err = Files.readString(errorFile(out));
        String text = Files.readString(out, StandardCharsets.ISO_8859_1);
        assertThat(err).as("stderr").isEqualTo("jtrace: tracing this machine for 1.0 s (Ctrl-C ends it early)...\n");
        assertThat(instancesOf(top.pid())).isEmpty();
        assertThat(topLevelState()).isEqualTo(before);

        Matcher head = Pattern.compile("\\A(\\d+) events in (\\d+\\.\\d) s \\((\\d+)/s\\), (\\d+) lost\\n").matcher(text);
        assertThat(head.find()).as(text).isTrue();
        assertThat(Long.parseLong(head.group(1))).isPositive();
        // -d 1, not the default 3 s: the time runs from start to the last event read
        assertThat(Double.parseDouble(head.group(2))).as(text).isBetween(1.0, 2.5);
        long lostTotal = Long.parseLong(head.group(4));

        // Events by type: the defaults, machine-wide (this JVM's thread alone makes system calls and switches).
        List<String> types = section(text, "Events by type:");
        assertThat(types.getFirst()).isEqualTo("       COUNT  EVENT");
        assertThat(types.subList(1, types.size())).isNotEmpty()
                .allMatch(r -> r.matches(" +[1-9]\\d*  \\w+:\\w+") || r.matches(" +\\(\\d+ more event types\\)"));
        assertThat(text).containsPattern("(?m)^ +[1-9]\\d*  raw_syscalls:sys_enter$")
                .containsPattern("(?m)^ +[1-9]\\d*  sched:sched_switch$");

        List<String> switches = section(text, SWITCHES);
        assertThat(switches.getFirst()).isEqualTo(PROCESS_HEADER);
        assertThat(switches.subList(1, switches.size())).isNotEmpty().hasSizeLessThanOrEqualTo(10)
                .allMatch(r -> r.matches(" +[1-9]\\d* +\\d+  .+"));

        // The load thread makes by far the most system calls here; its row has its name from the
        // switches it made and at least the calls made while tracing certainly ran.
        List<String> syscalls = section(text, SYSCALLS);
        assertThat(syscalls.getFirst()).isEqualTo(PROCESS_HEADER);
        assertThat(syscalls.subList(1, syscalls.size())).isNotEmpty().hasSizeLessThanOrEqualTo(10)
                .allMatch(r -> r.matches(" +[1-9]\\d* +\\d+  .+"));
        Matcher own = Pattern.compile("(?m)^ +(\\d+) +" + tid + "  jtrace-test-loa$").matcher(String.join("\n", syscalls));
        assertThat(own.find()).as("a row for thread %d (jtrace-test-load) in %s", tid, syscalls).isTrue();
        assertThat(Long.parseLong(own.group(1)) + lostTotal).isGreaterThanOrEqualTo(callsTraced);

        // the last table: one row per online CPU, in order
        List<String> lost = section(text, LOST);
        assertThat(lost.getFirst()).isEqualTo("        LOST  CPU");
        List<String> rows = lost.subList(1, lost.size());
        assertThat(rows).allMatch(r -> r.matches(" +\\d+  \\d+"));
        assertThat(rows.stream().map(r -> Integer.parseInt(r.substring(r.lastIndexOf(' ') + 1))).toList())
                .isEqualTo(CpuSet.online().stream().boxed().toList());
        assertThat(rows.stream().mapToLong(r -> Long.parseLong(r.strip().split(" +")[0])).sum()).isEqualTo(lostTotal);
    }

    /** The lines after {@code title} up to the next empty line (or the end). */
    private static List<String> section(String text, String title) {
        int at = text.indexOf("\n" + title + "\n");
        assertThat(at).as("no '%s' in:%n%s", title, text).isNotNegative();
        List<String> lines = text.substring(at + title.length() + 2).lines().toList();
        int end = lines.indexOf("");
        return end < 0 ? lines : lines.subList(0, end);
    }
}
