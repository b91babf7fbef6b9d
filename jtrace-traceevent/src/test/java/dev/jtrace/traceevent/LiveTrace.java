package dev.jtrace.traceevent;

import dev.jtrace.core.TracefsMount;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A private tracefs instance for tests that compare jtrace's output with the kernel's: enables
 * events and options, runs a workload, then returns every record (decoded from the per-CPU
 * {@code trace_pipe_raw} sub-buffers) paired with its line of the {@code trace} text. Lines and
 * records are paired per CPU in order, which both keep. The instance is removed on close.
 */
public final class LiveTrace implements AutoCloseable {
    private static final Pattern LINE = Pattern.compile("^\\s*(.*)-(\\d+)\\s+\\[(\\d+)\\] (\\S+)\\s+(\\d+\\.\\d+): (.*)$");

    /**
     * One record and what the kernel printed for it.
     *
     * @param format the event format
     * @param record a copy of the record (its own segment)
     * @param info the text after {@code "name: "}
     * @param following lines after the record's line that belong to it (stack traces)
     */
    public record Entry(EventFormat format, EventRecord record, String info, List<String> following) {
    }

    private final Path instance;
    private final List<String> enabled = new ArrayList<>();

    private LiveTrace(Path instance) {
        this.instance = instance;
    }

    /**
     * Creates the instance with tracing off, a 2 MiB buffer per CPU and hash-ptr off.
     *
     * @param name a suffix for the instance name
     * @return the instance
     * @throws IOException if tracefs refuses
     */
    public static LiveTrace create(String name) throws IOException {
        Path tracefs = TracefsMount.find().orElseThrow(() -> new IllegalStateException("tracefs is not mounted"));
        Path instance = tracefs.resolve("instances").resolve("jtrace-test-" + ProcessHandle.current().pid() + "-"
                + name);
        Files.createDirectory(instance);
        LiveTrace t = new LiveTrace(instance);
        try {
            t.set("tracing_on", "0");
            t.set("buffer_size_kb", "2048");
            t.set("options/hash-ptr", "0");
        } catch (IOException | RuntimeException e) {
            t.close();
            throw e;
        }
        return t;
    }

    /**
     * Writes a control file of the instance.
     *
     * @param file the path relative to the instance
     * @param value the text
     * @throws IOException if the write fails
     */
    public void set(String file, String value) throws IOException {
        Files.writeString(instance.resolve(file), value);
    }

    /**
     * Enables an event if the kernel has it.
     *
     * @param systemAndEvent {@code system/event}
     * @return whether it exists
     * @throws IOException if the write fails
     */
    public boolean enable(String systemAndEvent) throws IOException {
        Path f = instance.resolve("events").resolve(systemAndEvent).resolve("enable");
        if (!Files.exists(f)) {
            return false;
        }
        Files.writeString(f, "1");
        enabled.add(systemAndEvent);
        return true;
    }

    /**
     * Turns tracing on, runs the workload, turns tracing off.
     *
     * @param workload what to trace
     * @throws Exception whatever the workload throws
     */
    public void run(ThrowingRunnable workload) throws Exception {
        set("tracing_on", "1");
        try {
            workload.run();
        } finally {
            set("tracing_on", "0");
        }
    }

    /** A workload. */
    @FunctionalInterface
    public interface ThrowingRunnable {
        /**
         * Runs.
         *
         * @throws Exception on failure
         */
        void run() throws Exception;
    }

