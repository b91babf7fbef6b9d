package dev.jtrace.tracedat.internal;

import java.nio.charset.StandardCharsets;

/**
 * The on-disk layout of trace-cmd's trace.dat, versions 6 and 7, as written by trace-cmd's
 * {@code lib/trace-cmd/trace-output.c} and read by {@code trace-input.c} (the man pages
 * {@code trace-cmd.dat.v6(5)} and {@code trace-cmd.dat.v7(5)} describe the same with a few gaps).
 *
 * <p>Initial header, both versions (numbers after the long-size byte are in the file's byte order):
 * <pre>
 *  0      3         10          v+1   v+2    v+3          v+7
 *  +------+---------+-----------+-----+------+------------+
 *  |17 08 | tracing | "6\0"/"7\0"| end | long | u32 page   |   end: 0 little, 1 big endian
 *  |  44  |         |  (v bytes)|     | size | size       |   long size: of the writer's user space
 *  +------+---------+-----------+-----+------+------------+
 *  v7 then: "name\0version\0" of the compression ("none" if none), u64 offset of the first
 *  options section, then sections anywhere in the file.
 *  v6 then: header_page/header_event, ftrace formats, event formats, kallsyms, printk formats,
 *  saved cmdlines, u32 CPU count, ["options  \0" options u16 0], "flyrecord\0" or "latency  \0".
 * </pre>
 *
 * <p>v7 section header (16 bytes), before every section:
 * <pre>
 *  0        2         4                8                   16
 *  +--------+---------+----------------+-------------------+
 *  | u16 id | u16 flags| u32 description| u64 size          |  flags bit 0: compressed
 *  +--------+---------+----------------+-------------------+  description: offset in the strings
 * </pre>                                                         sections, or -1
 * A compressed metadata section holds one block: u32 compressed size, u32 uncompressed size, data.
 * Compressed per-CPU trace data is a u32 chunk count followed by chunks of the same shape, each
 * (trace-cmd writes 10 pages a chunk) decompressing to whole pages.
 *
 * <p>Options (v6 options area and v7 options sections): u16 id, u32 size, data; v6 ends the list
 * with a bare u16 0, v7 with option 0 ("done") whose 8 bytes give the offset of the next options
 * section, or 0.
 */
public final class TraceDatLayout {
    /** The first three bytes of every trace.dat file. */
    public static final byte[] MAGIC = {0x17, 0x08, 0x44};
    /** The seven bytes after the magic. */
    public static final byte[] TRACING = "tracing".getBytes(StandardCharsets.US_ASCII);
    /** The first version jtrace reads. */
    public static final int VERSION_6 = 6;
    /** The version with sections and compression. */
    public static final int VERSION_7 = 7;
    /** The name v7 files give for "no compression". */
    public static final String COMPRESSION_NONE = "none";

    /** Size of a v7 section header. */
    public static final int SECTION_HEADER_SIZE = 16;
    /** Offset of the section id (u16). */
    public static final int SECTION_ID_OFFSET = 0;
    /** Offset of the section flags (u16). */
    public static final int SECTION_FLAGS_OFFSET = 2;
    /** Offset of the description string id (u32, -1 for none). */
    public static final int SECTION_DESCRIPTION_OFFSET = 4;
    /** Offset of the section size (u64), which counts what follows the header. */
    public static final int SECTION_SIZE_OFFSET = 8;
    /** Section flag: the content is compressed. */
    public static final int SECTION_FLAG_COMPRESSED = 1;

    /** Size of a compression block or chunk header: u32 compressed size, u32 uncompressed size. */
    public static final int BLOCK_HEADER_SIZE = 8;
    /** Pages per compressed chunk in files trace-cmd writes ({@code PAGES_IN_CHUNK}). */
    public static final int PAGES_PER_CHUNK = 10;

    /** Size of an option header: u16 id, u32 size. */
    public static final int OPTION_HEADER_SIZE = 6;

    /** The 10-byte markers of v6 files. */
    public static final String V6_OPTIONS = "options  ";
    /** See {@link #V6_OPTIONS}. */
    public static final String V6_FLYRECORD = "flyrecord";
    /** See {@link #V6_OPTIONS}. */
    public static final String V6_LATENCY = "latency  ";
    /** Length of a v6 marker with its NUL. */
    public static final int V6_MARKER_SIZE = 10;

