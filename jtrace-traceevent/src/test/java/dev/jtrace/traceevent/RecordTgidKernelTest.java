package dev.jtrace.traceevent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jtrace.core.KernelFacility;
import dev.jtrace.core.testing.RequiresKernel;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code (tgid)} column against the kernel: in an instance of its own with
 * {@code options/record-tgid} on, a thread of this JVM (pid != tgid) and a child shell (pid ==
 * tgid) write {@code trace_marker} lines; every line of the instance's {@code trace} text must be
 * what {@link EventRenderer} renders for its record with {@link RenderContext#recordTgid()}.
 */
@RequiresKernel(KernelFacility.TRACEFS_WRITABLE)
class RecordTgidKernelTest {
    private static final int ATTEMPTS = 3;

    @TempDir
    Path temp;

    @Test
    void shouldPrintTheTgidColumnExactlyAsTheKernelDoes() throws Exception {
        RenderOracleInputs inputs;
        long tid;
        try (PageCapture capture = PageCapture.createNamed("tgid")) {
            Path instance = capture.instance();
            Path tracefs = instance.getParent().getParent();
            capture.set("options/record-tgid", "1");
            try {
                // An enabled event makes the kernel save task info (comm, tgid) at context switches
                // after this instance's events; the exits of the child shell are the only lines it adds.
                capture.set("events/sched/sched_process_exit/enable", "1");
                capture.set("tracing_on", "1");
                long[] writer = new long[1];
                Thread thread = Thread.ofPlatform().name("tgid-marker").start(() -> {
                    writer[0] = currentTid();
                    try (FileChannel marker = FileChannel.open(instance.resolve("trace_marker"),
                            StandardOpenOption.WRITE)) {
                        for (int i = 0; i < 3; i++) {
                            marker.write(ByteBuffer.wrap(("tgid marker " + i).getBytes(StandardCharsets.US_ASCII)));
                            Thread.sleep(5); // switched out: the kernel saves this thread's tgid
                        }
                    } catch (IOException | InterruptedException e) {
                        throw new IllegalStateException(e);
                    }
                });
                thread.join(10_000);
                tid = writer[0];
                Process sh = new ProcessBuilder("sh", "-c", "echo from sh > \"$1\"; sleep 0.01", "sh",
                        instance.resolve("trace_marker").toString()).start();
                assertThat(sh.waitFor(10, TimeUnit.SECONDS)).isTrue();
                Thread.sleep(20);
                capture.set("tracing_on", "0");
                capture.set("events/enable", "0");
                inputs = read(capture, tracefs);
            } finally {
                capture.set("events/enable", "0");
                capture.set("options/record-tgid", "0");
            }
        }
        long pid = ProcessHandle.current().pid();
        assertThat(tid).as("the writer is a thread of its own").isPositive().isNotEqualTo(pid);
        // the kernel really printed the column, with the JVM's pid as the thread's tgid
        assertThat(inputs.trace()).contains(String.format("-%-7d (%7d) [", tid, pid)).contains("tgid marker 2")
                .contains("from sh");

        EventRenderer renderer = new EventRenderer(inputs.formats(), inputs.context().withRecordTgid(true));
        RenderOracleReport report = RenderOracleCompare.compare(inputs, renderer::appendLine, 3);
        System.out.println("record-tgid: " + report.summary());
        assertThat(report.problems()).as("%s", report.render()).isEmpty();
        assertThat(report.lines("ftrace:print")).as("marker lines").isGreaterThanOrEqualTo(4);
        assertThat(report.identical()).as("%s", report.render()).isEqualTo(report.total());
    }

    /**
     * The trace text, then task names and tgids; again if saved_cmdlines or saved_tgids changed
     * while the trace was read (another tracer on the machine records task info). Then the raw pages.
     */
    private RenderOracleInputs read(PageCapture capture, Path tracefs) throws IOException, InterruptedException {
        Path instance = capture.instance();
        String trace = null;
        String cmdlines = null;
        String tgids = null;
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            String cmdlinesBefore = PageCapture.read(tracefs.resolve("saved_cmdlines"));
            String tgidsBefore = PageCapture.read(tracefs.resolve("saved_tgids"));
            trace = PageCapture.read(instance.resolve("trace"));
            cmdlines = PageCapture.read(tracefs.resolve("saved_cmdlines"));
            tgids = PageCapture.read(tracefs.resolve("saved_tgids"));
            if (cmdlines.equals(cmdlinesBefore) && tgids.equals(tgidsBefore)) {
                break;
            }
        }
        String headerPage = PageCapture.read(instance.resolve("events/header_page"));
        HeaderPage layout = HeaderPage.parse(headerPage, instance.resolve("events/header_page").toString());
        StringBuilder stats = new StringBuilder();
        for (int cpu : capture.cpus()) {
            stats.append("cpu").append(cpu).append('\n')
                    .append(PageCapture.read(instance.resolve("per_cpu/cpu" + cpu + "/stats")));
            capture.readRaw(cpu, layout.subBufferSize(), temp.resolve("cpu" + cpu + ".raw"));
        }
        return new RenderOracleInputs(trace, RenderOracleInputs.loadRaw(temp), layout,
                EventFormats.load(instance.resolve("events")), cmdlines, tgids,
                PageCapture.read(instance.resolve("trace_clock")), "", Path.of("/proc/kallsyms"), stats.toString(), "");
    }

    /** The calling thread's kernel task id, from {@code /proc/thread-self}. */
    private static long currentTid() {
        try {
            return Long.parseLong(java.nio.file.Files.readSymbolicLink(Path.of("/proc/thread-self")).getFileName()
                    .toString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
