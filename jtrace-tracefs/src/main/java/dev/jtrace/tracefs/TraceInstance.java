package dev.jtrace.tracefs;

import dev.jtrace.core.CpuSet;
import dev.jtrace.core.Errno;
import dev.jtrace.core.KernelCallException;
import dev.jtrace.core.internal.LibC;
import dev.jtrace.tracefs.internal.Cleanup;
import dev.jtrace.tracefs.internal.Control;
import dev.jtrace.tracefs.internal.Names;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A handle on one tracefs instance: a ring buffer with its own events, filters, options, tracer,
 * clock and CPU mask, independent of every other instance; or on the top-level instance.
 *
 * <p>Obtain one from {@link Tracefs#createInstance()} (a new instance named
 * {@code jtrace-<pid>-<n>}), {@link Tracefs#createInstance(String)}, {@link Tracefs#openInstance}
 * (an existing one) or {@link Tracefs#topLevel()}. The facets {@link #events()},
 * {@link #options()}, {@link #buffer()} and {@link #tracers()} change it.
 *
 * <p>{@link #close()} undoes everything this handle changed: an instance the handle created is
 * removed (with all its settings); on an instance it only opened, every event, filter, trigger,
 * option, tracer, clock, buffer size, CPU mask and pid filter it changed is put back as it was, newest
 * change first. Until then the handle is registered with a JVM shutdown hook that closes it, so a
 * normal exit leaves nothing behind either; a killed process leaves an instance whose name carries
 * its pid, for {@link Reaper} to remove.
 * {@snippet :
 * try (Tracefs tracefs = Tracefs.open(); TraceInstance instance = tracefs.createInstance()) {
 *     instance.buffer().setSizeKb(2048);
 *     instance.events().enable("sched:sched_switch");
 *     instance.setTracingOn(true);
 *     // ... read it with a TraceSession or openTracePipe()
 * }   // instance removed
 * }
 * Handles are thread-safe for configuration; each facet call is one or a few file operations.
 */
public final class TraceInstance implements AutoCloseable {
    private static final int RMDIR_ATTEMPTS = 50;
    private static final long RMDIR_RETRY_MILLIS = 20;

    private final InstanceContext context;
    private final boolean owned;
    private final InstanceEvents events;
    private final TraceOptions options;
    private final BufferSettings buffer;
    private final Tracers tracers;

    TraceInstance(Tracefs tracefs, Path dir, String name, boolean topLevel, boolean owned) {
        this.context = new InstanceContext(tracefs, dir, name, topLevel);
        this.owned = owned;
        this.events = new InstanceEvents(context);
        this.options = new TraceOptions(context);
        this.buffer = new BufferSettings(context);
        this.tracers = new Tracers(context);
        Cleanup.register(this);
    }

    /**
     * Returns the instance's name.
     *
     * @return the name, or an empty string for the top-level instance
     */
    public String name() {
        return context.name;
    }

    /**
     * Returns the instance's directory.
     *
     * @return such as {@code /sys/kernel/tracing/instances/jtrace-1234-1}
     */
    public Path path() {
        return context.dir;
    }

    /**
     * Tells whether this is the top-level instance.
     *
     * @return {@code true} for the top level
     */
    public boolean isTopLevel() {
        return context.topLevel;
    }

    /**
     * Tells whether this handle created the instance, and so removes it on close.
     *
     * @return {@code true} if created by this handle
     */
    public boolean isOwned() {
        return owned;
    }

    /**
     * Returns the tracefs this instance belongs to.
     *
     * @return the tracefs
     */
    public Tracefs tracefs() {
        return context.tracefs;
    }

    /**
     * Returns the events facet: enable, filter, trigger, pid filtering.
     *
     * @return the facet
     */
    public InstanceEvents events() {
        return events;
    }

    /**
     * Returns the options facet ({@code options/*}).
     *
     * @return the facet
     */
    public TraceOptions options() {
        return options;
    }

    /**
     * Returns the ring-buffer facet: sizes, watermark, per-CPU counters.
     *
     * @return the facet
     */
    public BufferSettings buffer() {
        return buffer;
    }

    /**
     * Returns the tracers facet: current tracer and function filters.
     *
     * @return the facet
     */
    public Tracers tracers() {
        return tracers;
    }

    /**
     * Tells whether the instance is recording.
     *
     * @return the value of {@code tracing_on}
     */
    public boolean tracingOn() {
        return context.read("tracing_on").strip().equals("1");
    }

    /**
     * Starts or stops recording; {@code close()} restores the previous state.
     *
     * @param on whether to record
     * @throws KernelCallException if the kernel refuses
     */
    public void setTracingOn(boolean on) {
        boolean old = tracingOn();
        context.set("tracing_on", on ? "1" : "0", old ? "1" : "0");
    }

    /**
     * Returns the trace clocks this kernel offers.
     *
     * @return such as {@code [local, global, counter, uptime, perf, mono, mono_raw, boot, tai, x86-tsc]}
     */
    public List<String> traceClocks() {
        List<String> out = new ArrayList<>();
        for (String w : context.read("trace_clock").strip().split("\\s+")) {
            if (!w.isEmpty()) {
                out.add(w.startsWith("[") ? w.substring(1, w.length() - 1) : w);
            }
        }
        return out;
    }

    /**
     * Returns the current trace clock.
     *
     * @return such as {@code "local"}
     */
    public String traceClock() {
        String text = context.read("trace_clock");
        int open = text.indexOf('[');
        int close = text.indexOf(']', open + 1);
        if (open < 0 || close < 0) {
            throw new dev.jtrace.core.MalformedDataException(context.file("trace_clock").toString(), 0,
                    "no [current] clock in: " + text.strip());
        }
        return text.substring(open + 1, close);
    }

    /**
     * Selects the trace clock (this clears the buffer); {@code close()} restores the previous one.
     *
     * @param clock a name from {@link #traceClocks()}
     * @throws IllegalArgumentException if the kernel does not offer the clock
     * @throws KernelCallException if the kernel refuses (EBUSY while the buffer is mapped)
     */
    public void setTraceClock(String clock) {
        Names.component(clock, "trace clock");
        List<String> clocks = traceClocks();
        if (!clocks.contains(clock)) {
            throw new IllegalArgumentException("this kernel has no trace clock " + Names.printable(clock)
                    + "; it offers " + clocks);
        }
        String old = traceClock();
        context.set("trace_clock", clock, old);
    }

    /**
     * Returns the CPUs recorded ({@code tracing_cpumask}).
     *
     * @return the CPU set
     */
    public CpuSet cpumask() {
        return CpuSet.parseMask(context.read("tracing_cpumask").strip());
    }

    /**
     * Limits recording to CPUs; {@code close()} restores the previous mask.
     *
     * @param cpus the CPUs; must not be empty
     * @throws IllegalArgumentException if {@code cpus} is empty
     * @throws KernelCallException if the kernel refuses (EINVAL for CPUs that do not exist)
     */
    public void setCpumask(CpuSet cpus) {
        if (cpus.isEmpty()) {
            throw new IllegalArgumentException("an empty CPU mask would record nothing; stop tracing instead");
        }
        int width = Math.max(CpuSet.possible().max() + 1, cpus.max() + 1);
        String old = context.read("tracing_cpumask").strip();
        context.set("tracing_cpumask", cpus.toMask(width), old);
    }

    /**
     * Returns how many pid-to-command mappings the kernel keeps (top-level only).
     *
     * @return {@code saved_cmdlines_size}
     * @throws dev.jtrace.core.FacilityUnavailableException if this is not the top-level instance
     */
    public int savedCmdlinesSize() {
        return Integer.parseInt(context.readRequired("saved_cmdlines_size", "saved_cmdlines_size").strip());
    }

    /**
     * Sets how many pid-to-command mappings the kernel keeps (top-level only; a machine-wide
     * setting); {@code close()} restores it.
     *
     * @param size the number of entries, at least 1
     * @throws IllegalArgumentException if {@code size} is below 1
     * @throws dev.jtrace.core.FacilityUnavailableException if this is not the top-level instance
     * @throws KernelCallException if the kernel refuses
     */
    public void setSavedCmdlinesSize(int size) {
        if (size < 1) {
            throw new IllegalArgumentException("saved_cmdlines_size must be at least 1, not " + size);
        }
        int old = savedCmdlinesSize();
        context.set("saved_cmdlines_size", Integer.toString(size), Integer.toString(old));
    }

    /**
     * Opens the instance's markers for writing user-space events into its buffer. Closed with the
     * instance at the latest.
     *
     * @return the marker
     * @throws KernelCallException if the marker files cannot be opened
     */
    public TraceMarker openMarker() {
        return TraceMarker.open(context);
    }

    /**
     * Opens the instance's {@code trace_pipe} for streaming the kernel's text rendering. Closed with
     * the instance at the latest.
     *
     * @return the pipe
     * @throws KernelCallException if it cannot be opened (EBUSY: another reader has it)
     */
    public TracePipe openTracePipe() {
        return TracePipe.open(context);
    }

    /**
     * Returns the entries of this instance's {@code error_log} (refused filters and triggers of its
     * events; the top-level log also has refused dynamic events of every user).
     *
     * @return the entries, oldest first
     */
    public List<ErrorLogEntry> errorLog() {
        context.checkOpen();
        return Control.entries(context.errorLog());
    }

    /** Lets the session (same package) hand the context to its reader and register children. */
    InstanceContext context() {
        return context;
    }

    /**
     * Tells whether {@link #close()} was called.
     *
     * @return {@code true} once closed
     */
    public boolean isClosed() {
        return context.isClosed();
    }

    /**
     * Undoes what this handle changed: closes its markers and pipes, then removes the instance if
     * the handle created it, or restores every setting it changed otherwise. Idempotent.
     *
     * @throws KernelCallException if the instance cannot be removed (EBUSY after retrying: a file of
     *     it is held open elsewhere) or a setting cannot be restored; everything else is still done
     */
    @Override
    public void close() {
        synchronized (this) {
            if (context.isClosed()) {
                return;
            }
            context.markClosed();
        }
        RuntimeException failure = null;
        try {
            context.closeChildren();
        } catch (RuntimeException e) {
            failure = e;
        }
        try {
            if (owned) {
                // Everything the journal would restore lives in the directory rmdir removes.
                Control.tryWrite(context.file("tracing_on"), "0", false);
                removeDirectory(context.dir);
            } else {
                context.journal.undoAll();
            }
        } catch (RuntimeException e) {
            if (failure == null) {
                failure = e;
            } else {
                failure.addSuppressed(e);
            }
        } finally {
            Cleanup.unregister(this);
        }
        if (failure != null) {
            throw failure;
        }
    }

    /** rmdir with retries: EBUSY while a reader (maybe in another thread, being closed) still holds a file. */
    static void removeDirectory(Path dir) {
        for (int attempt = 1; ; attempt++) {
            int r = LibC.tryRmdir(dir.toString());
            if (r == 0 || r == -Errno.ENOENT) {
                return;
            }
            if (r != -Errno.EBUSY || attempt >= RMDIR_ATTEMPTS) {
                throw new KernelCallException("rmdir", dir.toString(), -r);
            }
            try {
                Thread.sleep(RMDIR_RETRY_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new KernelCallException("rmdir (interrupted while the instance was busy)", dir.toString(), -r);
            }
        }
    }

    @Override
    public String toString() {
        return context.describe() + (owned ? " (owned)" : "") + (context.isClosed() ? " (closed)" : "");
    }
}
