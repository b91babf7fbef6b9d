package dev.jtrace.traceevent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jtrace.core.KernelFacility;
import dev.jtrace.core.testing.KernelTests;
import dev.jtrace.core.testing.RequiresKernel;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The oracle of issue 3: the kernel's own {@code trace} text against {@link EventRenderer}, line by
 * line, over a broad mix of events from a short workload. At least 99.9% of the lines must be
 * byte-identical; below that the failure message lists each differing event type with an example.
 * The comparison must not be empty, must include trace_marker lines and, under
 * {@link KernelTests#kernelRequired()}, a line of every system of {@link RenderOracleCapture#SYSTEMS}
 * this kernel has.
 *
 * <p>Set {@code -Djtrace.oracleDump=DIR} or the environment variable {@code JTRACE_ORACLE_DUMP=DIR}
 * to keep the captured inputs in DIR; {@link RenderOracleOffline} re-runs the comparison from there
 * without the kernel.
 */
@RequiresKernel(KernelFacility.TRACEFS_WRITABLE)
class RenderOracleKernelTest {
    @TempDir
    Path temp;

    @Test
    void shouldRenderAtLeast99Point9PercentOfTheKernelsTraceLinesByteIdentically() throws Exception {
        Path dir = dumpDir().orElse(temp.resolve("dump"));
        long t0 = System.nanoTime();
        RenderOracleInputs inputs;
        String missing;
        List<String> enabled;
        long t1;
        long t2;
        try (RenderOracleCapture capture = RenderOracleCapture.start()) {
            missing = capture.missing().isEmpty() ? "none" : String.join(" ", capture.missing());
            enabled = capture.enabled();
            t1 = System.nanoTime();
            RenderOracleWorkload.run(capture.instance(), temp);
            t2 = System.nanoTime();
            inputs = capture.stopAndDump(dir);
        }
        long t3 = System.nanoTime();

        EventRenderer renderer = new EventRenderer(inputs.formats(), inputs.context());
        RenderOracleReport report = RenderOracleCompare.compare(inputs, renderer::appendLine, 1);
        long t4 = System.nanoTime();

        System.out.printf("%s; missing systems: %s; setup %d ms, workload %d ms, capture %d ms, compare %d ms; "
                + "inputs in %s%n", report.summary(), missing, ms(t1 - t0), ms(t2 - t1), ms(t3 - t2), ms(t4 - t3), dir);
        assertThat(report.problems()).as("problems that make the comparison untrustworthy%n%s", report.render())
                .isEmpty();
        assertCovered(report, enabled, KernelTests.kernelRequired());
        assertThat(report.identicalPercent()).as("share of byte-identical lines%n%s", report.render())
                .isGreaterThanOrEqualTo(RenderOracleReport.TARGET_PERCENT);
    }

    /**
     * A share of identical lines means little over an empty comparison or one that missed what it
     * was meant to cover: there must be lines, trace_marker lines among them, and (when kernel tests
     * are required) a line from every system of the mix whose events directory this kernel has.
     */
    static void assertCovered(RenderOracleReport report, List<String> enabledSystems, boolean required) {
        assertThat(report.total()).as("lines compared: an empty comparison proves nothing%n%s", report.render())
                .isPositive();
        assertThat(report.lines("ftrace:print")).as("ftrace:print lines (the workload's trace_marker writes)")
                .isPositive();
        List<String> silent = report.systemsWithoutLines(enabledSystems);
        if (required) {
            assertThat(silent).as("enabled systems that produced no line (the workload must reach each)%n%s",
                    report.renderCounts()).isEmpty();
        } else if (!silent.isEmpty()) {
            System.out.println("render oracle: enabled systems without a line (a failure under CI=true): "
                    + String.join(" ", silent));
        }
    }

    @Test
    void shouldRenderKernelAndUserStackTracesLikeTheKernel() throws Exception {
        RenderOracleInputs inputs;
        try (RenderOracleCapture capture = RenderOracleCapture.start()) {
            Path instance = capture.instance();
            java.nio.file.Files.writeString(instance.resolve("events/enable"), "0");
            java.nio.file.Files.writeString(instance.resolve("events/sched/sched_switch/enable"), "1");
            java.nio.file.Files.writeString(instance.resolve("options/stacktrace"), "1");
            java.nio.file.Files.writeString(instance.resolve("options/userstacktrace"), "1");
            new ProcessBuilder("sh", "-c", "ls /usr > /dev/null").start().waitFor();
            Thread.sleep(50);
            inputs = capture.stopAndDump(temp.resolve("stack"));
        }
        EventRenderer renderer = new EventRenderer(inputs.formats(), inputs.context());
        RenderOracleReport report = RenderOracleCompare.compare(inputs, renderer::appendLine, 1);
        System.out.println("kernel stacks: " + report.summary());
        assertThat(report.problems()).as("%s", report.render()).isEmpty();
        assertThat(inputs.trace()).contains("<stack trace>\n => ").contains("<user stack trace>\n =>  <");
        assertThat(report.identicalPercent()).as("%s", report.render()).isEqualTo(100.0);
    }

    private static long ms(long nanos) {
        return nanos / 1_000_000;
    }

    /** Where to keep the inputs: -Djtrace.oracleDump, else $JTRACE_ORACLE_DUMP, else nowhere. */
    static Optional<Path> dumpDir() {
        String dir = System.getProperty("jtrace.oracleDump");
        if (dir == null || dir.isBlank()) {
            dir = System.getenv("JTRACE_ORACLE_DUMP");
        }
        return dir == null || dir.isBlank() ? Optional.empty() : Optional.of(Path.of(dir));
    }
}
