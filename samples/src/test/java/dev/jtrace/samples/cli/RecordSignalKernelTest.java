package dev.jtrace.samples.cli;

import static dev.jtrace.samples.cli.ChildJvm.awaitTracing;
import static dev.jtrace.samples.cli.ChildJvm.errorFile;
import static dev.jtrace.samples.cli.ChildJvm.instancesOf;
import static dev.jtrace.samples.cli.ChildJvm.jtrace;
import static dev.jtrace.samples.cli.ChildJvm.topLevelState;
import static org.assertj.core.api.Assertions.assertThat;

import dev.jtrace.core.KernelFacility;
import dev.jtrace.core.internal.LibC;
import dev.jtrace.core.testing.RequiresKernel;
import dev.jtrace.tracedat.RecordCursor;
import dev.jtrace.tracedat.TraceDatFile;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code jtrace record} stopped by SIGINT or SIGTERM while events pour in: a thread of this JVM
 * calls getpid() about 20,000 times a second and the machine's context switches are recorded too.
 * The file must be complete for jtrace's reader and for {@code trace-cmd report} alike (the same
 * events, counted per event name, as the command's own last progress line), hold every getpid call
 * made while tracing was on (the last ones up to the signal included), and the command must leave no
 * instance and no top-level change behind.
 */
@RequiresKernel(KernelFacility.TRACEFS_MOUNTED)
class RecordSignalKernelTest {
    private static final int BURST = 20;
    private static final int LAST_CALLS = 2_000;
    /** An event line of {@code trace-cmd report}: {@code comm-pid [cpu] secs.usecs: name: ...}. */
    private static final Pattern TRACE_CMD_EVENT = Pattern.compile("-\\d+ +\\[\\d{3}\\] +\\d+\\.\\d+: (\\w+:)");
    /**
     * An event line of {@code jtrace report}, as the kernel prints it: {@code comm-pid [cpu] flags
     * secs.usecs: name: ...}, or {@code ...: sys_getpid()} for a system call entry.
     */
    private static final Pattern JTRACE_EVENT =
            Pattern.compile("-\\d+ +\\[\\d{3}\\] \\S{5} +\\d+\\.\\d{6}: (\\w+:|sys_\\w+\\()");
    private static final Pattern PROGRESS =
            Pattern.compile("(?m)^jtrace record: (\\d+) events, \\d+ KiB, (\\d+) lost$");

    @TempDir
    Path dir;

