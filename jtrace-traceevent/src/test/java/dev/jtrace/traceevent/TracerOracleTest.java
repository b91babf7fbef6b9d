package dev.jtrace.traceevent;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The oracle over the tracer captures of Debian's 6.1 kernel (oracle/qemu-6.1, made by
 * oracle/qemu/capture.sh): every line of each tracer's {@code trace} file, rendered from the raw
 * pages captured with it, must be byte-identical, and the line counts must be exactly the
 * capture's.
 *
 * <p>Not covered by these captures (unit-tested instead, FunctionGraphRendererTest): interrupt
 * markers, which need an interrupt inside a traced function, and the options other than the
 * defaults. The wakeup tracers have their own test (WakeupTracerOracleTest).
 */
class TracerOracleTest {

    private static TracerOracle.Result eventLines(String name) throws Exception {
        Path dir = TracerOracle.fixture(name);
        RenderOracleInputs inputs = RenderOracleInputs.load(dir);
        EventRenderer renderer = new EventRenderer(inputs.formats(), inputs.context(), TracerOracle.graphOptions(dir));
        return TracerOracle.compare(name, inputs, (record, next, out) -> {
            renderer.appendLine(record, out);
            return false;
        }, 10);
    }

    /** The kernel lines of a capture that contain {@code text} (to show what a fixture exercises). */
    private static long kernelLinesWith(String name, String text) throws Exception {
        return TracerOracle.kernelLines(RenderOracleInputs.text(TracerOracle.fixture(name).resolve("trace"))).stream()
                .filter(l -> l.contains(text)).count();
    }

    private static void assertIdentical(TracerOracle.Result result, int lines) {
        System.out.print(result.report());
        assertThat(result.problems()).as(result.report()).isEmpty();
        assertThat(result.identical()).as(result.report()).isEqualTo(result.total());
        assertThat(result.rendered()).as(result.report()).isEqualTo(result.total());
        assertThat(result.total()).as(result.report()).isEqualTo(lines);
    }

    @Test
    void shouldRenderTheFunctionTracerWithFuncRepeatsAsTheKernel() throws Exception {
        assertIdentical(eventLines("function"), 1150);
        assertThat(kernelLinesWith("function", "(repeats: ")).isEqualTo(72);
    }

    @Test
    void shouldRenderTheFunctionGraphTracerAsTheKernel() throws Exception {
        Path dir = TracerOracle.fixture("function_graph");
        RenderOracleInputs inputs = RenderOracleInputs.load(dir);
        FunctionGraphRenderer graph = FunctionGraphRenderer.forTracer(inputs.formats(), inputs.context(),
                TracerOracle.graphOptions(dir));
        assertIdentical(TracerOracle.compare("function_graph", inputs, graph::append, 10), 3812);
        // what the capture exercises: task separators, comments (trace_marker), returns whose entry
        // is not in the buffer, leaves and nested calls on both CPUs
        assertThat(kernelLinesWith("function_graph", " -----------")).isEqualTo(82);
        assertThat(kernelLinesWith("function_graph", "/* jtrace marker */")).isEqualTo(1);
        assertThat(kernelLinesWith("function_graph", "} /* ")).isEqualTo(16);
        assertThat(kernelLinesWith("function_graph", "();")).isEqualTo(1768);
        assertThat(kernelLinesWith("function_graph", " 0) ")).isPositive();
        assertThat(kernelLinesWith("function_graph", " 1) ")).isPositive();
    }

    @Test
    void shouldRenderFunctionGraphEntriesUnderAnotherTracerAsTheKernel() throws Exception {
        Path dir = TracerOracle.fixture("function_graph-events");
        RenderOracleInputs inputs = RenderOracleInputs.load(dir);
        FunctionGraphRenderer graph = FunctionGraphRenderer.forEvents(inputs.formats(), inputs.context(),
                TracerOracle.graphOptions(dir));
        assertIdentical(TracerOracle.compare("function_graph-events", inputs, graph::append, 10), 384);
        assertThat(kernelLinesWith("function_graph-events", "();")).isEqualTo(265);
    }

    @Test
    void shouldRenderHwlatEntriesAsTheKernel() throws Exception {
        assertIdentical(eventLines("hwlat"), 10);
    }

    @Test
    void shouldRenderOsnoiseEntriesAsTheKernel() throws Exception {
        assertIdentical(eventLines("osnoise"), 2);
    }

    @Test
    void shouldRenderTimerlatEntriesAsTheKernel() throws Exception {
        assertIdentical(eventLines("timerlat"), 404);
        assertThat(kernelLinesWith("timerlat", "context thread")).isEqualTo(202);
    }

    @Test
    void shouldRenderMmiotraceEntriesAsTheKernel() throws Exception {
        assertIdentical(eventLines("mmiotrace"), 16);
    }
}
