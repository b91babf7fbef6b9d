package dev.jtrace.traceevent;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Everything the render oracle compares, as one value: the kernel's {@code trace} text, the raw
 * sub-buffers of every CPU, the layout and formats to decode them, and what rendering needs
 * (task names, trace clock, printk formats, kernel symbols).
 *
 * <p>A dump directory (written by {@link RenderOracleCapture}, read by {@link #load(Path)}) holds:
 * <pre>
 *   trace                   the instance's trace text, read before the raw pages
 *   cpuN.raw                every sub-buffer of CPU N from per_cpu/cpuN/trace_pipe_raw
 *   header_page             events/header_page of the instance
 *   header_event            events/header_event
 *   events/SYS/EVENT/format the formats of the event ids in the data, and all of ftrace/
 *   saved_cmdlines          top-level saved_cmdlines, read right after the trace text
 *   saved_tgids             top-level saved_tgids
 *   trace_clock             the instance's trace_clock ("[local] global ...")
 *   trace_options           the instance's trace_options, for reference
 *   printk_formats          top-level printk_formats (for bprint)
 *   kallsyms                a copy of /proc/kallsyms
 *   stats                   per_cpu/cpuN/stats of every CPU, each after a "cpuN" line
 *   NOTES                   what the capture enabled, what was missing, anything odd
 * </pre>
 * Text files are UTF-8 as the kernel wrote them (the oracle compares Java strings: the kernel's
 * bytes decoded as UTF-8, like {@link EventRecord#cString}).
 *
 * <p>Plain JDK only: {@link RenderOracleOffline} uses it without the test classpath.
 */
record RenderOracleInputs(
        String trace,
        SortedMap<Integer, byte[]> raw,
        HeaderPage headerPage,
        EventFormats formats,
        String savedCmdlines,
        String savedTgids,
        String traceClockFile,
        String printkFormatsFile,
        Path kallsyms,
        String stats,
        String jiffies) {

    private static final Pattern RAW_FILE = Pattern.compile("cpu(\\d+)\\.raw");
    private static final Pattern CLOCK = Pattern.compile("\\[([^\\]]+)\\]");
    private static final Pattern PRINTK_LINE = Pattern.compile("^0x([0-9a-fA-F]+) : \"(.*)\"$");

    /** Loads a dump directory; a missing optional file (saved_tgids, kallsyms, ...) reads as empty. */
    static RenderOracleInputs load(Path dir) throws IOException {
        SortedMap<Integer, byte[]> raw = loadRaw(dir);
        Path headerPage = dir.resolve("header_page");
        EventFormats formats = EventFormats.load(dir.resolve("events"));
        if (!formats.failures().isEmpty()) {
            throw new IOException("formats in " + dir.resolve("events") + " failed to load: " + formats.failures());
        }
        Path kallsyms = dir.resolve("kallsyms");
        return new RenderOracleInputs(text(dir.resolve("trace")), raw,
                HeaderPage.parse(text(headerPage), headerPage.toString()), formats,
                optional(dir.resolve("saved_cmdlines")), optional(dir.resolve("saved_tgids")),
                optional(dir.resolve("trace_clock")), optional(dir.resolve("printk_formats")),
                Files.exists(kallsyms) ? kallsyms : null, optional(dir.resolve("stats")),
                optional(dir.resolve("jiffies")).strip());
    }

    /** The {@code cpuN.raw} files of a dump directory by CPU. */
    static SortedMap<Integer, byte[]> loadRaw(Path dir) throws IOException {
        SortedMap<Integer, byte[]> raw = new TreeMap<>();
        try (var list = Files.list(dir)) {
            for (Path p : (Iterable<Path>) list::iterator) {
                Matcher m = RAW_FILE.matcher(p.getFileName().toString());
                if (m.matches()) {
                    raw.put(Integer.parseInt(m.group(1)), Files.readAllBytes(p));
                }
            }
        }
        return raw;
    }

    /** The selected clock of a {@code trace_clock} file ({@code local} if none is marked). */
    String traceClock() {
        Matcher m = CLOCK.matcher(traceClockFile);
        return m.find() ? m.group(1) : "local";
    }

    /** What the renderer needs besides formats and records; hash-ptr is off in every capture. */
    RenderContext context() throws IOException {
        return new RenderContext(symbols(kallsyms), parsePrintkFormats(printkFormatsFile),
                CommTable.parse(savedCmdlines, savedTgids), traceClock(), false, types());
    }

    /** The running kernel's BTF types, with jiffies as it was when the trace was read. */
    private KernelTypes types() {
        KernelTypes types = KernelTypes.loadRunningKernel();
        return jiffies.isEmpty() ? types : types.withVariable("jiffies", Long.parseUnsignedLong(jiffies));
    }

    /** The kernel symbols for rendering: switch the marked line once KernelSymbols can load a file. */
    static KernelSymbols symbols(Path kallsyms) throws IOException {
        return kallsyms == null ? KernelSymbols.empty() : KernelSymbols.load(kallsyms);
    }

    /** Parses {@code printk_formats} with the library's own parser. */
    static Map<Long, String> parsePrintkFormats(String text) {
        return RenderContext.parsePrintkFormats(text);
    }

    /**
     * Reads a file whole through an InputStream: tracefs files report size 0, and
     * {@code Files.readString} then stops after one byte for some of them (header_page).
     */
    static String text(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static String optional(Path file) throws IOException {
        return Files.exists(file) ? text(file) : "";
    }
}
