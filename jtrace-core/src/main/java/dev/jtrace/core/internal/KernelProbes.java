package dev.jtrace.core.internal;

import static java.lang.foreign.ValueLayout.JAVA_INT;

import dev.jtrace.core.Availability;
import dev.jtrace.core.CpuSet;
import dev.jtrace.core.KernelCallException;
import dev.jtrace.core.KernelVersion;
import dev.jtrace.core.TracefsMount;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The probes behind {@link dev.jtrace.core.KernelFacility}. Each one tries the real operation where
 * that is cheap and reversible (creating a scratch instance, opening a perf event, mapping a meta
 * page) rather than guessing from version numbers, and undoes what it did.
 */
public final class KernelProbes {
    /** Prefix of the scratch instances probes create; a reaper may remove stale ones by pid. */
    public static final String SCRATCH_PREFIX = "jtrace-probe-";
    private static final AtomicInteger SCRATCH_SEQUENCE = new AtomicInteger();

    private KernelProbes() {
    }

    /**
     * Probe: the kernel has tracefs.
     *
     * @return the answer
     */
    public static Availability tracefsPresent() {
        return TracefsMount.kernelHasTracefs()
                ? Availability.yes("/proc/filesystems lists tracefs")
                : Availability.no("this kernel has no tracefs (/proc/filesystems); it needs CONFIG_TRACING");
    }

    /**
     * Probe: tracefs is mounted and readable.
     *
     * @return the answer
     */
    public static Availability tracefsMounted() {
        Optional<Path> root = TracefsMount.find();
        if (root.isEmpty()) {
            return Availability.no("tracefs is not mounted; as root: mount -t tracefs nodev "
                    + TracefsMount.DEFAULT_PATH);
        }
        Path events = root.get().resolve("events");
        if (!Files.isReadable(events) || !Files.isDirectory(events)) {
            return Availability.no("tracefs is mounted at " + root.get() + " but " + events
                    + " is not readable by this process (run as root, or mount with -o gid=GROUP,mode=0750)");
        }
        return Availability.yes("mounted at " + root.get());
    }

    /**
     * Probe: this process can create and remove a tracefs instance.
     *
     * @return the answer
     */
    public static Availability tracefsWritable() {
        Optional<Path> root = TracefsMount.find();
        if (root.isEmpty()) {
            return Availability.no("tracefs is not mounted");
        }
        Path instance = root.get().resolve("instances").resolve(scratchName());
        try {
            Files.createDirectory(instance);
        } catch (IOException e) {
            return Availability.no("cannot create tracefs instance " + instance + ": " + describe(e)
                    + " (needs root or CAP_SYS_ADMIN)");
        }
        try {
            Files.delete(instance);
        } catch (IOException e) {
            return Availability.no("created " + instance + " but could not remove it: " + describe(e));
        }
        return Availability.yes("created and removed instance " + instance.getFileName());
    }

