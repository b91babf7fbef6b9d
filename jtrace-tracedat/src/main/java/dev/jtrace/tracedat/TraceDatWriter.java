package dev.jtrace.tracedat;

import static dev.jtrace.tracedat.internal.TraceDatLayout.*;

import dev.jtrace.core.ResourceClosedException;
import dev.jtrace.tracedat.internal.Codec;
import dev.jtrace.tracedat.internal.Codecs;
import dev.jtrace.tracedat.internal.CpuChunks;
import dev.jtrace.tracedat.internal.OutputFile;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Writes a trace.dat file that trace-cmd and KernelShark open: version 7 (uncompressed, zlib or
 * zstd) or version 6, laid out as trace-cmd 3.1 writes them.
 * {@snippet :
 * TraceDatMetadata meta = TraceDatMetadata.fromTracefs(tracefs, instance);
 * try (TraceDatWriter writer = TraceDatWriter.create(Path.of("out.dat"), TraceDatFormat.V7_ZSTD, meta)) {
 *     SubBufferSink sink = writer.buffer("my-instance", "local", 4096);
 *     sink.accept(cpu, subBuffer);        // every page read from per_cpu/cpuN/trace_pipe_raw
 * }                                       // close() assembles the file
 * }
 *
 * <p>Pages are stored per CPU in temporary files next to the target as they arrive (a recorder
 * feeds them interleaved), and {@link #close()} writes the file: metadata sections, each buffer's
 * CPU data page-aligned (compressed in chunks of ten pages, as trace-cmd does), the options that
 * describe them. The top-level buffer is always present, empty if no page was given for it
 * (trace-cmd expects it). {@link #copy} rewrites another file in another version or compression.
 *
 * <p>Not thread-safe: feed one writer from one thread (or synchronize).
 */
public final class TraceDatWriter implements AutoCloseable {
    private static final String VERSION_TEXT = "jtrace";

    private final Path target;
    private final TraceDatFormat format;
    private TraceDatMetadata metadata;
    private final List<Buffer> buffers = new ArrayList<>();
    private boolean closed;

    private final class Buffer implements SubBufferSink {
        final String name;
        final String clock;
        final int pageSize;
        final Map<Integer, Spool> cpus = new TreeMap<>();

        Buffer(String name, String clock, int pageSize) {
            this.name = name;
            this.clock = clock;
            this.pageSize = pageSize;
        }

        @Override
        public void accept(int cpu, MemorySegment subBuffer) {
            if (closed) {
                throw new ResourceClosedException("trace.dat writer for " + target);
            }
            if (cpu < 0) {
                throw new IllegalArgumentException("negative CPU " + cpu);
            }
            if (subBuffer.byteSize() > pageSize) {
                throw new IllegalArgumentException("a sub-buffer of " + subBuffer.byteSize() + " bytes for buffer '" + name
                        + "' with " + pageSize + "-byte pages");
            }
            try {
                cpus.computeIfAbsent(cpu, c -> new Spool(temp(name, c))).add(subBuffer, pageSize);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot store a page of cpu" + cpu + " for " + target, e);
            }
        }
    }

    /** One CPU's pages so far, in a temporary file. */
    private static final class Spool {
        final Path file;
        FileChannel channel;
        long pages;
        byte[] page;

        Spool(Path file) {
            this.file = file;
        }

        void add(MemorySegment subBuffer, int pageSize) throws IOException {
            if (channel == null) {
                channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
                        StandardOpenOption.WRITE);
            }
            if (page == null) {
                page = new byte[pageSize];
            }
            int n = (int) subBuffer.byteSize();
            MemorySegment.copy(subBuffer, ValueLayout.JAVA_BYTE, 0, page, 0, n);
            java.util.Arrays.fill(page, n, pageSize, (byte) 0);
            ByteBuffer b = ByteBuffer.wrap(page);
            long at = pages * pageSize;
            while (b.hasRemaining()) {
                at += channel.write(b, at);
            }
            pages++;
        }

        void close() throws IOException {
            if (channel != null) {
                channel.close();
            }
            Files.deleteIfExists(file);
        }
    }

    private TraceDatWriter(Path target, TraceDatFormat format, TraceDatMetadata metadata) {
        this.target = target;
        this.format = format;
        this.metadata = metadata;
    }

    /**
     * Starts a file. Nothing is written to {@code target} before {@link #close()}.
     *
     * @param target the file to write (replaced if it exists)
     * @param format version and compression
     * @param metadata formats, symbols, task names and machine facts
     * @return the writer
     * @throws dev.jtrace.core.FacilityUnavailableException if the compression's library is missing
     */
    public static TraceDatWriter create(Path target, TraceDatFormat format, TraceDatMetadata metadata) {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(metadata, "metadata");
        if (!format.compression().equals(COMPRESSION_NONE)) {
            Codecs.create(format.compression(), "the file to write, " + target);
        }
        return new TraceDatWriter(target, format, metadata);
    }

    /**
     * Replaces the metadata before the file is written. A recorder reads it again when recording
     * ends, so that task names ({@code saved_cmdlines}) and CPU statistics are those of the end of
     * the trace, as trace-cmd's are, not of its start.
     *
     * @param replacement the metadata to write; its page size must equal the first one's
     * @throws IllegalArgumentException if the page size differs
     * @throws ResourceClosedException if the writer was closed
     */
    public void replaceMetadata(TraceDatMetadata replacement) {
        Objects.requireNonNull(replacement, "replacement");
        if (closed) {
            throw new ResourceClosedException("trace.dat writer for " + target);
        }
        if (replacement.pageSize() != metadata.pageSize()) {
            throw new IllegalArgumentException("the replacement metadata has page size " + replacement.pageSize()
                    + ", the writer's is " + metadata.pageSize());
        }
        metadata = replacement;
    }

    /**
     * Declares a buffer and returns the sink for its pages.
     *
     * @param name the instance name, {@code ""} for the top-level buffer
     * @param clock the buffer's trace clock, e.g. {@code local}
     * @param pageSize the sub-buffer size of its pages (its {@code events/header_page})
     * @return the sink
     * @throws IllegalArgumentException if the name is taken, or for version 6 the page size differs
     *     from the metadata's (v6 has one page size for the file)
     */
    public SubBufferSink buffer(String name, String clock, int pageSize) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(clock, "clock");
        if (closed) {
            throw new ResourceClosedException("trace.dat writer for " + target);
        }
        for (Buffer b : buffers) {
            if (b.name.equals(name)) {
                throw new IllegalArgumentException("buffer '" + name + "' declared twice");
            }
        }
        if (pageSize < 64 || Integer.bitCount(pageSize) != 1) {
            throw new IllegalArgumentException("page size " + pageSize + " is not a power of two of at least 64");
        }
        if (format.version() == VERSION_6 && pageSize != metadata.pageSize()) {
            throw new IllegalArgumentException("version 6 files have one page size (" + metadata.pageSize()
                    + "); buffer '" + name + "' has " + pageSize);
        }
        Buffer b = new Buffer(name, clock, pageSize);
        if (name.isEmpty()) {
            buffers.addFirst(b);
        } else {
            buffers.add(b);
        }
        return b;
    }

    /**
     * Writes the records of {@code source} (all buffers, every page) with its metadata into a new
     * file of the given format.
     *
     * @param source the file to copy
     * @param target the new file
     * @param format its version and compression
     * @throws UncheckedIOException if writing fails
     * @throws dev.jtrace.core.MalformedDataException if a compressed chunk of the source is corrupt
     */
    public static void copy(TraceDatFile source, Path target, TraceDatFormat format) {
        TraceDatMetadata meta = TraceDatMetadata.of(source);
        try (TraceDatWriter w = create(target, format, meta)) {
            MemorySegment mapping = source.mapping();
            for (TraceBuffer b : source.buffers()) {
                SubBufferSink sink = w.buffer(b.name(), b.clock(), b.pageSize());
                for (CpuChunks c : source.chunks(b)) {
                    copyPages(source, mapping, c, sink);
                }
            }
        }
    }

    private static void copyPages(TraceDatFile source, MemorySegment mapping, CpuChunks c, SubBufferSink sink) {
        int page = c.pageSize();
        if (!c.compressed()) {
            for (long p = 0; p < c.pages(); p++) {
                long at = p * page;
                sink.accept(c.cpu(), mapping.asSlice(c.offset() + at, Math.min(page, c.size() - at)));
            }
            return;
        }
        Codec codec = Codecs.create(source.compression(), source.path().toString());
        for (int i = 0; i < c.chunks(); i++) {
            byte[] out = new byte[c.chunkSize(i)];
            try {
                codec.decompress(mapping.asSlice(c.chunkDataOffset(i), c.chunkCompressedSize(i)), out, out.length);
            } catch (Codec.CorruptBlockException e) {
                throw new dev.jtrace.core.MalformedDataException(source.path() + " cpu" + c.cpu() + " chunk " + i,
                        c.chunkDataOffset(i) - BLOCK_HEADER_SIZE, e.getMessage(), e);
            }
            MemorySegment seg = MemorySegment.ofArray(out);
            for (int off = 0; off < out.length; off += page) {
                sink.accept(c.cpu(), seg.asSlice(off, page));
            }
        }
    }

    private Path temp(String buffer, int cpu) {
        String base = target.getFileName().toString();
        return target.resolveSibling("." + base + ".jtrace-" + buffers.indexOf(findBuffer(buffer)) + "-cpu" + cpu);
    }

    private Buffer findBuffer(String name) {
        for (Buffer b : buffers) {
            if (b.name.equals(name)) {
                return b;
            }
        }
        throw new IllegalStateException(name);
    }

    /**
     * Writes the file and removes the temporary page files. Idempotent.
     *
     * @throws UncheckedIOException if writing fails (the temporary files are removed all the same)
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (buffers.isEmpty() || !buffers.getFirst().name.isEmpty()) {
            buffers.addFirst(new Buffer("", FileParser.clockName(metadata.traceClock()) == null ? "local"
                    : FileParser.clockName(metadata.traceClock()), metadata.pageSize()));
        }
        try (FileChannel ch = FileChannel.open(target, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.READ)) {
            OutputFile out = new OutputFile(ch);
            if (format.version() == VERSION_7) {
                new V7(out).write();
            } else {
                new V6(out).write();
            }
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target + ": " + e.getMessage(), e);
        } finally {
            for (Buffer b : buffers) {
                for (Spool s : b.cpus.values()) {
                    try {
                        s.close();
                    } catch (IOException e) {
                        // best effort: the file is written or the first exception says why not
                    }
                }
            }
        }
    }

    private int cpuCount() {
        int n = metadata.cpuCount();
        for (Buffer b : buffers) {
            for (int cpu : b.cpus.keySet()) {
                n = Math.max(n, cpu + 1);
            }
        }
        return n;
    }

    private void header(OutputFile out) throws IOException {
        out.bytes(MAGIC);
        out.bytes(TRACING);
        out.cString(Integer.toString(format.version()));
        out.u8(0); // little endian
        out.u8(8); // user-space long, as trace-cmd on a 64-bit machine writes it
        out.u32(metadata.pageSize());
    }

    private static byte[] latin1(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    // ---- the metadata blocks, shared by both versions -------------------------------------------

    private byte[] headerInfo() {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        put(b, (HEADER_PAGE + '\0').getBytes(StandardCharsets.US_ASCII));
        sized8(b, latin1(metadata.headerPage()));
        put(b, (HEADER_EVENT + '\0').getBytes(StandardCharsets.US_ASCII));
        sized8(b, latin1(metadata.headerEvent()));
        return b.toByteArray();
    }

    private byte[] ftraceFormats() {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        u32(b, metadata.ftraceFormats().size());
        for (String f : metadata.ftraceFormats()) {
            sized8(b, latin1(f));
        }
        return b.toByteArray();
    }

    private byte[] eventFormats() {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        u32(b, metadata.eventFormats().size());
        for (Map.Entry<String, List<String>> e : metadata.eventFormats().entrySet()) {
            put(b, latin1(e.getKey()));
            b.write(0);
            u32(b, e.getValue().size());
            for (String f : e.getValue()) {
                sized8(b, latin1(f));
            }
        }
        return b.toByteArray();
    }

    private static byte[] sized4(String text) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        byte[] bytes = latin1(text);
        u32(b, bytes.length);
        put(b, bytes);
        return b.toByteArray();
    }

    private static byte[] sized8(String text) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        sized8(b, latin1(text));
        return b.toByteArray();
    }

    private static void sized8(ByteArrayOutputStream b, byte[] bytes) {
        u64(b, bytes.length);
        put(b, bytes);
    }

    private static void put(ByteArrayOutputStream b, byte[] bytes) {
        b.write(bytes, 0, bytes.length);
    }

    private static void u32(ByteArrayOutputStream b, long v) {
        for (int i = 0; i < 4; i++) {
            b.write((int) (v >>> (8 * i)));
        }
    }

    private static void u64(ByteArrayOutputStream b, long v) {
        for (int i = 0; i < 8; i++) {
            b.write((int) (v >>> (8 * i)));
        }
    }

    private static void u16(ByteArrayOutputStream b, int v) {
        b.write(v);
        b.write(v >>> 8);
    }

    private static void option(ByteArrayOutputStream b, int id, byte[] data) {
        u16(b, id);
        u32(b, data.length);
        put(b, data);
    }

    private static byte[] text(String s) {
        return (s + '\0').getBytes(StandardCharsets.ISO_8859_1);
    }

    private static byte[] le64(long v) {
        return ByteBuffer.allocate(8).order(java.nio.ByteOrder.LITTLE_ENDIAN).putLong(v).array();
    }

    private static byte[] le32(long v) {
        return ByteBuffer.allocate(4).order(java.nio.ByteOrder.LITTLE_ENDIAN).putInt((int) v).array();
    }

    /** The options common to both versions: clock, uname, version, CPU stats. */
    private void commonOptions(ByteArrayOutputStream b) {
        if (metadata.traceClock() != null) {
            option(b, OPTION_TRACECLOCK, text(metadata.traceClock()));
        }
        if (metadata.uname() != null) {
            option(b, OPTION_UNAME, text(metadata.uname()));
        }
        option(b, OPTION_VERSION, text(VERSION_TEXT));
        for (String s : metadata.cpuStats()) {
            option(b, OPTION_CPUSTAT, text(s));
        }
    }

    // ---- version 7 ------------------------------------------------------------------------------

    private final class V7 {
        private final OutputFile out;
        private final Codec codec;
        private final ByteArrayOutputStream strings = new ByteArrayOutputStream();
        private final ByteArrayOutputStream options = new ByteArrayOutputStream();

        V7(OutputFile out) {
            this.out = out;
            this.codec = format.compression().equals(COMPRESSION_NONE) ? null
                    : Codecs.create(format.compression(), target.toString());
        }

        void write() throws IOException {
            header(out);
            out.cString(format.compression());
            out.cString(codec == null ? "" : codec.name().equals("zlib") ? dev.jtrace.tracedat.internal.ZlibCodec.VERSION
                    : "1.5.4");
            long optionsOffset = out.position();
            out.u64(0);
            section(OPTION_HEADER_INFO, "headers", headerInfo());
            section(OPTION_FTRACE_EVENTS, "ftrace events", ftraceFormats());
            section(OPTION_EVENT_FORMATS, "events format", eventFormats());
            section(OPTION_KALLSYMS, "kallsyms", sized4(metadata.kallsyms()));
            section(OPTION_PRINTK, "printk", sized4(metadata.printkFormats()));
            section(OPTION_CMDLINES, "command lines", sized8(metadata.cmdlines()));
            for (Buffer b : buffers) {
                flyrecord(b);
            }
            // One options section for everything, written last: the first (and only) one the
            // header points at.
            long optionsAt = out.position();
            out.patch64(optionsOffset, optionsAt);
            option(options, OPTION_CPUCOUNT, le32(cpuCount()));
            commonOptions(options);
            option(options, OPTION_DONE, le64(0));
            long size = sectionHeader(OPTION_DONE, "options", false);
            out.bytes(options.toByteArray());
            out.patch64(size, out.position() - size - 8);
            long stringsSize = sectionHeader(OPTION_STRINGS, "strings", false);
            out.bytes(strings.toByteArray()); // its own description included, added just above
            out.patch64(stringsSize, out.position() - stringsSize - 8);
        }

        /** Writes a section header; returns the offset of its size field. */
        private long sectionHeader(int id, String description, boolean compressed) throws IOException {
            int desc = strings.size();
            put(strings, latin1(description));
            strings.write(0);
            out.u16(id);
            out.u16(compressed ? SECTION_FLAG_COMPRESSED : 0);
            out.u32(desc);
            long at = out.position();
            out.u64(0);
            return at;
        }

        private void section(int id, String description, byte[] data) throws IOException {
            long start = out.position();
            option(options, id, le64(start));
            long size = sectionHeader(id, description, codec != null);
            if (codec != null) {
                byte[] z = codec.compress(data, 0, data.length);
                out.u32(z.length);
                out.u32(data.length);
                out.bytes(z);
            } else {
                out.bytes(data);
            }
            out.patch64(size, out.position() - size - 8);
        }

        private void flyrecord(Buffer b) throws IOException {
            long start = out.position();
            long size = sectionHeader(OPTION_BUFFER, "buffer flyrecord " + b.name, codec != null);
            List<long[]> cpus = new ArrayList<>();
            for (Map.Entry<Integer, Spool> e : b.cpus.entrySet()) {
                Spool s = e.getValue();
                if (s.pages == 0) {
                    continue;
                }
                out.align(b.pageSize);
                long at = out.position();
                if (codec == null) {
                    out.copyFrom(s.channel, 0, s.pages * b.pageSize);
                    cpus.add(new long[] {e.getKey(), at, s.pages * b.pageSize});
                } else {
                    long chunks = (s.pages + PAGES_PER_CHUNK - 1) / PAGES_PER_CHUNK;
                    out.u32(chunks);
                    byte[] buf = new byte[PAGES_PER_CHUNK * b.pageSize];
                    for (long p = 0; p < s.pages; p += PAGES_PER_CHUNK) {
                        int n = (int) Math.min(PAGES_PER_CHUNK, s.pages - p) * b.pageSize;
                        ByteBuffer bb = ByteBuffer.wrap(buf, 0, n);
                        long pos = p * b.pageSize;
                        while (bb.hasRemaining()) {
                            int r = s.channel.read(bb, pos + bb.position());
                            if (r < 0) {
                                throw new IOException("temporary page file " + s.file + " is short");
                            }
                        }
                        byte[] z = codec.compress(buf, 0, n);
                        out.u32(z.length);
                        out.u32(n);
                        out.bytes(z);
                    }
                    // trace-cmd's convention: the size leaves out the 4-byte chunk count.
                    cpus.add(new long[] {e.getKey(), at, out.position() - at - 4});
                }
            }
            out.patch64(size, out.position() - size - 8);
            ByteArrayOutputStream o = new ByteArrayOutputStream();
            u64(o, start);
            put(o, latin1(b.name));
            o.write(0);
            put(o, latin1(b.clock));
            o.write(0);
            u32(o, b.pageSize);
            u32(o, cpus.size());
            for (long[] c : cpus) {
                u32(o, c[0]);
                u64(o, c[1]);
                u64(o, c[2]);
            }
            option(options, OPTION_BUFFER, o.toByteArray());
        }
    }

    // ---- version 6 ------------------------------------------------------------------------------

    private final class V6 {
        private final OutputFile out;

        V6(OutputFile out) {
            this.out = out;
        }

        void write() throws IOException {
            header(out);
            out.bytes(headerInfo());
            out.bytes(ftraceFormats());
            out.bytes(eventFormats());
            out.bytes(sized4(metadata.kallsyms()));
            out.bytes(sized4(metadata.printkFormats()));
            out.bytes(sized8(metadata.cmdlines()));
            int cpus = cpuCount();
            out.u32(cpus);
            out.bytes((V6_OPTIONS + '\0').getBytes(StandardCharsets.US_ASCII));
            ByteArrayOutputStream o = new ByteArrayOutputStream();
            commonOptions(o);
            out.bytes(o.toByteArray());
            List<Long> bufferOffsetFields = new ArrayList<>();
            for (Buffer b : buffers.subList(1, buffers.size())) {
                out.u16(OPTION_BUFFER);
                out.u32(8 + latin1(b.name).length + 1);
                bufferOffsetFields.add(out.position());
                out.u64(0);
                out.cString(b.name);
            }
            out.u16(OPTION_DONE);
            flyrecord(buffers.getFirst(), cpus);
            for (int i = 1; i < buffers.size(); i++) {
                out.patch64(bufferOffsetFields.get(i - 1), out.position());
                flyrecord(buffers.get(i), cpus);
            }
        }

        private void flyrecord(Buffer b, int cpus) throws IOException {
            out.bytes((V6_FLYRECORD + '\0').getBytes(StandardCharsets.US_ASCII));
            long table = out.position();
            for (int i = 0; i < cpus; i++) {
                out.u64(0);
                out.u64(0);
            }
            byte[] clock = latin1("[" + b.clock + "]");
            out.u64(clock.length);
            out.bytes(clock);
            for (Map.Entry<Integer, Spool> e : b.cpus.entrySet()) {
                Spool s = e.getValue();
                if (s.pages == 0 || e.getKey() >= cpus) {
                    continue;
                }
                out.align(b.pageSize);
                long at = out.position();
                out.copyFrom(s.channel, 0, s.pages * b.pageSize);
                out.patch64(table + 16L * e.getKey(), at);
                out.patch64(table + 16L * e.getKey() + 8, s.pages * b.pageSize);
            }
        }
    }
}
