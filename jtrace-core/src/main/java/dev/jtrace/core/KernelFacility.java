package dev.jtrace.core;

import dev.jtrace.core.internal.KernelProbes;
import dev.jtrace.core.internal.NativeAccess;
import java.util.function.Supplier;

/**
 * The kernel facilities jtrace-core knows how to probe.
 *
 * <p>Use {@link Facilities#check(Facility)} for a cached answer, or {@link #probe()} to check again.
 * {@snippet :
 * Availability mmap = Facilities.check(KernelFacility.RING_BUFFER_MMAP);
 * if (!mmap.available()) {
 *     System.err.println("falling back to read(): " + mmap.reason());
 * }
 * }
 */
public enum KernelFacility implements Facility {
    /** The kernel has the tracefs file system ({@code /proc/filesystems}). */
    TRACEFS_PRESENT("tracefs in the kernel", true, KernelProbes::tracefsPresent),
    /** tracefs is mounted and readable by this process. */
    TRACEFS_MOUNTED("tracefs mounted", true, KernelProbes::tracefsMounted),
    /** This process may create tracefs instances and change tracing settings. */
    TRACEFS_WRITABLE("tracefs writable", true, KernelProbes::tracefsWritable),
    /** {@code perf_event_open(2)} is allowed for at least a software event on this thread. */
    PERF_EVENT_OPEN("perf_event_open", true, KernelProbes::perfEventOpen),
    /**
     * {@code trace_pipe_raw} can be memory-mapped (Linux 6.10+). Baseline on kernels that are new
     * enough, optional on older ones.
     */
    RING_BUFFER_MMAP("ring-buffer mmap", null, KernelProbes::ringBufferMmap),
    /** User-space probes through {@code uprobe_events}. */
    UPROBES("uprobe events", true, () -> KernelProbes.tracefsFile("uprobe_events", "CONFIG_UPROBE_EVENTS")),
    /** Kernel probes through {@code kprobe_events}. */
    KPROBES("kprobe events", false, () -> KernelProbes.tracefsFile("kprobe_events", "CONFIG_KPROBE_EVENTS")),
    /** The {@code function} tracer, which some kernels list but refuse (EPERM). */
    FUNCTION_TRACER("function tracer", false, KernelProbes::functionTracer),
    /** Histogram triggers ({@code events/.../hist}). */
    HIST_TRIGGERS("hist triggers", false, KernelProbes::histTriggers),
    /** Synthetic events ({@code synthetic_events}). */
    SYNTHETIC_EVENTS("synthetic events", false,
            () -> KernelProbes.tracefsFile("synthetic_events", "CONFIG_SYNTH_EVENTS")),
    /** The {@code snapshot} buffer. */
    SNAPSHOT("snapshot buffer", false, () -> KernelProbes.tracefsFile("snapshot", "CONFIG_TRACER_SNAPSHOT")),
    /**
     * Sub-buffer sizes other than the page size ({@code buffer_subbuf_size_kb}, Linux 6.8+), tried
     * in a scratch instance: some kernels have the file and refuse every write.
     */
    SUB_BUFFER_RESIZE("sub-buffer size change", false, KernelProbes::subBufferResize);

    private final String description;
    private final Boolean baseline;
    private final Supplier<Availability> probe;

    KernelFacility(String description, Boolean baseline, Supplier<Availability> probe) {
        this.description = description;
        this.baseline = baseline;
        this.probe = probe;
    }

    @Override
    public String description() {
        return description;
    }

    @Override
    public boolean baseline() {
        if (baseline != null) {
            return baseline;
        }
        return KernelProbes.ringBufferMmapExpected();
    }

    @Override
    public Availability probe() {
        try {
            return probe.get();
        } catch (RuntimeException e) {
            return Availability.no("the probe failed: " + e.getMessage());
        } catch (LinkageError e) { // native calls refused: --illegal-native-access=deny without the grant
            return Availability.no("jtrace cannot call the C library: " + e
                    + NativeAccess.advice().map(a -> "; " + a).orElse(""));
        }
    }
}
