package dev.jtrace.traceevent;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Comparator;
import java.util.List;
import java.util.SortedMap;
import java.util.stream.Stream;

/**
 * Captures the oracle's inputs from the running kernel into a dump directory (layout in
 * {@link RenderOracleInputs}): a tracefs instance of its own ({@code jtrace-test-<pid>-oracle}) with
 * {@code hash-ptr} off, large per-CPU buffers and a broad mix of event systems enabled; then, after
 * the workload, the {@code trace} text first (reading it does not consume), the task names right
 * after it, and the raw sub-buffers last (reading them does). {@link #close()} disables the events
 * and removes the instance.
 */
final class RenderOracleCapture implements AutoCloseable {
    /** The systems of the broad mix; those this kernel lacks are listed in {@link #missing()}. */
    static final List<String> SYSTEMS = List.of("sched", "syscalls", "irq", "timer", "kmem", "workqueue", "signal",
            "task", "block", "filemap", "writeback", "net", "skb", "sock", "tcp", "udp", "napi", "rcu", "ipi",
            "exceptions", "mmap");
    /** Per-CPU buffer: the workload plus the rest of the machine write well under this in its run. */
    static final int BUFFER_KB = 16384;
    private static final int CMDLINE_ATTEMPTS = 3;

    private final PageCapture capture;
    private final Path tracefs;
    private final List<String> enabled = new ArrayList<>();
    private final List<String> missing = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();

    private RenderOracleCapture(PageCapture capture) {
        this.capture = capture;
        this.tracefs = capture.instance().getParent().getParent();
    }

