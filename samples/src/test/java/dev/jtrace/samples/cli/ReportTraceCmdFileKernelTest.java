package dev.jtrace.samples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jtrace.core.KernelFacility;
import dev.jtrace.core.TracefsMount;
import dev.jtrace.core.testing.RequiresKernel;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code jtrace report} on a file written by trace-cmd itself prints exactly the kernel's own text
 * of the buffer it was extracted from.
 */
@RequiresKernel(KernelFacility.TRACEFS_MOUNTED)
class ReportTraceCmdFileKernelTest {
    @TempDir
    Path dir;

    private static void write(Path file, String value) throws IOException {
        Files.writeString(file, value);
    }

    private static void run(List<String> command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("%s: %s", command, out).isZero();
    }

    @Test
    void shouldPrintTheKernelsOwnTextOfTheBufferTraceCmdExtracted() throws Exception {
        // trace-cmd is installed by .ci/run; without it this fails (it is this test's oracle).
        assertThat(Path.of("/usr/bin/trace-cmd")).as("trace-cmd (Debian package trace-cmd)").exists();
        String name = "jtrace-test-" + ProcessHandle.current().pid() + "-cli-report";
        Path instance = TracefsMount.mountIfAbsent().resolve("instances").resolve(name);
        Files.createDirectory(instance);
        String kernelText;
        try {
            write(instance.resolve("tracing_on"), "0");
            write(instance.resolve("options/hash-ptr"), "0");
            for (String e : List.of("sched/sched_switch", "sched/sched_wakeup", "sched/sched_process_exec",
                    "sched/sched_process_exit", "syscalls/sys_enter_execve", "syscalls/sys_exit_execve")) {
                write(instance.resolve("events").resolve(e).resolve("enable"), "1");
                // Task names come from the global saved_cmdlines at read time, and the JVM renames
                // its process reaper thread while it waits for a child ("process reaper (pid N)",
                // cut to 15 bytes): trace-cmd, itself a child of this JVM, could copy the other name.
                // Leave that thread's own events out (COMM is the current task's name; a lower-case comm would
        // be the field of events such as sched_waking), so every task name is stable.
                write(instance.resolve("events").resolve(e).resolve("filter"), "!(COMM ~ \"process reaper*\")");
            }
            // The reaper thread must exist, with its name, before tracing starts: a thread born
            // while tracing runs is recorded as "java" before the JVM names it.
            run(List.of("/bin/true"));
            write(instance.resolve("tracing_on"), "1");
            for (int i = 0; i < 5; i++) {
                run(List.of("/bin/true"));
            }
            write(instance.resolve("tracing_on"), "0");
            kernelText = new String(Files.readAllBytes(instance.resolve("trace")), StandardCharsets.ISO_8859_1);
            run(List.of("trace-cmd", "extract", "-k", "--quiet", "-B", name, "-o", dir.resolve("tc.dat").toString()));
        } finally {
            write(instance.resolve("tracing_on"), "0");
            write(instance.resolve("events/enable"), "0");
            Files.delete(instance);
        }
        List<String> expected = kernelText.lines().filter(l -> !l.startsWith("#")).toList();
        assertThat(expected).hasSizeGreaterThan(20);

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int rc = JtraceCli.run(new String[] {"report", dir.resolve("tc.dat").toString()}, new PrintStream(out, true),
                new PrintStream(err, true));
        assertThat(rc).as(err.toString(StandardCharsets.UTF_8)).isZero();
        // The file also holds the (empty) top-level buffer trace-cmd always adds: no extra lines.
        assertThat(out.toString(StandardCharsets.ISO_8859_1).lines().toList()).containsExactlyElementsOf(expected);
    }
}
