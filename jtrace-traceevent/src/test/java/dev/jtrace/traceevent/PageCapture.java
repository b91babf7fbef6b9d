package dev.jtrace.traceevent;

import dev.jtrace.core.TracefsMount;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Produces a page data set from the running kernel: creates its own tracefs instance, writes a known
 * sequence of {@code trace_marker} and {@code trace_marker_raw} records (one write each), stops
 * tracing, then saves the instance's {@code trace} text (read first, it does not consume), the
 * per-CPU {@code stats}, {@code events/header_page}, {@code events/header_event}, the ids of
 * {@code ftrace/print} and {@code ftrace/raw_data}, and the raw sub-buffers of every CPU read with
 * {@code dd iflag=nonblock} from {@code per_cpu/cpuN/trace_pipe_raw}. {@link PageDataSet} checks
 * such a directory. The instance is removed on {@link #close()}.
 */
final class PageCapture implements AutoCloseable {
    /** Text lengths that cover type_len 1..28 events, the 112-byte boundary and type_len 0 events. */
    private static final int[] TEXT_LENGTHS = {1, 2, 3, 4, 5, 7, 8, 12, 40, 90, 94, 95, 96, 97, 100, 120, 200, 480, 999,
        1000};
    private static final Pattern ID = Pattern.compile("(?m)^ID: (\\d+)$");

    private final Path instance;
    private final List<String> written = new ArrayList<>();

    private PageCapture(Path instance) {
        this.instance = instance;
    }

    static PageCapture create(String name) throws IOException {
        return createNamed("pages-" + name);
    }

    /** Creates the instance {@code jtrace-test-<pid>-<suffix>} (tracing off), for other captures. */
    static PageCapture createNamed(String suffix) throws IOException {
        Path tracefs = TracefsMount.find().orElseThrow(() -> new IllegalStateException("tracefs is not mounted"));
        Path instance = tracefs.resolve("instances").resolve("jtrace-test-" + ProcessHandle.current().pid()
                + "-" + suffix);
        Files.createDirectory(instance);
        PageCapture capture = new PageCapture(instance);
        capture.set("tracing_on", "0");
        return capture;
    }

    Path instance() {
        return instance;
    }

    void set(String file, String value) throws IOException {
        Files.writeString(instance.resolve(file), value);
    }

    /** Writes {@code count} markers, text and raw mixed, with seeded contents; one write() each. */
    void writeMarkers(int count, long seed) throws IOException {
        SplittableRandom random = new SplittableRandom(seed);
        try (FileChannel text = FileChannel.open(instance.resolve("trace_marker"), StandardOpenOption.WRITE);
                FileChannel raw = FileChannel.open(instance.resolve("trace_marker_raw"), StandardOpenOption.WRITE)) {
            for (int seq = 0; seq < count; seq++) {
                if (seq % 3 == 2) {
                    byte[] data = new byte[4 + random.nextInt(0, 240)];
                    ByteBuffer.wrap(data).order(ByteOrder.nativeOrder()).putInt(seq);
                    for (int i = 4; i < data.length; i++) {
                        data[i] = (byte) random.nextInt(256);
                    }
                    writeFully(raw, data);
                    written.add("raw " + HexFormat.of().formatHex(data));
                } else {
                    String s = text(seq, TEXT_LENGTHS[seq % TEXT_LENGTHS.length]);
                    writeFully(text, s.getBytes(StandardCharsets.US_ASCII));
                    written.add("text " + HexFormat.of().formatHex(s.getBytes(StandardCharsets.US_ASCII)));
                }
            }
        }
    }

    /**
     * Writes two text markers 200 ms apart from one process pinned to CPU 0 (with taskset), so the
     * second needs a time extend: its delta exceeds the 27-bit time_delta (about 134 ms).
     */
    void writePinnedPairWithPause(String first, String second) throws IOException, InterruptedException {
        Path marker = instance.resolve("trace_marker");
        Process p = new ProcessBuilder("taskset", "-c", "0", "sh", "-c",
                "printf %s \"$1\" > \"$3\"; sleep 0.2; printf %s \"$2\" > \"$3\"", "sh", first, second,
                marker.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("taskset/sh failed: " + out);
        }
        written.add("text " + HexFormat.of().formatHex(first.getBytes(StandardCharsets.US_ASCII)));
        written.add("text " + HexFormat.of().formatHex(second.getBytes(StandardCharsets.US_ASCII)));
    }

    /** Stops tracing and saves everything {@link PageDataSet} needs into {@code dir}. */
    void captureTo(Path dir) throws IOException, InterruptedException {
        set("tracing_on", "0");
        Files.createDirectories(dir);
        Path tracefs = instance.getParent().getParent();
        Files.writeString(dir.resolve("header_page"), read(instance.resolve("events/header_page")));
        Files.writeString(dir.resolve("header_event"), read(instance.resolve("events/header_event")));
        Files.writeString(dir.resolve("ids"), "print " + id(tracefs, "ftrace/print") + "\nraw_data "
                + id(tracefs, "ftrace/raw_data") + "\n");
        Files.write(dir.resolve("written"), written);
        // The trace text first: reading it does not consume, trace_pipe_raw does.
        Files.writeString(dir.resolve("trace"), read(instance.resolve("trace")));
        HeaderPage layout = HeaderPage.parse(read(instance.resolve("events/header_page")), "header_page");
        StringBuilder stats = new StringBuilder();
        List<Integer> cpus = cpus();
        for (int cpu : cpus) {
            String cpuStats = read(instance.resolve("per_cpu/cpu" + cpu + "/stats"));
            stats.append("cpu").append(cpu).append(' ').append(stat(cpuStats, "entries")).append(' ')
                    .append(stat(cpuStats, "overrun")).append('\n');
        }
        Files.writeString(dir.resolve("stats"), stats);
        for (int cpu : cpus) {
            readRaw(cpu, layout.subBufferSize(), dir.resolve("cpu" + cpu + ".raw"));
        }
    }

    /**
     * Reads (consumes) every sub-buffer of one CPU from {@code per_cpu/cpuN/trace_pipe_raw} into
     * {@code out} with {@code dd iflag=nonblock}, one whole sub-buffer per read.
     */
    void readRaw(int cpu, int subBufferSize, Path out) throws IOException, InterruptedException {
        Process dd = new ProcessBuilder("dd", "if=" + instance.resolve("per_cpu/cpu" + cpu + "/trace_pipe_raw"),
                "of=" + out, "bs=" + subBufferSize, "iflag=nonblock", "status=none")
                .redirectErrorStream(true).start();
        String msg = new String(dd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!dd.waitFor(30, TimeUnit.SECONDS) || (dd.exitValue() != 0 && !msg.contains("temporarily"))) {
            throw new IOException("dd of cpu" + cpu + " failed: " + msg);
        }
    }

    /** The CPUs of the instance's {@code per_cpu} directory, ascending. */
    List<Integer> cpus() throws IOException {
        List<Integer> cpus = new ArrayList<>();
        try (var list = Files.list(instance.resolve("per_cpu"))) {
            list.forEach(p -> cpus.add(Integer.parseInt(p.getFileName().toString().substring(3))));
        }
        cpus.sort(null);
        return cpus;
    }

    private static long stat(String stats, String key) {
        Matcher m = Pattern.compile("(?m)^" + key + ": (\\d+)$").matcher(stats);
        if (!m.find()) {
            throw new IllegalStateException("no '" + key + "' in stats: " + stats);
        }
        return Long.parseLong(m.group(1));
    }

    private static int id(Path tracefs, String event) throws IOException {
        Matcher m = ID.matcher(read(tracefs.resolve("events").resolve(event).resolve("format")));
        if (!m.find()) {
            throw new IllegalStateException("no ID in the format of " + event);
        }
        return Integer.parseInt(m.group(1));
    }

    /** A text of exactly {@code length} ASCII letters, starting with the sequence number when it fits. */
    static String text(int seq, int length) {
        String prefix = "m" + seq + ";";
        StringBuilder sb = new StringBuilder(length);
        if (prefix.length() <= length) {
            sb.append(prefix);
        }
        while (sb.length() < length) {
            sb.append((char) ('a' + (seq + sb.length()) % 26));
        }
        return sb.toString();
    }

    /**
     * Reads a tracefs file whole. Not Files.readString: for files that report size 0 it starts with a
     * 1-byte read, and events/header_page and header_event then return that byte and end of file.
     */
    static String read(Path file) throws IOException {
        try (var in = Files.newInputStream(file)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static void writeFully(FileChannel channel, byte[] data) throws IOException {
        int n = channel.write(ByteBuffer.wrap(data));
        if (n != data.length) {
            throw new IOException("short marker write: " + n + " of " + data.length);
        }
    }

    @Override
    public void close() throws IOException {
        try {
            set("tracing_on", "0");
        } finally {
            Files.delete(instance);
        }
    }
}