    @ParameterizedTest(name = "SIG{0}")
    @ValueSource(strings = {"INT", "TERM"})
    void shouldWriteAFileBothReadersAgreeOnAndRestoreEverythingWhenSignalledWhileEventsFlow(String signal)
            throws Exception {
        assertThat(Path.of("/usr/bin/trace-cmd")).as("trace-cmd (Debian package trace-cmd)").exists();
        Map<String, String> before = topLevelState();
        Path file = dir.resolve("load.dat");
        Path out = dir.resolve("record.txt");
        Process record;
        Path instance;
        int tid;
        long callsTraced;
        int[] lastTid = new int[1];
        try (ChildJvm.Load load = ChildJvm.Load.start(BURST)) {
            tid = load.tid();
            record = jtrace(out, "record", "-e", "sched:sched_switch", "-e", "syscalls:sys_enter_getpid",
                    "-o", file.toString());
            instance = awaitTracing(record);
            ChildJvm.Armed kill = ChildJvm.arm(record, signal);
            long first = load.calls(); // a burst under way may have begun before tracing was on
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (load.calls() - first < 15_000 && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            // The last calls before the signal, from a thread of their own: the command reads its
            // buffers every 50 ms, so these are still in them when the signal comes and reach the file
            // only if the command drains the buffers after it stopped tracing.
            Thread last = Thread.ofPlatform().start(() -> {
                lastTid[0] = LibC.gettid();
                for (int i = 0; i < LAST_CALLS; i++) {
                    LibC.getpid();
                }
            });
            last.join();
            callsTraced = load.calls() - first - BURST; // every one of these was made while tracing was on
            kill.fire(); // the load goes on until the command has ended
            assertThat(callsTraced).as("getpid calls while recording").isGreaterThan(5_000);
        }
        String err = Files.readString(errorFile(out));
        assertThat(record.exitValue()).as(err).isZero();
        assertThat(err).contains("jtrace: wrote " + file + " (stopped by SIG" + signal + ")");
        assertThat(instance).doesNotExist();
        assertThat(instancesOf(record.pid())).isEmpty();
        assertThat(topLevelState()).isEqualTo(before);

        Matcher progress = PROGRESS.matcher(err);
        long shown = -1;
        long lost = -1;
        while (progress.find()) { // the last line is written after the final drain
            shown = Long.parseLong(progress.group(1));
            lost = Long.parseLong(progress.group(2));
        }
        assertThat(shown).as(err).isPositive();

        // jtrace's reader: every record, by event name, and this thread's getpid calls.
        Map<String, Long> read = new TreeMap<>();
        long ownCalls = 0;
        long lastCalls = 0;
        try (TraceDatFile dat = TraceDatFile.open(file)) {
            RecordCursor cursor = dat.cursor();
            while (cursor.next()) {
                String name = cursor.format().name();
                read.merge(name, 1L, Long::sum);
                if (name.equals("sys_enter_getpid") && cursor.record().commonPid() == tid) {
                    ownCalls++;
                } else if (name.equals("sys_enter_getpid") && cursor.record().commonPid() == lastTid[0]) {
                    lastCalls++;
                }
            }
        }
        assertThat(read.keySet()).containsExactlyInAnyOrder("sched_switch", "sys_enter_getpid");
        assertThat(read.values().stream().mapToLong(Long::longValue).sum()).as("the progress line's count")
                .isEqualTo(shown);
        // Nothing written before tracing stopped is missing (lost events, if any, are accounted for).
        assertThat(lastCalls + lost).as("the last thread's getpid calls in the file (+%d lost)", lost)
                .isGreaterThanOrEqualTo(LAST_CALLS);
        assertThat(lastCalls).isLessThanOrEqualTo(LAST_CALLS);
        assertThat(ownCalls + lost).as("this thread's getpid calls in the file (+%d lost)", lost)
                .isGreaterThanOrEqualTo(callsTraced);

        // jtrace report, and trace-cmd report: the same event lines, by name.
        ByteArrayOutputStream reportOut = new ByteArrayOutputStream();
        ByteArrayOutputStream reportErr = new ByteArrayOutputStream();
        int rc = JtraceCli.run(new String[] {"report", file.toString()}, new PrintStream(reportOut, true),
                new PrintStream(reportErr, true));
        assertThat(rc).as(reportErr.toString(StandardCharsets.UTF_8)).isZero();
        assertThat(countByName(reportOut.toString(StandardCharsets.ISO_8859_1).lines().toList(), JTRACE_EVENT,
                List.of())).isEqualTo(read);

        Path tcOut = dir.resolve("trace-cmd.txt");
        Process tc = new ProcessBuilder("trace-cmd", "report", file.toString()).redirectOutput(tcOut.toFile())
                .redirectError(dir.resolve("trace-cmd.err").toFile()).start();
        assertThat(tc.waitFor(60, TimeUnit.SECONDS)).as("trace-cmd report ended").isTrue();
        String tcErr = Files.readString(dir.resolve("trace-cmd.err"));
        assertThat(tc.exitValue()).as(tcErr).isZero();
        assertThat(tcErr).as("trace-cmd's complaints").isBlank();
        assertThat(countByName(Files.readAllLines(tcOut, StandardCharsets.ISO_8859_1), TRACE_CMD_EVENT,
                List.of(Pattern.compile("cpus=\\d+"), Pattern.compile("CPU:\\d+ \\[\\d+ EVENTS DROPPED\\]"))))
                .isEqualTo(read);
    }

    /** Event lines by event name; every other line must match one of {@code allowed}. */
    private static Map<String, Long> countByName(List<String> lines, Pattern event, List<Pattern> allowed) {
        Map<String, Long> counts = new TreeMap<>();
        for (String line : lines) {
            Matcher m = event.matcher(line);
            if (m.find()) {
                String name = m.group(1);
                // the event's name: "sched_switch:" is sched_switch, "sys_getpid(" is sys_enter_getpid
                name = name.endsWith("(") ? "sys_enter_" + name.substring(4, name.length() - 1)
                        : name.endsWith(":") ? name.substring(0, name.length() - 1) : name;
                counts.merge(name, 1L, Long::sum);
            } else {
                assertThat(allowed).as("a line that is no event: %s", line)
                        .anyMatch(p -> p.matcher(line.strip()).matches());
            }
        }
        return counts;
    }
}
