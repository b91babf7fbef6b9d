package dev.jtrace.traceevent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jtrace.core.KernelFacility;
import dev.jtrace.core.TracefsMount;
import dev.jtrace.core.testing.RequiresKernel;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Which of the running kernel's events jtrace renders exactly rather than as a field dump. Every
 * event of the systems the render oracle covers must compile; the rest of the kernel's events are
 * counted so a regression shows.
 */
@RequiresKernel(KernelFacility.TRACEFS_MOUNTED)
class RenderCoverageKernelTest {

    @Test
    void shouldCompileEveryEventOfTheOracleSystemsAndNearlyAllOthers() {
        EventFormats formats = EventFormats.load(TracefsMount.find().orElseThrow().resolve("events"));
        EventRenderer renderer = new EventRenderer(formats, new RenderContext(KernelSymbols.empty(), Map.of(),
                CommTable.empty(), "local", false, KernelTypes.loadRunningKernel()));
        List<String> oracleSystemsUnsupported = new ArrayList<>();
        List<String> otherUnsupported = new ArrayList<>();
        for (EventFormat f : formats.all()) {
            String reason = renderer.unsupportedReason(f);
            if (reason == null) {
                continue;
            }
            String entry = f.system() + ":" + f.name() + " (" + reason + ")";
            if (RenderOracleCapture.SYSTEMS.contains(f.system()) && !entry.contains("jiffies")) {
                oracleSystemsUnsupported.add(entry);
            } else {
                otherUnsupported.add(entry);
            }
        }
        System.out.printf("render coverage: %d of %d events rendered from their print fmt or the kernel's own printer; field dump for: %s%n",
                formats.size() - oracleSystemsUnsupported.size() - otherUnsupported.size(), formats.size(),
                otherUnsupported);
        assertThat(oracleSystemsUnsupported).isEmpty();
        // On Linux 6.18 here: 26, mostly ftrace entries of tracers this kernel refuses (function,
        // funcgraph, osnoise, ...) and five GNU statement expressions.
        assertThat(otherUnsupported.size()).isLessThanOrEqualTo(formats.size() / 50);
    }
}
