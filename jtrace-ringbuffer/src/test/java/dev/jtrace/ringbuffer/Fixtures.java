package dev.jtrace.ringbuffer;

import dev.jtrace.traceevent.HeaderPage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The captured page data sets under {@code src/test/resources/pages} (see the README there). */
final class Fixtures {
    private static final Pattern TRACE_LINE = Pattern.compile("^\\s*(.*)-(\\d+)\\s+\\[(\\d+)\\] (\\S+)\\s+(\\d+)\\.(\\d{6}): (.*)$");

    /** One line of the kernel's {@code trace} text: CPU, time stamp in microseconds, the text after it. */
    record TraceLine(int cpu, long micros, String text) {
    }

    final String name;
    final HeaderPage header;
    final byte[][] raw;

    private Fixtures(String name) {
        this.name = name;
        this.header = HeaderPage.parse(text("header_page"), name + "/header_page");
        this.raw = new byte[][] {bytes("cpu0.raw"), bytes("cpu1.raw")};
    }

    static Fixtures load(String name) {
        return new Fixtures(name);
    }

    /** The sub-buffers of one CPU, each copied into its own native segment of {@code arena}. */
    List<MemorySegment> pages(int cpu, Arena arena) {
        int size = header.subBufferSize();
        List<MemorySegment> pages = new ArrayList<>();
        for (int off = 0; off + size <= raw[cpu].length; off += size) {
            MemorySegment page = arena.allocate(size, 8);
            MemorySegment.copy(MemorySegment.ofArray(raw[cpu]), off, page, 0, size);
            pages.add(page);
        }
        return pages;
    }

    /** The kernel's {@code trace} text, parsed. */
    List<TraceLine> traceLines() {
        List<TraceLine> lines = new ArrayList<>();
        for (String line : text("trace").split("\n")) {
            Matcher m = TRACE_LINE.matcher(line);
            if (m.matches()) {
                lines.add(new TraceLine(Integer.parseInt(m.group(3)),
                        Long.parseLong(m.group(5)) * 1_000_000 + Long.parseLong(m.group(6)), m.group(7)));
            }
        }
        return lines;
    }

    /** The saved {@code entries} and {@code overrun} of a CPU. */
    long[] stats(int cpu) {
        for (String line : text("stats").split("\n")) {
            String[] f = line.split(" ");
            if (f[0].equals("cpu" + cpu)) {
                return new long[] {Long.parseLong(f[1]), Long.parseLong(f[2])};
            }
        }
        throw new IllegalStateException("no stats for cpu" + cpu + " in " + name);
    }

    String text(String file) {
        return new String(bytes(file), StandardCharsets.UTF_8);
    }

    byte[] bytes(String file) {
        return resource("/pages/" + name + "/" + file);
    }

    static byte[] resource(String path) {
        try (InputStream in = Fixtures.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("no test resource " + path);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
