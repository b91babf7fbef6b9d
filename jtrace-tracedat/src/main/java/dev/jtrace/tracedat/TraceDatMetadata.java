package dev.jtrace.tracedat;

import dev.jtrace.core.CpuSet;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Everything a trace.dat file stores besides the ring-buffer pages: the page and event header
 * layouts, the event formats, kernel symbols, printk formats, task names and a few facts about
 * the machine. Immutable; build one with {@link #builder()}, read it from a live tracefs with
 * {@link #fromTracefs(Path, Path)}, or take it from another file ({@link #of(TraceDatFile)}).
 *
 * <p>Texts are kept as ISO-8859-1 strings, one char per byte, so they are written back byte for
 * byte whatever encoding the kernel's text had.
 */
public final class TraceDatMetadata {
    private final String headerPage;
    private final String headerEvent;
    private final List<String> ftraceFormats;
    private final Map<String, List<String>> eventFormats;
    private final String kallsyms;
    private final String printkFormats;
    private final String cmdlines;
    private final String traceClock;
    private final String uname;
    private final int cpuCount;
    private final int pageSize;
    private final List<String> cpuStats;

    private TraceDatMetadata(Builder b) {
        this.headerPage = Objects.requireNonNull(b.headerPage, "headerPage");
        this.headerEvent = Objects.requireNonNull(b.headerEvent, "headerEvent");
        this.ftraceFormats = List.copyOf(b.ftraceFormats);
        Map<String, List<String>> events = new LinkedHashMap<>();
        b.eventFormats.forEach((k, v) -> events.put(k, List.copyOf(v)));
        this.eventFormats = java.util.Collections.unmodifiableMap(events);
        this.kallsyms = b.kallsyms;
        this.printkFormats = b.printkFormats;
        this.cmdlines = b.cmdlines;
        this.traceClock = b.traceClock;
        this.uname = b.uname;
        this.cpuCount = b.cpuCount;
        this.pageSize = b.pageSize;
        this.cpuStats = List.copyOf(b.cpuStats);
    }

    /**
     * Starts an empty builder.
     *
     * @return the builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Reads the metadata of a live tracefs instance (or of the top level when {@code instance} is
     * the tracefs root): its {@code events/header_page} and {@code header_event}, every event
     * format (the {@code ftrace} system's own and all others), {@code /proc/kallsyms}, and the
     * top-level {@code printk_formats} and {@code saved_cmdlines} (read them last, right after the
     * recording: task names change), the instance's {@code trace_clock}, uname and CPU count.
     *
     * @param tracefs the tracefs mount point
     * @param instance the instance directory, or {@code tracefs} for the top-level buffer
     * @return the metadata
     * @throws UncheckedIOException if a file cannot be read
     */
    public static TraceDatMetadata fromTracefs(Path tracefs, Path instance) {
        Builder b = builder();
        b.headerPage(read(instance.resolve("events/header_page")));
        b.headerEvent(read(instance.resolve("events/header_event")));
        Path events = tracefs.resolve("events");
        for (Path system : list(events)) {
            if (!Files.isDirectory(system)) {
                continue;
            }
            String name = system.getFileName().toString();
            List<String> texts = new ArrayList<>();
            for (Path event : list(system)) {
                Path format = event.resolve("format");
                if (Files.isRegularFile(format)) {
                    texts.add(read(format));
                }
            }
            if (name.equals("ftrace")) {
                b.ftraceFormats(texts);
            } else if (!texts.isEmpty()) {
                b.eventFormats(name, texts);
            }
        }
        b.kallsyms(readIfPresent(Path.of("/proc/kallsyms")));
        b.printkFormats(readIfPresent(tracefs.resolve("printk_formats")));
        b.cmdlines(readIfPresent(tracefs.resolve("saved_cmdlines")));
        b.traceClock(read(instance.resolve("trace_clock")).strip());
        b.uname(machineUname());
        int cpus = 0;
        for (Path p : list(instance.resolve("per_cpu"))) {
            String n = p.getFileName().toString();
            if (n.startsWith("cpu")) {
                cpus = Math.max(cpus, Integer.parseInt(n.substring(3)) + 1);
            }
        }
        b.cpuCount(Math.max(cpus, CpuSet.possible().max() + 1));
        return b.build();
    }

    /**
     * Takes the metadata of an open file, for writing its records to another.
     *
     * @param file the file
     * @return its metadata
     */
    public static TraceDatMetadata of(TraceDatFile file) {
        FileContents c = file.contents();
        Builder b = builder().headerPage(c.headerPageText).headerEvent(c.headerEventText == null ? ""
                : c.headerEventText).ftraceFormats(c.ftraceFormats).kallsyms(c.kallsyms).printkFormats(c.printkFormats)
                .cmdlines(c.cmdlines).cpuCount(file.options().cpuCount()).pageSize(c.pageSize)
                .cpuStats(file.options().cpuStats());
        c.eventFormats.forEach(b::eventFormats);
        if (file.options().traceClockText() != null) {
            b.traceClock(file.options().traceClockText());
        }
        if (file.options().uname() != null) {
            b.uname(file.options().uname());
        }
        return b.build();
    }

    private static String machineUname() {
        String sys = readIfPresent(Path.of("/proc/sys/kernel/ostype")).strip();
        String host = readIfPresent(Path.of("/proc/sys/kernel/hostname")).strip();
        String release = readIfPresent(Path.of("/proc/sys/kernel/osrelease")).strip();
        String arch = System.getProperty("os.arch");
        arch = arch.equals("amd64") ? "x86_64" : arch;
        return (sys.isEmpty() ? "Linux" : sys) + " " + host + " " + release + " " + arch;
    }

    private static List<Path> list(Path dir) {
        List<Path> out = new ArrayList<>();
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
            for (Path p : s) {
                out.add(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
        out.sort(null);
        return out;
    }

    /** Reads a tracefs or /proc file whole, as bytes (such files report size 0). */
    private static String read(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    private static String readIfPresent(Path file) {
        return Files.exists(file) ? read(file) : "";
    }

    /**
     * Returns the {@code events/header_page} text.
     *
     * @return the text
     */
    public String headerPage() {
        return headerPage;
    }

    /**
     * Returns the {@code events/header_event} text.
     *
     * @return the text
     */
    public String headerEvent() {
        return headerEvent;
    }

    /**
     * Returns the format texts of the {@code ftrace} system.
     *
     * @return the texts
     */
    public List<String> ftraceFormats() {
        return ftraceFormats;
    }

    /**
     * Returns the format texts of the other systems, by system.
     *
     * @return system to texts, in file order
     */
    public Map<String, List<String>> eventFormats() {
        return eventFormats;
    }

    /**
     * Returns the kallsyms text.
     *
     * @return the text, empty for none
     */
    public String kallsyms() {
        return kallsyms;
    }

    /**
     * Returns the printk_formats text.
     *
     * @return the text, empty for none
     */
    public String printkFormats() {
        return printkFormats;
    }

    /**
     * Returns the saved_cmdlines text.
     *
     * @return the text, empty for none
     */
    public String cmdlines() {
        return cmdlines;
    }

    /**
     * Returns the trace_clock text ({@code [local] global ...}).
     *
     * @return the text, or {@code null} for none
     */
    public String traceClock() {
        return traceClock;
    }

    /**
     * Returns the uname text.
     *
     * @return the text, or {@code null} for none
     */
    public String uname() {
        return uname;
    }

    /**
     * Returns the CPU count of the traced machine.
     *
     * @return the count, 0 if unknown (the writer then uses the CPUs with data)
     */
    public int cpuCount() {
        return cpuCount;
    }

    /**
     * Returns the page size for the file header.
     *
     * @return bytes
     */
    public int pageSize() {
        return pageSize;
    }

    /**
     * Returns the per-CPU statistics texts.
     *
     * @return the texts
     */
    public List<String> cpuStats() {
        return cpuStats;
    }

    /** Collects metadata; {@code headerPage} and {@code headerEvent} are required. */
    public static final class Builder {
        private String headerPage;
        private String headerEvent;
        private final List<String> ftraceFormats = new ArrayList<>();
        private final Map<String, List<String>> eventFormats = new LinkedHashMap<>();
        private String kallsyms = "";
        private String printkFormats = "";
        private String cmdlines = "";
        private String traceClock;
        private String uname;
        private int cpuCount;
        private int pageSize = 4096;
        private final List<String> cpuStats = new ArrayList<>();

        private Builder() {
        }

        /**
         * Sets the {@code events/header_page} text.
         *
         * @param text the text
         * @return this builder
         */
        public Builder headerPage(String text) {
            this.headerPage = Objects.requireNonNull(text, "text");
            return this;
        }

        /**
         * Sets the {@code events/header_event} text.
         *
         * @param text the text
         * @return this builder
         */
        public Builder headerEvent(String text) {
            this.headerEvent = Objects.requireNonNull(text, "text");
            return this;
        }

        /**
         * Adds format texts of the {@code ftrace} system.
         *
         * @param texts the texts
         * @return this builder
         */
        public Builder ftraceFormats(List<String> texts) {
            ftraceFormats.addAll(texts);
            return this;
        }

        /**
         * Adds format texts of a system.
         *
         * @param system the system
         * @param texts its formats
         * @return this builder
         */
        public Builder eventFormats(String system, List<String> texts) {
            eventFormats.computeIfAbsent(Objects.requireNonNull(system, "system"), s -> new ArrayList<>())
                    .addAll(texts);
            return this;
        }

        /**
         * Sets the kallsyms text.
         *
         * @param text the text
         * @return this builder
         */
        public Builder kallsyms(String text) {
            this.kallsyms = Objects.requireNonNull(text, "text");
            return this;
        }

        /**
         * Sets the printk_formats text.
         *
         * @param text the text
         * @return this builder
         */
        public Builder printkFormats(String text) {
            this.printkFormats = Objects.requireNonNull(text, "text");
            return this;
        }

        /**
         * Sets the saved_cmdlines text.
         *
         * @param text the text
         * @return this builder
         */
        public Builder cmdlines(String text) {
            this.cmdlines = Objects.requireNonNull(text, "text");
            return this;
        }

        /**
         * Sets the trace_clock text.
         *
         * @param text the text, e.g. {@code "[local] global counter"}
         * @return this builder
         */
        public Builder traceClock(String text) {
            this.traceClock = text;
            return this;
        }

        /**
         * Sets the uname text.
         *
         * @param text the text
         * @return this builder
         */
        public Builder uname(String text) {
            this.uname = text;
            return this;
        }

        /**
         * Sets the CPU count.
         *
         * @param count the count
         * @return this builder
         */
        public Builder cpuCount(int count) {
            this.cpuCount = count;
            return this;
        }

        /**
         * Sets the page size of the file header (4096 by default).
         *
         * @param bytes the size
         * @return this builder
         */
        public Builder pageSize(int bytes) {
            this.pageSize = bytes;
            return this;
        }

        /**
         * Adds per-CPU statistics texts.
         *
         * @param texts the texts
         * @return this builder
         */
        public Builder cpuStats(List<String> texts) {
            cpuStats.addAll(texts);
            return this;
        }

        /**
         * Builds the metadata.
         *
         * @return the metadata
         * @throws NullPointerException if the header texts are missing
         */
        public TraceDatMetadata build() {
            return new TraceDatMetadata(this);
        }
    }
}
