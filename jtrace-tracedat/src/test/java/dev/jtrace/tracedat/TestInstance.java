package dev.jtrace.tracedat;

import dev.jtrace.core.TracefsMount;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A tracefs instance of the test's own ({@code jtrace-test-<pid>-<what>}), created with tracing off,
 * hash-ptr off and a buffer large enough for the workloads; {@link #close()} disables what it
 * enabled, turns tracing off and removes it. Nothing else in tracefs is touched.
 */
final class TestInstance implements AutoCloseable {
    private final Path tracefs;
    private final Path dir;
    private final String name;
    private final List<String> enabled = new ArrayList<>();

    private TestInstance(Path tracefs, String name) {
        this.tracefs = tracefs;
        this.name = name;
        this.dir = tracefs.resolve("instances").resolve(name);
    }

    static TestInstance create(String what, int bufferKb) throws IOException {
        Path tracefs = TracefsMount.find().orElseThrow(() -> new IllegalStateException("tracefs is not mounted"));
        TestInstance t = new TestInstance(tracefs, "jtrace-test-" + ProcessHandle.current().pid() + "-" + what);
        Files.createDirectory(t.dir);
        try {
            t.write("tracing_on", "0");
            t.write("buffer_size_kb", Integer.toString(bufferKb));
            t.write("options/hash-ptr", "0");
        } catch (IOException | RuntimeException e) {
            t.close();
            throw e;
        }
        return t;
    }

    String name() {
        return name;
    }

    Path dir() {
        return dir;
    }

    Path tracefs() {
        return tracefs;
    }

    void write(String file, String value) throws IOException {
        Files.writeString(dir.resolve(file), value);
    }

    /** Enables {@code system/event} (or {@code system} for all its events) if the kernel has it. */
    boolean enable(String event) throws IOException {
        Path f = dir.resolve("events").resolve(event).resolve("enable");
        if (!Files.exists(f)) {
            return false;
        }
        Files.writeString(f, "1");
        enabled.add(event);
        // Task names come from the global saved_cmdlines at read time, and the JVM renames its
        // process reaper thread while it waits for a child ("process reaper (pid N)", cut to 15
        // bytes): trace-cmd, itself a child of this JVM, could copy the other name than the trace
        // text shows. Leave that thread's own events out (COMM is the current task's name; a lower-case comm would
        // be the field of events such as sched_waking), so every task name is stable.
        Path filter = dir.resolve("events").resolve(event).resolve("filter");
        if (Files.exists(filter)) {
            Files.writeString(filter, "!(COMM ~ \"process reaper*\")");
        }
        return true;
    }

    void on() throws IOException {
        startProcessReaper();
        write("tracing_on", "1");
    }

    /**
     * Makes the JVM start its process reaper thread (or keep the one it has) before tracing: a
     * thread born while tracing runs has its events recorded under the name "java" before the JVM
     * names it, and the filter on {@code COMM} could not leave them out.
     */
    static void startProcessReaper() throws IOException {
        try {
            new ProcessBuilder("/bin/true").start().waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while starting /bin/true", e);
        }
    }

    void off() throws IOException {
        write("tracing_on", "0");
    }

    /** Writes one trace_marker entry. */
    void mark(String text) throws IOException {
        try (FileChannel ch = FileChannel.open(dir.resolve("trace_marker"), StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)));
        }
    }

    /** The trace text (reading it does not consume the buffer). */
    String trace() throws IOException {
        return read(dir.resolve("trace"));
    }

    /** The instance's sub-buffer size, from its header_page. */
    int pageSize() throws IOException {
        return dev.jtrace.traceevent.HeaderPage.parse(read(dir.resolve("events/header_page")), "header_page")
                .subBufferSize();
    }

    /** The CPUs of the instance, ascending. */
    List<Integer> cpus() throws IOException {
        List<Integer> cpus = new ArrayList<>();
        try (var list = Files.list(dir.resolve("per_cpu"))) {
            list.forEach(p -> cpus.add(Integer.parseInt(p.getFileName().toString().substring(3))));
        }
        cpus.sort(null);
        return cpus;
    }

    /** Reads (consumes) every whole sub-buffer of a CPU from trace_pipe_raw, with non-blocking reads. */
    byte[] readPages(int cpu) throws IOException, InterruptedException {
        Path out = Files.createTempFile("jtrace-pages", ".raw");
        try {
            Process dd = new ProcessBuilder("dd", "if=" + dir.resolve("per_cpu/cpu" + cpu + "/trace_pipe_raw"),
                    "of=" + out, "bs=" + pageSize(), "iflag=nonblock", "status=none").redirectErrorStream(true).start();
            String msg = new String(dd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!dd.waitFor(60, TimeUnit.SECONDS) || (dd.exitValue() != 0 && !msg.contains("temporarily"))) {
                throw new IOException("dd of cpu" + cpu + " failed: " + msg);
            }
            return Files.readAllBytes(out);
        } finally {
            Files.deleteIfExists(out);
        }
    }

    static String read(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Override
    public void close() throws IOException {
        try {
            write("tracing_on", "0");
            for (String e : enabled) {
                Files.writeString(dir.resolve("events").resolve(e).resolve("enable"), "0");
            }
        } finally {
            Files.delete(dir);
        }
    }
}
