package dev.jtrace.tracedat;

import dev.jtrace.core.CpuSet;
import dev.jtrace.core.JtraceException;
import dev.jtrace.core.MalformedDataException;
import dev.jtrace.core.ResourceClosedException;
import dev.jtrace.tracedat.internal.Codec;
import dev.jtrace.tracedat.internal.Codecs;
import dev.jtrace.tracedat.internal.CpuChunks;
import dev.jtrace.tracedat.internal.CpuStream;
import dev.jtrace.tracedat.internal.TimeCorrection;
import dev.jtrace.traceevent.CommTable;
import dev.jtrace.traceevent.EventFormat;
import dev.jtrace.traceevent.EventFormats;
import dev.jtrace.traceevent.EventRenderer;
import dev.jtrace.traceevent.FormatParser;
import dev.jtrace.traceevent.HeaderPage;
import dev.jtrace.traceevent.KernelSymbols;
import dev.jtrace.traceevent.KernelTypes;
import dev.jtrace.traceevent.RenderContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A trace-cmd {@code trace.dat} file (version 6 or 7, uncompressed or compressed with zlib or
 * zstd), memory-mapped and read in place: its buffers and CPUs, event formats, kernel symbols,
 * printk formats, task names and options, and its records in time order through
 * {@link #cursor(RecordFilter)}.
 * {@snippet :
 * try (TraceDatFile file = TraceDatFile.open(Path.of("trace.dat"))) {
 *     System.out.println(file.version() + " " + file.compression() + " " + file.buffers());
 *     EventRenderer kernel = file.kernelRenderer(file.buffers().getFirst(), KernelTypes.empty());
 *     RecordCursor cursor = file.cursor();
 *     while (cursor.next()) {
 *         System.out.println(kernel.line(cursor.record()));      // the kernel's own trace format
 *     }
 * }
 * }
 *
 * <p>Opening reads and checks the structure: headers, options, sections, the page layout, the
 * event formats and the chunk tables of compressed data; a truncated or corrupt file fails there
 * with a {@link MalformedDataException} naming the byte offset and what was being read. Event
 * data is decoded only as records are read. Kernel symbols, printk formats and task names are
 * parsed on first use.
 *
 * <p>The mapping belongs to this object: records, cursors and renderers read from it until
 * {@link #close()}, after which they fail with {@link ResourceClosedException}. Metadata accessors
 * are thread-safe; each thread needs its own cursor.
 *
 * <p>zstd-compressed files (trace-cmd's default) are decoded by the system's {@code libzstd.so.1}
 * through FFM where it is installed (Debian's libzstd1), else by the optional dependency
 * {@code io.airlift:aircompressor-v3}; with neither, opening them fails with a
 * {@link dev.jtrace.core.FacilityUnavailableException} that names both. The system property
 * {@code jtrace.tracedat.zstd} ({@code native} or {@code java}) forces one.
 */
public final class TraceDatFile implements AutoCloseable {
    private final Path path;
    private final Arena arena;
    private final MemorySegment mapping;
    private final FileContents contents;
    private final EventFormats formats;
    private final List<String> formatFailures;
    private final List<TraceBuffer> buffers;
    private final Map<TraceBuffer, List<CpuChunks>> chunks = new HashMap<>();
    private final TraceDatOptions options;
    private final TimeCorrection correction;
    private volatile boolean closed;
    private KernelSymbols symbols;
    private Map<Long, String> printk;
    private CommTable comms;

    private TraceDatFile(Path path, Arena arena, MemorySegment mapping, FileContents contents) {
        this.path = path;
        this.arena = arena;
        this.mapping = mapping;
        this.contents = contents;
        List<String> failures = new ArrayList<>();
        this.formats = buildFormats(contents, path.toString(), failures);
        this.formatFailures = List.copyOf(failures);
        this.options = contents.options();
        List<TraceBuffer> list = new ArrayList<>();
        HeaderPage header = contents.headerPage;
        for (FileContents.BufferEntry e : contents.buffers) {
            HeaderPage layout;
            try {
                layout = e.pageSize == header.subBufferSize() ? header
                        : HeaderPage.of(header.timestampOffset(), header.commitOffset(), header.commitSize(),
                                header.dataOffset(), e.pageSize - header.dataOffset());
            } catch (IllegalArgumentException ex) {
                throw new MalformedDataException(path.toString(), MalformedDataException.UNKNOWN_OFFSET, "buffer '"
                        + e.name + "': page size " + e.pageSize + " does not fit the header_page layout: "
                        + ex.getMessage());
            }
            List<TraceBuffer.CpuData> cpus = new ArrayList<>();
            for (CpuChunks c : e.cpus) {
                cpus.add(new TraceBuffer.CpuData(c.cpu(), c.offset(), c.size(), c.pages()));
            }
            TraceBuffer b = new TraceBuffer(list.size(), e.name, e.clock, e.pageSize, layout, e.compressed, cpus);
            list.add(b);
            chunks.put(b, List.copyOf(e.cpus));
        }
        this.buffers = List.copyOf(list);
        this.correction = correction(options);
    }

    /**
     * Opens and maps a trace.dat file.
     *
     * @param path the file
     * @return the open file
     * @throws UncheckedIOException if the file cannot be opened or mapped
     * @throws MalformedDataException if it is not a trace.dat file of version 6 or 7, or is truncated
     *     or corrupt; the message names the byte offset and the part being read
     * @throws dev.jtrace.core.FacilityUnavailableException if it is compressed with an algorithm jtrace
     *     cannot use here (zstd with neither libzstd nor aircompressor, or an unknown one), or is
     *     big-endian
     */
    public static TraceDatFile open(Path path) {
        Objects.requireNonNull(path, "path");
        Arena arena = Arena.ofShared();
        try {
            MemorySegment mapping;
            try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
                mapping = ch.size() == 0 ? MemorySegment.ofArray(new byte[0])
                        : ch.map(FileChannel.MapMode.READ_ONLY, 0, ch.size(), arena);
            }
            FileContents contents = FileParser.parse(mapping, path.toString());
            return new TraceDatFile(path, arena, mapping, contents);
        } catch (IOException e) {
            arena.close();
            throw new UncheckedIOException("cannot open trace.dat file " + path + ": " + e.getMessage(), e);
        } catch (RuntimeException | Error e) {
            arena.close();
            throw e;
        }
    }

    private static EventFormats buildFormats(FileContents c, String path, List<String> failures) {
        List<EventFormat> list = new ArrayList<>();
        Map<Integer, EventFormat> ids = new HashMap<>();
        Map<String, EventFormat> names = new HashMap<>();
        int i = 0;
        for (String text : c.ftraceFormats) {
            add(list, ids, names, failures, "ftrace", text, path + " ftrace format #" + i++);
        }
        for (Map.Entry<String, List<String>> e : c.eventFormats.entrySet()) {
            int j = 0;
            for (String text : e.getValue()) {
                add(list, ids, names, failures, e.getKey(), text, path + " " + e.getKey() + " format #" + j++);
            }
        }
        return EventFormats.of(list);
    }

    private static void add(List<EventFormat> list, Map<Integer, EventFormat> ids, Map<String, EventFormat> names,
            List<String> failures, String system, String text, String source) {
        EventFormat f;
        try {
            f = FormatParser.parse(system, text, source);
        } catch (MalformedDataException e) {
            failures.add(e.getMessage());
            return;
        }
        if (f.id() > EventFormats.MAX_ID) {
            failures.add(source + ": id " + f.id() + " is above " + EventFormats.MAX_ID);
        } else if (ids.containsKey(f.id())) {
            failures.add(source + ": " + system + ":" + f.name() + " has id " + f.id() + ", already the id of "
                    + ids.get(f.id()).system() + ":" + ids.get(f.id()).name());
        } else if (names.containsKey(system + ":" + f.name())) {
            failures.add(source + ": " + system + ":" + f.name() + " appears twice");
        } else {
            ids.put(f.id(), f);
            names.put(system + ":" + f.name(), f);
            list.add(f);
        }
    }

    private static TimeCorrection correction(TraceDatOptions o) {
        long[][] times = null;
        long[][] offsets = null;
        long[][] scalings = null;
        long[][] fractions = null;
        boolean interpolate = false;
        if (o.timeShift() != null) {
            int n = o.timeShift().cpus().size();
            times = new long[n][];
            offsets = new long[n][];
            scalings = new long[n][];
            fractions = new long[n][];
            for (int i = 0; i < n; i++) {
                TraceDatOptions.CpuSamples s = o.timeShift().cpus().get(i);
                times[i] = s.times();
                offsets[i] = s.offsets();
                scalings[i] = s.scalings();
                fractions[i] = s.fractions();
            }
            interpolate = (o.timeShift().flags() & TraceDatOptions.TimeShift.FLAG_INTERPOLATE) != 0;
        }
        TraceDatOptions.Tsc2Nsec tsc = o.tsc2nsec();
        return new TimeCorrection(times, offsets, scalings, fractions, interpolate, tsc == null ? 0 : tsc.mult(),
                tsc == null ? 0 : tsc.shift(), o.timeOffset());
    }

    /**
     * Returns the path the file was opened from.
     *
     * @return the path
     */
    public Path path() {
        return path;
    }

    /**
     * Returns the file format version.
     *
     * @return 6 or 7
     */
    public int version() {
        return contents.version;
    }

    /**
     * Returns the compression algorithm of the file.
     *
     * @return {@code "none"}, {@code "zlib"} or {@code "zstd"} (version 6 files are never compressed)
     */
    public String compression() {
        return contents.compression;
    }

    /**
     * Returns the compression library version the writer recorded (e.g. {@code "1.5.4"}).
     *
     * @return the version, empty if the file is not compressed
     */
    public String compressionVersion() {
        return contents.compressionVersion;
    }

    /**
     * Returns the size of a {@code long} of the traced machine's user space, as recorded.
     *
     * @return 4 or 8
     */
    public int longSize() {
        return contents.longSize;
    }

    /**
     * Returns the page size recorded in the file header (the traced machine's page size).
     *
     * @return bytes
     */
    public int pageSize() {
        return contents.pageSize;
    }

    /**
     * Returns the ring-buffer page layout ({@code events/header_page} as recorded).
     *
     * @return the layout
     */
    public HeaderPage headerPage() {
        return contents.headerPage;
    }

    /**
     * Returns the buffers with data (or without: trace-cmd saves the top-level buffer even when it
     * is empty), in file order. For version 6 the top-level buffer comes first.
     *
     * @return the buffers
     */
    public List<TraceBuffer> buffers() {
        return buffers;
    }

    /**
     * Finds a buffer by name.
     *
     * @param name the instance name, {@code ""} for the top-level buffer
     * @return the buffer, if the file has it
     */
    public Optional<TraceBuffer> buffer(String name) {
        for (TraceBuffer b : buffers) {
            if (b.name().equals(name)) {
                return Optional.of(b);
            }
        }
        return Optional.empty();
    }

    /**
     * Returns the event formats stored in the file (ftrace's own and all systems').
     *
     * @return the formats, by id and name
     */
    public EventFormats formats() {
        return formats;
    }

    /**
     * Lists the stored formats that could not be parsed (with file offset and reason) or whose id or
     * name repeats an earlier one. Their events read as records of an unknown id.
     *
     * @return the problems, empty if every format parsed
     */
    public List<String> formatFailures() {
        return formatFailures;
    }

    /**
     * Returns the file's options: machine, statistics, time corrections, guests.
     *
     * @return the options
     */
    public TraceDatOptions options() {
        return options;
    }

    /**
     * Returns the latency tracer's text output, which a latency-mode file holds instead of records.
     *
     * @return the text, or empty for a normal ("flyrecord") file
     */
    public Optional<String> latencyText() {
        return Optional.ofNullable(contents.latencyText);
    }

    /**
     * Returns the kernel symbols saved in the file ({@code /proc/kallsyms} of the traced machine).
     *
     * @return the symbols (empty if the file saved none)
     * @throws MalformedDataException if the saved text is not in kallsyms format
     */
    public synchronized KernelSymbols kallsyms() {
        if (symbols == null) {
            try {
                symbols = contents.kallsyms.isEmpty() ? KernelSymbols.empty() : KernelSymbols.parse(contents.kallsyms);
            } catch (MalformedDataException e) {
                throw new MalformedDataException(path + " kallsyms section", e.offset(), e.detail(), e);
            }
        }
        return symbols;
    }

    /**
     * Returns the saved {@code printk_formats}: the strings of {@code trace_printk()} and
     * {@code tracepoint_string()} by address.
     *
     * @return address to string
     */
    public synchronized Map<Long, String> printkFormats() {
        if (printk == null) {
            printk = Map.copyOf(RenderContext.parsePrintkFormats(FileContents.utf8(contents.printkFormats)));
        }
        return printk;
    }

    /**
     * Returns the task names saved from {@code saved_cmdlines}.
     *
     * @return the table
     */
    public synchronized CommTable comms() {
        if (comms == null) {
            comms = CommTable.parse(FileContents.utf8(contents.cmdlines), "");
        }
        return comms;
    }

    /**
     * Builds what {@link EventRenderer} needs for one buffer from the file: its symbols, printk
     * formats, task names and the buffer's clock. A trace.dat file carries no BTF, so enum names
     * and struct sizes come from {@code types} (for example {@link KernelTypes#loadRunningKernel()}
     * when reading a trace of the running kernel, or {@link KernelTypes#empty()}).
     *
     * @param buffer the buffer whose clock applies
     * @param types kernel types for print fmts that name enums or sizes
     * @return the context (hash-ptr off: a file cannot say it was on)
     */
    public RenderContext renderContext(TraceBuffer buffer, KernelTypes types) {
        checkOpen();
        return new RenderContext(kallsyms(), printkFormats(), comms(), buffer.clock(), false, types);
    }

    /**
     * Makes a renderer that writes records as the kernel's {@code trace} file shows them.
     *
     * @param buffer the buffer whose clock applies to the time stamps
     * @param types kernel types for print fmts that name enums or sizes
     * @return the renderer
     */
    public EventRenderer kernelRenderer(TraceBuffer buffer, KernelTypes types) {
        return new EventRenderer(formats, renderContext(buffer, types));
    }

    /**
     * Makes a renderer of {@code trace-cmd report}'s line layout.
     *
     * @param types kernel types for print fmts that name enums or sizes
     * @param fullTimestamps nanosecond time stamps, as {@code trace-cmd report -t}
     * @return the renderer
     */
    public ReportRenderer reportRenderer(KernelTypes types, boolean fullTimestamps) {
        checkOpen();
        return new ReportRenderer(this, new EventRenderer(formats, renderContext(
                buffers.isEmpty() ? new TraceBuffer(0, "", "local", contents.pageSize, contents.headerPage, false,
                        List.of()) : buffers.getFirst(), types)), fullTimestamps);
    }

    /**
     * Makes a cursor over every record of every buffer.
     *
     * @return the cursor
     */
    public RecordCursor cursor() {
        return cursor(RecordFilter.all());
    }

    /**
     * Makes a cursor over the records that pass a filter.
     *
     * @param filter which events, CPUs, pids and buffers
     * @return the cursor
     * @throws IllegalArgumentException if the filter names an event or buffer the file does not have
     * @throws ResourceClosedException if the file was closed
     */
    public RecordCursor cursor(RecordFilter filter) {
        Objects.requireNonNull(filter, "filter");
        checkOpen();
        boolean[] ids = filter.events() == null ? null : resolve(filter.events());
        int[] pids = filter.pids();
        CpuSet cpus = filter.cpus();
        List<CpuStream> streams = new ArrayList<>();
        List<TraceBuffer> owners = new ArrayList<>();
        if (filter.buffers() != null) {
            for (String name : filter.buffers()) {
                if (buffer(name).isEmpty()) {
                    throw new IllegalArgumentException("no buffer '" + name + "' in " + path + " (it has "
                            + buffers.stream().map(TraceBuffer::name).toList() + ")");
                }
            }
        }
        for (TraceBuffer b : buffers) {
            if (filter.buffers() != null && !filter.buffers().contains(b.name())) {
                continue;
            }
            String source = path + (b.name().isEmpty() ? "" : " buffer '" + b.name() + "'");
            for (CpuChunks c : chunks.get(b)) {
                if (cpus != null && !cpus.contains(c.cpu())) {
                    continue;
                }
                Codec codec = c.compressed() ? Codecs.create(contents.compression, path.toString()) : null;
                streams.add(new CpuStream(mapping, c, b.headerPage(), codec, source, ids, pids));
                owners.add(b);
            }
        }
        return new RecordCursor(this, streams.toArray(new CpuStream[0]), owners.toArray(new TraceBuffer[0]),
                correction);
    }

    private boolean[] resolve(List<String> names) {
        boolean[] ids = new boolean[EventFormats.MAX_ID + 1];
        for (String name : names) {
            int colon = name.indexOf(':');
            String system = colon < 0 ? null : name.substring(0, colon);
            String event = colon < 0 ? name : name.substring(colon + 1);
            boolean found = false;
            for (EventFormat f : formats.all()) {
                if ((system == null || system.equals(f.system())) && (event.equals("*") || event.equals(f.name()))) {
                    ids[f.id()] = true;
                    found = true;
                }
            }
            if (!found) {
                throw new IllegalArgumentException("no event '" + name + "' in " + path);
            }
        }
        return ids;
    }

    /** Content of the file as parsed, for copying. */
    FileContents contents() {
        return contents;
    }

    /** Chunk tables of a buffer, for copying pages. */
    List<CpuChunks> chunks(TraceBuffer buffer) {
        return chunks.get(buffer);
    }

    MemorySegment mapping() {
        checkOpen();
        return mapping;
    }

    void checkOpen() {
        if (closed) {
            throw new ResourceClosedException("trace.dat file " + path);
        }
    }

    /**
     * Unmaps the file. Idempotent. Records, cursors and renderers of this file must not be used
     * afterwards.
     *
     * @throws JtraceException never in practice; declared for the contract of {@link AutoCloseable}
     */
    @Override
    public void close() {
        if (!closed) {
            synchronized (this) {
                if (!closed) {
                    closed = true;
                    arena.close();
                }
            }
        }
    }

    @Override
    public String toString() {
        return "TraceDatFile[" + path + ", v" + contents.version + ", " + contents.compression + ", " + buffers + "]";
    }
}
