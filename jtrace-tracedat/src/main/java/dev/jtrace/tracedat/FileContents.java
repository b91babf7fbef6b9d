package dev.jtrace.tracedat;

import dev.jtrace.tracedat.internal.CpuChunks;
import dev.jtrace.traceevent.HeaderPage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@link FileParser} finds in a file: the metadata texts as stored (kept for copying a file),
 * the options and the buffers with the place of their data. Mutable while parsing, then read only.
 */
final class FileContents {
    int version;
    boolean bigEndian;
    int longSize;
    int pageSize;
    String compression = "none";
    String compressionVersion = "";
    String headerPageText;
    String headerEventText;
    HeaderPage headerPage;
    final List<String> ftraceFormats = new ArrayList<>();
    /** System name to its format texts, in file order. */
    final Map<String, List<String>> eventFormats = new LinkedHashMap<>();
    // Texts are kept as ISO-8859-1 (one char per byte, so they copy back byte for byte); task names
    // and printk formats are decoded as UTF-8 where they are used (utf8()).
    String kallsyms = "";
    String printkFormats = "";
    String cmdlines = "";
    int headerCpus;
    String latencyText;

    // options
    String uname;
    String traceCmdVersion;
    String traceClockText;
    Long traceId;
    int cpuCountOption = -1;
    final List<String> cpuStats = new ArrayList<>();
    long dateOffsetNanos;
    long offsetNanos;
    TraceDatOptions.Tsc2Nsec tsc2nsec;
    TraceDatOptions.TimeShift timeShift;
    final List<TraceDatOptions.Guest> guests = new ArrayList<>();
    String procMaps;
    final List<String> hooks = new ArrayList<>();
    final List<Integer> unknownIds = new ArrayList<>();

    final List<BufferEntry> buffers = new ArrayList<>();

    /** A buffer as found: its name, clock, page size and per-CPU data. */
    static final class BufferEntry {
        final String name;
        String clock;
        int pageSize;
        boolean compressed;
        final List<CpuChunks> cpus = new ArrayList<>();

        BufferEntry(String name) {
            this.name = name;
        }
    }

    /** Re-decodes a text kept as ISO-8859-1 as the UTF-8 it holds (task names, printk formats). */
    static String utf8(String latin1) {
        return new String(latin1.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1),
                java.nio.charset.StandardCharsets.UTF_8);
    }

    TraceDatOptions options() {
        int cpus = Math.max(headerCpus, cpuCountOption);
        for (BufferEntry b : buffers) {
            for (CpuChunks c : b.cpus) {
                cpus = Math.max(cpus, c.cpu() + 1);
            }
        }
        return new TraceDatOptions(uname, traceCmdVersion, traceClockText,
                traceId == null ? java.util.OptionalLong.empty() : java.util.OptionalLong.of(traceId), cpus, cpuStats,
                dateOffsetNanos, offsetNanos, tsc2nsec, timeShift, guests, procMaps, hooks, unknownIds);
    }
}
