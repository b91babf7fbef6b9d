package dev.jtrace.tracefs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jtrace.core.Availability;
import dev.jtrace.core.Errno;
import dev.jtrace.core.Facilities;
import dev.jtrace.core.FacilityUnavailableException;
import dev.jtrace.core.KernelCallException;
import dev.jtrace.core.KernelFacility;
import dev.jtrace.core.testing.RequiresKernel;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The tracer facet: where the kernel refuses the function tracer (EPERM on these machines) the
 * refusal is a clear FacilityUnavailableException and the rest of the instance keeps working;
 * where it works, it is selected and restored.
 */
@RequiresKernel(KernelFacility.TRACEFS_WRITABLE)
class TracersKernelTest {

    @Test
    void shouldReportARefusedFunctionTracerClearlyAndKeepEverythingElseWorking() {
        Availability function = Facilities.check(KernelFacility.FUNCTION_TRACER);
        try (TraceInstance instance = TestSupport.tracefs().createInstance(TestSupport.testName("tracer"))) {
            Tracers tracers = instance.tracers();
            assertThat(tracers.current()).isEqualTo("nop");
            if (function.available()) {
                tracers.setFunctionFilter(List.of("schedule"));
                assertThat(tracers.functionFilter()).containsExactly("schedule");
                tracers.set("function");
                assertThat(tracers.current()).isEqualTo("function");
                tracers.set("nop");
            } else if (tracers.available().contains("function")) {
                assertThatThrownBy(() -> tracers.set("function"))
                        .isInstanceOfSatisfying(FacilityUnavailableException.class, e -> {
                            assertThat(e.facility()).isEqualTo("the function tracer");
                            assertThat(e.getMessage()).contains("refused by this kernel", "EPERM",
                                    "event tracing and everything else keep working");
                            assertThat(e.getCause()).isInstanceOfSatisfying(KernelCallException.class,
                                    k -> assertThat(k.errno()).isEqualTo(Errno.EPERM));
                        });
                assertThatThrownBy(() -> tracers.setFunctionFilter(List.of("schedule")))
                        .isInstanceOf(FacilityUnavailableException.class)
                        .hasMessageContaining("set_ftrace_filter was refused by this kernel");
                assertThatThrownBy(tracers::functionFilter).isInstanceOf(FacilityUnavailableException.class);
                assertThatThrownBy(() -> tracers.setFunctionPids(List.of(1)))
                        .isInstanceOf(FacilityUnavailableException.class);
                assertThatThrownBy(() -> tracers.setFunctionNotrace(List.of("schedule")))
                        .isInstanceOf(FacilityUnavailableException.class);
            }
            assertThat(tracers.current()).isEqualTo("nop");
            assertThatThrownBy(() -> tracers.set("no_such_tracer"))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("available_tracers lists");

            // Everything else still works on the same instance.
            instance.events().enable("sched:sched_switch");
            instance.setTracingOn(true);
            try (TraceMarker marker = instance.openMarker(); TracePipe pipe = instance.openTracePipe()) {
                marker.write("still working");
                String line;
                boolean seen = false;
                while (!seen && (line = pipe.nextLine(Duration.ofSeconds(5))) != null) {
                    seen = line.endsWith("tracing_mark_write: still working");
                }
                assertThat(seen).isTrue();
                // While a trace pipe is open the kernel keeps the tracer as it is: EBUSY, not a refusal.
                String other = tracers.available().stream().filter(t -> !t.equals("nop")).findFirst().orElseThrow();
                assertThatThrownBy(() -> tracers.set(other))
                        .isInstanceOfSatisfying(KernelCallException.class,
                                e -> assertThat(e.errno()).isEqualTo(Errno.EBUSY));
            }
        }
    }
}