    /**
     * Probe: perf_event_open works for a software event on this thread.
     *
     * @return the answer
     */
    public static Availability perfEventOpen() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment attr = PerfEventAttr.allocate(arena, PerfEventAttr.TYPE_SOFTWARE,
                    PerfEventAttr.SW_TASK_CLOCK, PerfEventAttr.FLAG_DISABLED | PerfEventAttr.FLAG_EXCLUDE_KERNEL
                            | PerfEventAttr.FLAG_EXCLUDE_HV);
            int fd = LibC.perfEventOpen(attr, 0, -1, -1, PerfEventAttr.PERF_FLAG_FD_CLOEXEC, "task-clock");
            LibC.close(fd, "perf event task-clock");
            return Availability.yes("opened a task-clock software event");
        } catch (KernelCallException e) {
            return Availability.no(e.getMessage() + "; kernel.perf_event_paranoid = " + paranoid()
                    + " (root, CAP_PERFMON, or a lower perf_event_paranoid allows it)");
        }
    }

    private static String paranoid() {
        try {
            return Files.readString(Path.of("/proc/sys/kernel/perf_event_paranoid")).strip();
        } catch (IOException e) {
            return "unknown";
        }
    }

    /**
     * Tells whether the running kernel should support mapping trace_pipe_raw.
     *
     * @return {@code true} on Linux 6.10 and later
     */
    public static boolean ringBufferMmapExpected() {
        return KernelVersion.current().atLeast(6, 10);
    }

    /**
     * Probe: trace_pipe_raw can be mapped and its meta page read.
     *
     * @return the answer
     */
    public static Availability ringBufferMmap() {
        KernelVersion version = KernelVersion.current();
        if (!version.atLeast(6, 10)) {
            return Availability.no("mapping trace_pipe_raw needs Linux 6.10 or later; this is " + version.release());
        }
        Optional<Path> root = TracefsMount.find();
        if (root.isEmpty()) {
            return Availability.no("tracefs is not mounted");
        }
        // Only ever map a scratch instance's buffer: while mapped, a buffer refuses snapshots and
        // resizing, which must not happen to a buffer someone else is using.
        return inScratchInstance(root.get(), "to try mapping safely", KernelProbes::mapMetaPage);
    }

    private static Availability mapMetaPage(Path instance) {
        int cpu = CpuSet.online().next(0);
        String path = instance.resolve("per_cpu/cpu" + cpu + "/trace_pipe_raw").toString();
        long pageSize = LibC.sysconf(LibC.SC_PAGESIZE);
        try (NativeFd fd = NativeFd.open(path, LibC.O_RDONLY | LibC.O_NONBLOCK);
                Arena arena = Arena.ofConfined()) {
            MemorySegment meta = LibC.mmap(pageSize, LibC.PROT_READ, LibC.MAP_SHARED, fd.fd(), 0, arena, path);
            int metaPageSize = meta.get(JAVA_INT, 0);
            int subbufSize = meta.get(JAVA_INT, 8);
            return Availability.yes("mapped the meta page of " + path + " (meta_page_size " + metaPageSize
                    + ", subbuf_size " + subbufSize + ")");
        } catch (KernelCallException e) {
            return Availability.no(e.getMessage());
        }
    }

    /**
     * Probe: a tracefs control file exists.
     *
     * @param file the file name under the tracefs root
     * @param config the kernel option that provides it, for the reason
     * @return the answer
     */
    public static Availability tracefsFile(String file, String config) {
        Optional<Path> root = TracefsMount.find();
        if (root.isEmpty()) {
            return Availability.no("tracefs is not mounted");
        }
        Path p = root.get().resolve(file);
        return Files.exists(p) ? Availability.yes(p + " exists")
                : Availability.no("this kernel has no " + p + " (built without " + config + ")");
    }

    /**
     * Probe: hist triggers exist (with CONFIG_HIST_TRIGGERS every event directory has a
     * {@code hist} file).
     *
     * @return the answer
     */
    public static Availability histTriggers() {
        Optional<Path> root = TracefsMount.find();
        if (root.isEmpty()) {
            return Availability.no("tracefs is not mounted");
        }
        try (DirectoryStream<Path> systems = Files.newDirectoryStream(root.get().resolve("events"), Files::isDirectory)) {
            for (Path system : systems) {
                try (DirectoryStream<Path> events = Files.newDirectoryStream(system, Files::isDirectory)) {
                    for (Path event : events) {
                        return Files.exists(event.resolve("hist"))
                                ? Availability.yes(event.resolve("hist") + " exists")
                                : Availability.no("this kernel has no hist trigger files such as " + event.resolve("hist")
                                        + " (built without CONFIG_HIST_TRIGGERS)");
                    }
                }
            }
        } catch (IOException e) {
            return Availability.no("cannot list " + root.get().resolve("events") + ": " + describe(e));
        }
        return Availability.no("tracefs lists no events");
    }

    /**
     * Probe: the function tracer can be selected. Some kernels list it in available_tracers but
     * refuse it (EPERM when ftrace is disabled), so the probe tries it in a scratch instance.
     *
     * @return the answer
     */
    public static Availability functionTracer() {
        Optional<Path> root = TracefsMount.find();
        if (root.isEmpty()) {
            return Availability.no("tracefs is not mounted");
        }
        String tracers;
        try {
            tracers = Files.readString(root.get().resolve("available_tracers"));
        } catch (IOException e) {
            return Availability.no("cannot read available_tracers: " + describe(e));
        }
        if (!(" " + tracers.strip() + " ").contains(" function ")) {
            return Availability.no("available_tracers does not list 'function' (built without CONFIG_FUNCTION_TRACER)");
        }
        return inScratchInstance(root.get(), "to try it", instance -> {
            String tracer = instance.resolve("current_tracer").toString();
            // Selecting the tracer must not start tracing every kernel function: stop recording
            // and narrow the filter to one function first (the filter may be refused; then the
            // tracer is selected with recording off for the moment the probe takes).
            TracefsWrite.write(instance.resolve("tracing_on").toString(), "0");
            try {
                TracefsWrite.write(instance.resolve("set_ftrace_filter").toString(), "schedule_tail");
            } catch (KernelCallException e) {
                // EPERM or EINVAL here says nothing yet; selecting the tracer decides.
            }
            try {
                TracefsWrite.write(tracer, "function");
            } catch (KernelCallException e) {
                return Availability.no("listed in available_tracers, but writing 'function' to current_tracer was "
                        + "refused by this kernel: " + e.errnoName() + " (" + e.errnoText() + ")");
            }
            TracefsWrite.write(tracer, "nop");
            return Availability.yes("selected and deselected in a scratch instance");
        });
    }

    /**
     * Probe: the sub-buffer size can be changed ({@code buffer_subbuf_size_kb}, Linux 6.8+). Some
     * kernels have the file but refuse every write (EPERM), so the probe tries a size other than the
     * current one in a scratch instance.
     *
     * @return the answer
     */
    public static Availability subBufferResize() {
        Optional<Path> root = TracefsMount.find();
        if (root.isEmpty()) {
            return Availability.no("tracefs is not mounted");
        }
        if (!Files.exists(root.get().resolve("buffer_subbuf_size_kb"))) {
            return Availability.no("this kernel has no " + root.get().resolve("buffer_subbuf_size_kb")
                    + " (sub-buffer sizes other than the page size need Linux 6.8)");
        }
        return inScratchInstance(root.get(), "to try it", instance -> {
            Path file = instance.resolve("buffer_subbuf_size_kb");
            String current;
            try {
                current = Files.readString(file).strip();
            } catch (IOException e) {
                return Availability.no("cannot read buffer_subbuf_size_kb: " + describe(e));
            }
            String other = current.equals("8") ? "16" : "8";
            try {
                TracefsWrite.write(file.toString(), other);
            } catch (KernelCallException e) {
                return Availability.no("writing " + other + " to buffer_subbuf_size_kb was refused by this kernel: "
                        + e.errnoName() + " (" + e.errnoText() + "); the sub-buffer size stays " + current + " KiB");
            }
            return Availability.yes("changed from " + current + " to " + other + " KiB in a scratch instance");
        });
    }

    /**
     * Runs {@code trial} in a scratch instance made for it and removes the instance afterwards, so
     * a probe never changes a buffer someone else uses.
     */
    private static Availability inScratchInstance(Path root, String purpose,
            java.util.function.Function<Path, Availability> trial) {
        Path instance = root.resolve("instances").resolve(scratchName());
        try {
            Files.createDirectory(instance);
        } catch (IOException e) {
            return Availability.no("cannot create a scratch tracefs instance " + purpose + ": " + describe(e));
        }
        try {
            return trial.apply(instance);
        } finally {
            try {
                Files.delete(instance);
            } catch (IOException e) {
                // The writable probe reports a failing rmdir.
            }
        }
    }

    /**
     * Returns a fresh scratch instance name carrying this process's pid.
     *
     * @return the name
     */
    public static String scratchName() {
        return SCRATCH_PREFIX + ProcessHandle.current().pid() + "-" + SCRATCH_SEQUENCE.incrementAndGet();
    }

    private static String describe(IOException e) {
        String reason = e instanceof java.nio.file.FileSystemException f && f.getReason() != null ? f.getReason()
                : e.getMessage();
        return e.getClass().getSimpleName() + ": " + reason;
    }
}
