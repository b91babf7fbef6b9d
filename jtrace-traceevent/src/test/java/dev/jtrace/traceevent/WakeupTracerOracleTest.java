package dev.jtrace.traceevent;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The wakeup tracers' {@code wakeup} and {@code context_switch} entries against a 6.1 kernel.
 *
 * <p>The kernel offers no way to read both the text and the raw pages of the same wakeup-tracer
 * records: {@code trace} shows the max-latency buffer, whose raw pages ({@code snapshot_raw}) are
 * refused while a latency tracer is current and freed when it is not, and the running buffer's
 * text ({@code trace_pipe}) consumes what {@code trace_pipe_raw} would read. So this test takes
 * the kernel's own lines from the captured max-latency texts, builds each entry from the numbers
 * the line shows (the entry holds nothing else), renders it, and requires the kernel's text back
 * byte for byte: padding, state letters, delimiters, CPU and the task name lookup. The raw pages
 * of the running buffer, captured in the same run, must decode and render without a fallback.
 */
class WakeupTracerOracleTest {
    /** The kernel's {@code " %7d:%3d:%c %s [%03d] %7d:%3d:%c %s"}. */
    private static final Pattern CTXWAKE = Pattern.compile(
            " *(\\d+): *(\\d+):(.) (==>|  \\+) \\[(\\d{3})\\] +(\\d+): *(\\d+):(.) (.*)");

    private final Arena arena = Arena.ofAuto();

    @ParameterizedTest
    @ValueSource(strings = {"wakeup", "wakeup_rt"})
    void shouldRenderWakeupAndSwitchEntriesAsTheKernel(String tracer) throws Exception {
        Path dir = TracerOracle.fixture(tracer);
        RenderOracleInputs inputs = RenderOracleInputs.load(dir);
        EventFormat wake = format(inputs.formats(), "wakeup");
        EventFormat ctx = format(inputs.formats(), "context_switch");
        EventRenderer renderer = new EventRenderer(inputs.formats(), inputs.context());
        int total = 0;
        int identical = 0;
        List<String> differences = new ArrayList<>();
        StringBuilder out = new StringBuilder();
        for (String file : traceFiles(dir)) {
            for (String line : TracerOracle.kernelLines(Files.readString(dir.resolve(file)))) {
                Matcher prefix = RenderOracleCompare.LINE_START.matcher(line);
                if (!prefix.lookingAt()) {
                    continue;
                }
                String info = line.substring(prefix.end());
                Matcher m = CTXWAKE.matcher(info);
                if (!m.matches()) {
                    continue;
                }
                total++;
                EventFormat f = m.group(4).equals("==>") ? ctx : wake;
                out.setLength(0);
                renderer.appendInfo(entry(f, m), out);
                if (out.toString().equals(info)) {
                    identical++;
                } else if (differences.size() < 10) {
                    differences.add("\n  kernel: " + info + "\n  jtrace: " + out);
                }
            }
        }
        System.out.printf("%s: %d/%d wakeup/context_switch lines identical%n", tracer, identical, total);
        assertThat(differences).as(tracer).isEmpty();
        assertThat(total).as("wakeup/context_switch lines in the %s captures", tracer).isGreaterThanOrEqualTo(8);

        // the running buffer's pages: every record decodes and renders without a fallback
        TracerOracle.Result raw = TracerOracle.compare(tracer, inputs, (record, next, line) -> {
            renderer.appendLine(record, line);
            assertThat(line.toString()).as("record of %s", record).doesNotContain("[jtrace:");
            return false;
        }, 0);
        assertThat(raw.problems()).isEmpty();
        assertThat(raw.rendered()).isPositive();
    }

    private static List<String> traceFiles(Path dir) throws Exception {
        List<String> files = new ArrayList<>();
        try (var list = Files.list(dir)) {
            list.map(p -> p.getFileName().toString()).filter(n -> n.equals("trace") || n.startsWith("trace-"))
                    .sorted().forEach(files::add);
        }
        return files;
    }

    private static EventFormat format(EventFormats formats, String name) {
        return formats.all().stream().filter(f -> f.system().equals("ftrace") && f.name().equals(name)).findFirst()
                .orElseThrow();
    }

    /** The entry the line shows: prev pid, prio, state; next cpu, pid, prio, state. */
    private EventRecord entry(EventFormat f, Matcher m) {
        MemorySegment p = arena.allocate(f.fields().getLast().offset() + 8);
        p.set(ValueLayout.JAVA_SHORT_UNALIGNED, 0, (short) f.id());
        put(p, f, "prev_pid", Integer.parseInt(m.group(1)));
        put(p, f, "prev_prio", Integer.parseInt(m.group(2)));
        put(p, f, "prev_state", "RSDTtXZPI".indexOf(m.group(3).charAt(0)));
        put(p, f, "next_cpu", Integer.parseInt(m.group(5)));
        put(p, f, "next_pid", Integer.parseInt(m.group(6)));
        put(p, f, "next_prio", Integer.parseInt(m.group(7)));
        put(p, f, "next_state", "RSDTtXZPI".indexOf(m.group(8).charAt(0)));
        return new EventRecord().wrap(p, 0, (int) p.byteSize(), 0, 0, "line");
    }

    private static void put(MemorySegment p, EventFormat f, String field, int value) {
        FieldFormat ff = f.field(field);
        if (ff.size() == 1) {
            p.set(ValueLayout.JAVA_BYTE, ff.offset(), (byte) value);
        } else {
            p.set(ValueLayout.JAVA_INT_UNALIGNED, ff.offset(), value);
        }
    }
}