    /** Creates the instance, configures it, enables the systems and turns tracing on. */
    static RenderOracleCapture start() throws IOException {
        RenderOracleCapture c = new RenderOracleCapture(PageCapture.createNamed("oracle"));
        try {
            c.capture.set("options/hash-ptr", "0");
            c.capture.set("buffer_size_kb", Integer.toString(BUFFER_KB));
            for (String system : SYSTEMS) {
                Path enable = c.capture.instance().resolve("events").resolve(system).resolve("enable");
                if (Files.exists(enable)) {
                    c.capture.set("events/" + system + "/enable", "1");
                    c.enabled.add(system);
                } else {
                    c.missing.add(system);
                }
            }
            c.capture.set("tracing_on", "1");
            return c;
        } catch (IOException | RuntimeException e) {
            try {
                c.close();
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    Path instance() {
        return capture.instance();
    }

    List<String> enabled() {
        return List.copyOf(enabled);
    }

    List<String> missing() {
        return List.copyOf(missing);
    }

    /**
     * Stops tracing and writes everything into {@code dir} (created if needed; earlier raw and
     * format files in it are removed first).
     *
     * @return the inputs as written, with the full format set of the instance and /proc/kallsyms
     */
    RenderOracleInputs stopAndDump(Path dir) throws IOException, InterruptedException {
        Path instance = capture.instance();
        capture.set("tracing_on", "0");
        // Disabled events also stop this instance from refreshing saved_cmdlines (sched_switch
        // records task names while any event is enabled); the trace text shows names as of reading.
        capture.set("events/enable", "0");
        Files.createDirectories(dir);
        clear(dir);
        long t0 = System.nanoTime();
        byte[] trace = null;
        byte[] cmdlines = null;
        for (int attempt = 1; attempt <= CMDLINE_ATTEMPTS; attempt++) {
            byte[] before = bytes(tracefs.resolve("saved_cmdlines"));
            trace = bytes(instance.resolve("trace"));
            cmdlines = bytes(tracefs.resolve("saved_cmdlines"));
            if (Arrays.equals(before, cmdlines)) {
                break;
            }
            notes.add("saved_cmdlines changed while the trace was read (attempt " + attempt + " of "
                    + CMDLINE_ATTEMPTS + "): another tracer on the machine records task names");
        }
        Files.write(dir.resolve("trace"), trace);
        // The kernel computed jiffies-based ages while the trace was read: note jiffies now.
        Long jiffies = KernelTypes.empty().withCurrentJiffies().variable("jiffies");
        write(dir, "jiffies", jiffies == null ? "" : Long.toUnsignedString(jiffies));
        Files.write(dir.resolve("saved_cmdlines"), cmdlines);
        String tgids = readIfExists(tracefs.resolve("saved_tgids"));
        write(dir, "saved_tgids", tgids);
        long t1 = System.nanoTime();
        String clock = PageCapture.read(instance.resolve("trace_clock"));
        write(dir, "trace_clock", clock);
        write(dir, "trace_options", PageCapture.read(instance.resolve("trace_options")));
        String printk = readIfExists(tracefs.resolve("printk_formats"));
        write(dir, "printk_formats", printk);
        String headerPage = PageCapture.read(instance.resolve("events/header_page"));
        write(dir, "header_page", headerPage);
        write(dir, "header_event", PageCapture.read(instance.resolve("events/header_event")));
        StringBuilder stats = new StringBuilder();
        List<Integer> cpus = capture.cpus();
        for (int cpu : cpus) {
            stats.append("cpu").append(cpu).append('\n')
                    .append(PageCapture.read(instance.resolve("per_cpu/cpu" + cpu + "/stats")));
        }
        write(dir, "stats", stats.toString());
        HeaderPage layout = HeaderPage.parse(headerPage, instance.resolve("events/header_page").toString());
        for (int cpu : cpus) {
            capture.readRaw(cpu, layout.subBufferSize(), dir.resolve("cpu" + cpu + ".raw"));
        }
        long t2 = System.nanoTime();
        EventFormats formats = EventFormats.load(instance.resolve("events"));
        long t3 = System.nanoTime();
        SortedMap<Integer, byte[]> raw = RenderOracleInputs.loadRaw(dir);
        dumpFormats(formats, RenderOracleCompare.usedIds(raw, layout), dir);
        Files.copy(Path.of("/proc/kallsyms"), dir.resolve("kallsyms"), StandardCopyOption.REPLACE_EXISTING);
        long t4 = System.nanoTime();
        notes.add("capture: trace text " + (t1 - t0) / 1_000_000 + " ms, other files and raw pages "
                + (t2 - t1) / 1_000_000 + " ms, formats " + (t3 - t2) / 1_000_000 + " ms, dump of formats and kallsyms "
                + (t4 - t3) / 1_000_000 + " ms");
        write(dir, "NOTES", notes());
        // The same values RenderOracleInputs.load(dir) gives, but the full format set and the live kallsyms.
        return new RenderOracleInputs(new String(trace, StandardCharsets.UTF_8), raw, layout, formats,
                new String(cmdlines, StandardCharsets.UTF_8), tgids, clock, printk, Path.of("/proc/kallsyms"),
                stats.toString(), jiffies == null ? "" : Long.toUnsignedString(jiffies));
    }

    private String notes() {
        StringBuilder sb = new StringBuilder();
        sb.append("instance: ").append(capture.instance()).append('\n');
        sb.append("buffer_size_kb: ").append(BUFFER_KB).append(" per CPU; options/hash-ptr: 0\n");
        sb.append("enabled systems: ").append(String.join(" ", enabled)).append('\n');
        sb.append("missing systems: ").append(missing.isEmpty() ? "(none)" : String.join(" ", missing)).append('\n');
        for (String n : notes) {
            sb.append(n).append('\n');
        }
        sb.append("offline: java -cp jtrace-traceevent/target/test-classes:jtrace-traceevent/target/classes:"
                + "jtrace-core/target/classes dev.jtrace.traceevent.RenderOracleOffline <this dir>\n");
        return sb.toString();
    }

    /** Copies the format files of the used ids and all of ftrace/ into {@code dir/events}. */
    private static void dumpFormats(EventFormats formats, BitSet ids, Path dir) throws IOException {
        for (EventFormat f : formats.all()) {
            if (!ids.get(f.id()) && !f.system().equals("ftrace")) {
                continue;
            }
            Path to = dir.resolve("events").resolve(f.system()).resolve(f.name()).resolve("format");
            Files.createDirectories(to.getParent());
            Files.writeString(to, PageCapture.read(Path.of(f.source())), StandardCharsets.UTF_8);
        }
    }

    /** Removes what an earlier dump left that this one might not overwrite: raw files and formats. */
    private static void clear(Path dir) throws IOException {
        try (Stream<Path> list = Files.list(dir)) {
            for (Path p : (Iterable<Path>) list::iterator) {
                if (p.getFileName().toString().matches("cpu\\d+\\.raw")) {
                    Files.delete(p);
                }
            }
        }
        Path events = dir.resolve("events");
        if (Files.isDirectory(events)) {
            try (Stream<Path> walk = Files.walk(events)) {
                for (Path p : (Iterable<Path>) walk.sorted(Comparator.reverseOrder())::iterator) {
                    Files.delete(p);
                }
            }
        }
    }

    private static String readIfExists(Path file) throws IOException {
        return Files.exists(file) ? PageCapture.read(file) : "";
    }

    /** A tracefs file's bytes, read whole through a stream (its reported size is 0). */
    private static byte[] bytes(Path file) throws IOException {
        try (var in = Files.newInputStream(file)) {
            return in.readAllBytes();
        }
    }

    private static void write(Path dir, String name, String text) throws IOException {
        Files.writeString(dir.resolve(name), text, StandardCharsets.UTF_8);
    }

    /** Disables every event of the instance, stops tracing and removes the instance. */
    @Override
    public void close() throws IOException {
        try {
            capture.set("events/enable", "0");
        } finally {
            capture.close();
        }
    }
}