    /** The strings before the header_page and header_event texts (with their NULs). */
    public static final String HEADER_PAGE = "header_page";
    /** See {@link #HEADER_PAGE}. */
    public static final String HEADER_EVENT = "header_event";

    // Option and section ids (enum tracecmd_option_id in trace-cmd's include/trace-cmd/trace-cmd.h).
    // A v7 section carries the id of the option that points at it.
    /** End of an options list; in v7 also the id of options sections. */
    public static final int OPTION_DONE = 0;
    /** Microseconds between trace time stamps and wall-clock time, as ASCII ("0x..." or decimal). */
    public static final int OPTION_DATE = 1;
    /** One CPU's {@code per_cpu/cpuN/stats} text. */
    public static final int OPTION_CPUSTAT = 2;
    /** A buffer (instance); in v7 also the id of flyrecord sections. */
    public static final int OPTION_BUFFER = 3;
    /** The {@code trace_clock} file's text. */
    public static final int OPTION_TRACECLOCK = 4;
    /** {@code uname -a} of the traced machine. */
    public static final int OPTION_UNAME = 5;
    /** An event hook description. */
    public static final int OPTION_HOOK = 6;
    /** A time offset added to every time stamp, as ASCII. */
    public static final int OPTION_OFFSET = 7;
    /** The number of CPUs (u32). */
    public static final int OPTION_CPUCOUNT = 8;
    /** The trace-cmd version that wrote the file. */
    public static final int OPTION_VERSION = 9;
    /** Memory maps of traced processes. */
    public static final int OPTION_PROCMAPS = 10;
    /** This session's id (u64). */
    public static final int OPTION_TRACEID = 11;
    /** Guest-to-host time synchronisation. */
    public static final int OPTION_TIME_SHIFT = 12;
    /** A traced guest: name, trace id, vCPU to host task. */
    public static final int OPTION_GUEST = 13;
    /** TSC to nanoseconds: u32 mult, u32 shift, u64 offset. */
    public static final int OPTION_TSC2NSEC = 14;
    /** The v7 strings section's id. */
    public static final int OPTION_STRINGS = 15;
    /** Offset of the header_page/header_event section. */
    public static final int OPTION_HEADER_INFO = 16;
    /** Offset of the ftrace formats section. */
    public static final int OPTION_FTRACE_EVENTS = 17;
    /** Offset of the event formats section. */
    public static final int OPTION_EVENT_FORMATS = 18;
    /** Offset of the kallsyms section. */
    public static final int OPTION_KALLSYMS = 19;
    /** Offset of the printk formats section. */
    public static final int OPTION_PRINTK = 20;
    /** Offset of the saved cmdlines section. */
    public static final int OPTION_CMDLINES = 21;
    /** A latency (text) buffer; in v7 also the id of its section. */
    public static final int OPTION_BUFFER_TEXT = 22;

    private TraceDatLayout() {
    }

    /**
     * Names an option or section id for messages.
     *
     * @param id the id
     * @return its name, or {@code "option N"}
     */
    public static String optionName(int id) {
        return switch (id) {
            case OPTION_DONE -> "options";
            case OPTION_DATE -> "DATE";
            case OPTION_CPUSTAT -> "CPUSTAT";
            case OPTION_BUFFER -> "BUFFER";
            case OPTION_TRACECLOCK -> "TRACECLOCK";
            case OPTION_UNAME -> "UNAME";
            case OPTION_HOOK -> "HOOK";
            case OPTION_OFFSET -> "OFFSET";
            case OPTION_CPUCOUNT -> "CPUCOUNT";
            case OPTION_VERSION -> "VERSION";
            case OPTION_PROCMAPS -> "PROCMAPS";
            case OPTION_TRACEID -> "TRACEID";
            case OPTION_TIME_SHIFT -> "TIME_SHIFT";
            case OPTION_GUEST -> "GUEST";
            case OPTION_TSC2NSEC -> "TSC2NSEC";
            case OPTION_STRINGS -> "strings";
            case OPTION_HEADER_INFO -> "header info";
            case OPTION_FTRACE_EVENTS -> "ftrace formats";
            case OPTION_EVENT_FORMATS -> "event formats";
            case OPTION_KALLSYMS -> "kallsyms";
            case OPTION_PRINTK -> "printk formats";
            case OPTION_CMDLINES -> "saved cmdlines";
            case OPTION_BUFFER_TEXT -> "BUFFER_TEXT";
            default -> "option " + id;
        };
    }
}