    /**
     * Reads the trace text, then the raw pages, and pairs them.
     *
     * @return the entries, per CPU in order, CPUs one after the other
     * @throws Exception if reading fails or the text and the records do not pair up
     */
    public List<Entry> entries() throws Exception {
        String text = read(instance.resolve("trace"));
        EventFormats formats = EventFormats.load(instance.getParent().getParent().resolve("events"));
        HeaderPage layout = HeaderPage.parse(read(instance.resolve("events/header_page")), "header_page");
        Map<Integer, List<String[]>> lines = new HashMap<>();
        String[] all = text.split("\n");
        for (int i = 0; i < all.length; i++) {
            String line = all[i];
            if (line.startsWith("#") || line.isBlank()) {
                continue;
            }
            Matcher m = LINE.matcher(line);
            if (!m.matches()) {
                continue; // stack trace lines, collected below with their record
            }
            StringBuilder following = new StringBuilder();
            for (int j = i + 1; j < all.length && all[j].startsWith(" => "); j++) {
                following.append(all[j]).append('\n');
            }
            String rest = m.group(6);
            int colon = rest.indexOf(": ");
            String name = colon < 0 ? rest : rest.substring(0, colon);
            String info = colon < 0 ? "" : rest.substring(colon + 2);
            lines.computeIfAbsent(Integer.parseInt(m.group(3)), c -> new ArrayList<>())
                    .add(new String[] {name, info, following.toString()});
        }
        List<Entry> out = new ArrayList<>();
        try (var cpus = Files.list(instance.resolve("per_cpu"))) {
            for (Path dir : cpus.sorted().toList()) {
                int cpu = Integer.parseInt(dir.getFileName().toString().substring(3));
                byte[] raw = readPipeRaw(dir.resolve("trace_pipe_raw"), layout.subBufferSize());
                List<String[]> cpuLines = lines.getOrDefault(cpu, List.of());
                MemorySegment data = MemorySegment.ofArray(raw);
                PageDecoder decoder = new PageDecoder(layout);
                EventRecord record = new EventRecord();
                int index = 0;
                for (long off = 0; off + layout.subBufferSize() <= raw.length; off += layout.subBufferSize()) {
                    decoder.reset(data, off, dir.toString(), cpu, off / layout.subBufferSize());
                    while (decoder.next(record)) {
                        EventFormat format = formats.byId(record.id());
                        byte[] payload = new byte[record.payloadLength()];
                        record.bytes(0, payload, 0, payload.length);
                        EventRecord copy = new EventRecord().wrap(MemorySegment.ofArray(payload), 0, payload.length,
                                record.timestamp(), cpu, "cpu" + cpu);
                        if (index >= cpuLines.size()) {
                            throw new IllegalStateException("cpu" + cpu + ": more records than trace lines");
                        }
                        String[] line = cpuLines.get(index++);
                        if (format == null) {
                            continue; // markers / stack traces of ftrace type
                        }
                        if (!format.system().equals("ftrace") && !format.name().equals(line[0])) {
                            throw new IllegalStateException("cpu" + cpu + " record " + index + " is " + format.name()
                                    + " but its trace line is " + line[0] + ": " + line[1]);
                        }
                        out.add(new Entry(format, copy, line[1], List.of(line[2].split("\n"))));
                    }
                }
                if (index != cpuLines.size()) {
                    throw new IllegalStateException("cpu" + cpu + ": " + index + " records, " + cpuLines.size()
                            + " trace lines");
                }
            }
        }
        return out;
    }

    private static byte[] readPipeRaw(Path file, int subBufferSize) throws IOException, InterruptedException {
        Path tmp = Files.createTempFile("jtrace-pipe-raw", ".bin");
        try {
            Process dd = new ProcessBuilder("dd", "if=" + file, "of=" + tmp, "bs=" + subBufferSize, "iflag=nonblock",
                    "status=none").redirectErrorStream(true).start();
            String msg = new String(dd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!dd.waitFor(30, TimeUnit.SECONDS) || (dd.exitValue() != 0 && !msg.contains("temporarily"))) {
                throw new IOException("dd of " + file + " failed: " + msg);
            }
            return Files.readAllBytes(tmp);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /**
     * Reads a /proc or tracefs file whole, as bytes (such files report size 0).
     *
     * @param file the file
     * @return its text
     * @throws IOException if reading fails
     */
    public static String read(Path file) throws IOException {
        try (var in = Files.newInputStream(file)) {
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }

    @Override
    public void close() throws IOException {
        try {
            set("tracing_on", "0");
            for (String e : enabled) {
                Files.writeString(instance.resolve("events").resolve(e).resolve("enable"), "0");
            }
            if (Files.exists(instance.resolve("options/stacktrace"))) {
                set("options/stacktrace", "0");
            }
        } finally {
            Files.delete(instance);
        }
    }
}
