package dev.jtrace.tracedat;

import static dev.jtrace.tracedat.internal.TraceDatLayout.*;

import dev.jtrace.core.MalformedDataException;
import dev.jtrace.tracedat.internal.ByteReader;
import dev.jtrace.tracedat.internal.Codec;
import dev.jtrace.tracedat.internal.Codecs;
import dev.jtrace.tracedat.internal.CpuChunks;
import dev.jtrace.tracedat.internal.TraceDatLayout;
import dev.jtrace.traceevent.HeaderPage;
import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads the structure of a trace.dat file, version 6 or 7, from its mapping: every count, size and
 * offset is checked against the bytes that exist before it is followed, so a truncated or corrupt
 * file ends in a {@link MalformedDataException} naming the file, the byte offset and the part being
 * read. Event data is not decoded here; only the chunk tables of compressed CPU data are read.
 *
 * <p>Follows trace-cmd 3.1's {@code trace-input.c} (which the trace-cmd.dat man pages describe
 * with a few gaps): v7 is found through its chain of options sections, which point at the other
 * sections and the buffers; v6 is one sequence of headers, options and "flyrecord" CPU tables.
 */
final class FileParser {
    /** The largest page size the 27-bit commit length of a page header can describe. */
    private static final int MAX_PAGE_SIZE = 1 << 27;
    /** No trace.dat holds this many options sections; a longer chain is a loop or garbage. */
    private static final int MAX_OPTION_SECTIONS = 1 << 16;

    private final MemorySegment file;
    private final String path;
    private final FileContents c = new FileContents();
    private ByteReader in;
    private Codec codec;
    /** v7 metadata sections by id, as the options give them. */
    private final Map<Integer, Long> sections = new LinkedHashMap<>();
    /** v7/v6 buffer options in file order: name and offset (and, for v7, the rest). */
    private final List<PendingBuffer> pendingBuffers = new ArrayList<>();

    private record PendingBuffer(String name, long offset, String clock, int pageSize, List<long[]> cpus,
            boolean latency, long optionOffset) {
    }

    private FileParser(MemorySegment file, String path) {
        this.file = file;
        this.path = path;
    }

    static FileContents parse(MemorySegment file, String path) {
        return new FileParser(file, path).parse();
    }

    private FileContents parse() {
        in = new ByteReader(file, ByteOrder.LITTLE_ENDIAN, path);
        if (!in.lookingAt(MAGIC)) {
            if (file.byteSize() < MAGIC.length) {
                throw in.error(0, "truncated file: " + file.byteSize() + " bytes, not a trace.dat file");
            }
            throw in.error(0, "wrong magic: not a trace.dat file (expected bytes 17 08 44 \"tracing\")");
        }
        in.skip(MAGIC.length, "magic");
        if (!in.lookingAt(TRACING)) {
            throw in.error(in.position(), "wrong magic: no \"tracing\" after bytes 17 08 44, not a trace.dat file");
        }
        in.skip(TRACING.length, "magic");
        long versionAt = in.position();
        String version = in.cString("version string");
        if (version.isEmpty() || version.length() > 9 || !version.chars().allMatch(Character::isDigit)) {
            throw in.error(versionAt, "version '" + printable(version) + "' is not a number");
        }
        c.version = Integer.parseInt(version);
        if (c.version != VERSION_6 && c.version != VERSION_7) {
            throw in.error(versionAt, "unsupported trace.dat version " + c.version + " (jtrace reads versions 6 and 7)");
        }
        long endianAt = in.position();
        int endian = in.u8("endianness");
        if (endian > 1) {
            throw in.error(endianAt, "endianness byte is " + endian + ", expected 0 (little) or 1 (big)");
        }
        c.bigEndian = endian == 1;
        if (c.bigEndian) {
            throw new dev.jtrace.core.FacilityUnavailableException("big-endian trace data", path
                    + " was recorded on a big-endian machine; jtrace decodes ring-buffer pages in the byte order of"
                    + " the machine it runs on (little-endian)");
        }
        long longAt = in.position();
        c.longSize = in.u8("long size");
        if (c.longSize != 4 && c.longSize != 8) {
            throw in.error(longAt, "long size is " + c.longSize + ", expected 4 or 8");
        }
        long pageAt = in.position();
        c.pageSize = checkPageSize(in.u32("page size"), pageAt);
        if (c.version >= VERSION_7) {
            parseV7();
        } else {
            parseV6();
        }
        if (c.headerPage == null) {
            throw in.error(MalformedDataException.UNKNOWN_OFFSET, "the file has no header_page (format of the pages)");
        }
        return c;
    }

    // ---- version 7 ------------------------------------------------------------------------------

    private void parseV7() {
        c.compression = in.cString("compression name");
        c.compressionVersion = in.cString("compression version");
        if (!c.compression.equals(COMPRESSION_NONE)) {
            codec = Codecs.create(c.compression, path);
        }
        long optionsAt = in.position();
        long next = in.u64("offset of the first options section");
        if (next == 0) {
            throw in.error(optionsAt, "no options section (offset 0): the file was not finished");
        }
        Set<Long> seen = new HashSet<>();
        while (next != 0) {
            if (!seen.add(next) || seen.size() > MAX_OPTION_SECTIONS) {
                throw in.error(next, "options sections form a loop (offset " + next + " again)");
            }
            next = optionsSection(next);
        }
        Long headers = sections.get(OPTION_HEADER_INFO);
        if (headers == null) {
            throw in.error(MalformedDataException.UNKNOWN_OFFSET, "no header info section (option 16)");
        }
        for (Map.Entry<Integer, Long> e : sections.entrySet()) {
            ByteReader r = section(e.getValue(), e.getKey());
            switch (e.getKey()) {
                case OPTION_HEADER_INFO -> headerInfo(r);
                case OPTION_FTRACE_EVENTS -> ftraceFormats(r);
                case OPTION_EVENT_FORMATS -> eventFormats(r);
                case OPTION_KALLSYMS -> c.kallsyms = sized4(r, "kallsyms", false);
                case OPTION_PRINTK -> c.printkFormats = sized4(r, "printk formats", false);
                case OPTION_CMDLINES -> c.cmdlines = r.text(r.u64AtMost("saved cmdlines size", r.remaining()),
                        "saved cmdlines");
                default -> throw new AssertionError(e.getKey());
            }
        }
        for (PendingBuffer b : pendingBuffers) {
            bufferV7(b);
        }
    }

    /** Reads one options section; returns the offset of the next, or 0. */
    private long optionsSection(long offset) {
        in.seek(offset, "options section");
        int id = in.u16("section id");
        int flags = in.u16("section flags");
        in.s32("section description");
        long size = in.u64AtMost("options section size", in.remaining());
        if (id != OPTION_DONE) {
            throw in.error(offset, "expected an options section (id 0) here, found section id " + id + " ("
                    + optionName(id) + ")");
        }
        ByteReader r;
        if ((flags & SECTION_FLAG_COMPRESSED) != 0) {
            r = decompressBlock(offset + SECTION_HEADER_SIZE, size, "options section at " + offset);
        } else {
            r = new ByteReader(file, ByteOrder.LITTLE_ENDIAN, path);
            r.seek(offset + SECTION_HEADER_SIZE, "options").limitTo(offset + SECTION_HEADER_SIZE + size,
                    "options section");
        }
        for (;;) {
            long at = r.position();
            int option = r.u16("option id");
            long optionSize = r.u32("option size");
            r.need(optionSize, "option " + optionName(option) + " of " + optionSize + " bytes");
            long dataAt = r.position();
            ByteReader data = new ByteReader(r.data(), ByteOrder.LITTLE_ENDIAN, r.source());
            data.seek(dataAt, "option").limitTo(dataAt + optionSize, "option");
            r.skip(optionSize, "option data");
            if (option == OPTION_DONE) {
                if (optionSize < 8) {
                    throw r.error(at, "the closing option of an options section has " + optionSize + " bytes, needs 8");
                }
                long next = data.u64("offset of the next options section");
                if (next < 0 || next >= file.byteSize()) {
                    throw r.error(dataAt, "next options section at " + Long.toUnsignedString(next) + " is beyond the "
                            + file.byteSize() + "-byte file");
                }
                return next;
            }
            option(option, data, true, at);
        }
    }

    private ByteReader section(long offset, int expectedId) {
        if (offset < 0 || offset > file.byteSize() - SECTION_HEADER_SIZE) {
            throw in.error(offset, optionName(expectedId) + " section at " + Long.toUnsignedString(offset)
                    + " lies outside the " + file.byteSize() + "-byte file");
        }
        in.seek(offset, optionName(expectedId) + " section");
        int id = in.u16("section id");
        int flags = in.u16("section flags");
        in.s32("section description");
        long size = in.u64AtMost(optionName(expectedId) + " section size", in.remaining());
        if (id != expectedId) {
            throw in.error(offset, "section at " + offset + " has id " + id + " (" + optionName(id) + "), its option says "
                    + expectedId + " (" + optionName(expectedId) + ")");
        }
        long data = offset + SECTION_HEADER_SIZE;
        if ((flags & SECTION_FLAG_COMPRESSED) != 0) {
            return decompressBlock(data, size, optionName(expectedId) + " section at " + offset);
        }
        ByteReader r = new ByteReader(file, ByteOrder.LITTLE_ENDIAN, path + " " + optionName(expectedId) + " section");
        r.seek(data, "section data").limitTo(data + size, "section");
        return r;
    }

    /** Decompresses the single block a compressed metadata section holds. */
    private ByteReader decompressBlock(long at, long size, String what) {
        if (codec == null) {
            throw in.error(at, what + " is marked compressed, but the file names no compression");
        }
        in.seek(at, what);
        if (size < BLOCK_HEADER_SIZE) {
            throw in.error(at, what + " holds " + size + " bytes, too few for a compression header");
        }
        long zsize = in.u32(what + " compressed size");
        long usize = in.u32(what + " uncompressed size");
        if (zsize > size - BLOCK_HEADER_SIZE) {
            throw in.error(at, what + ": compressed size " + zsize + " exceeds the section's " + (size - BLOCK_HEADER_SIZE)
                    + " bytes of data");
        }
        if (usize > Integer.MAX_VALUE - 16) {
            throw in.error(at + 4, what + ": uncompressed size " + usize + " is too large");
        }
        byte[] out = new byte[(int) usize];
        int n;
        try {
            n = codec.decompress(file.asSlice(at + BLOCK_HEADER_SIZE, zsize), out, out.length);
        } catch (Codec.CorruptBlockException e) {
            throw new MalformedDataException(path + " " + what, at, e.getMessage(), e);
        }
        if (n != usize) {
            throw in.error(at, what + " decompressed to " + n + " bytes, its header announces " + usize);
        }
        return new ByteReader(MemorySegment.ofArray(out), ByteOrder.LITTLE_ENDIAN,
                path + " " + what + " (decompressed; offsets are within it)");
    }

    private void bufferV7(PendingBuffer b) {
        FileContents.BufferEntry e = new FileContents.BufferEntry(b.name);
        e.clock = b.clock;
        e.pageSize = b.pageSize;
        String what = "buffer '" + b.name + "'";
        int sectionId = b.latency ? OPTION_BUFFER_TEXT : OPTION_BUFFER;
        if (b.offset < 0 || b.offset > file.byteSize() - SECTION_HEADER_SIZE) {
            throw in.error(b.optionOffset, what + ": data section at " + Long.toUnsignedString(b.offset)
                    + " lies outside the " + file.byteSize() + "-byte file");
        }
        in.seek(b.offset, what + " section");
        int id = in.u16("section id");
        int flags = in.u16("section flags");
        in.s32("section description");
        long size = in.u64AtMost(what + " section size", in.remaining());
        if (id != sectionId) {
            throw in.error(b.offset, what + ": section at " + b.offset + " has id " + id + " (" + optionName(id)
                    + "), expected " + sectionId + " (" + optionName(sectionId) + ")");
        }
        e.compressed = (flags & SECTION_FLAG_COMPRESSED) != 0;
        if (e.compressed && codec == null) {
            throw in.error(b.offset, what + " is marked compressed, but the file names no compression");
        }
        if (b.latency) {
            latencyV7(b.offset + SECTION_HEADER_SIZE, size, e.compressed, what);
            return;
        }
        checkPageSize(b.pageSize, b.optionOffset);
        Set<Integer> cpus = new HashSet<>();
        for (long[] cpu : b.cpus) {
            int n = (int) cpu[0];
            long offset = cpu[1];
            long bytes = cpu[2];
            String cpuWhat = what + " cpu" + n;
            if (!cpus.add(n)) {
                throw in.error(b.optionOffset, what + " lists cpu" + n + " twice");
            }
            if (offset < 0 || bytes < 0 || offset > file.byteSize() || bytes > file.byteSize() - offset) {
                throw in.error(b.optionOffset, cpuWhat + ": data [" + Long.toUnsignedString(offset) + ", +"
                        + Long.toUnsignedString(bytes) + ") runs past the end of the " + file.byteSize()
                        + "-byte file (truncated?)");
            }
            if (bytes == 0) {
                continue;
            }
            e.cpus.add(e.compressed ? CpuChunks.compressed(new ByteReader(file, ByteOrder.LITTLE_ENDIAN, path), n,
                    offset, bytes, b.pageSize, cpuWhat) : CpuChunks.plain(n, offset, bytes, b.pageSize));
        }
        c.buffers.add(e);
    }

    private void latencyV7(long at, long size, boolean compressed, String what) {
        if (!compressed) {
            in.seek(at, what);
            c.latencyText = in.utf8(size, what + " latency text");
            return;
        }
        CpuChunks chunks = CpuChunks.compressed(new ByteReader(file, ByteOrder.LITTLE_ENDIAN, path), 0, at, size, 1,
                what + " latency text");
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < chunks.chunks(); i++) {
            byte[] out = new byte[chunks.chunkSize(i)];
            try {
                codec.decompress(file.asSlice(chunks.chunkDataOffset(i), chunks.chunkCompressedSize(i)), out, out.length);
            } catch (Codec.CorruptBlockException e) {
                throw new MalformedDataException(path + " " + what + " chunk " + i, chunks.chunkDataOffset(i)
                        - BLOCK_HEADER_SIZE, e.getMessage(), e);
            }
            text.append(new String(out, StandardCharsets.UTF_8));
        }
        c.latencyText = text.toString();
    }

    // ---- version 6 ------------------------------------------------------------------------------

    private void parseV6() {
        headerInfo(in);
        ftraceFormats(in);
        eventFormats(in);
        c.kallsyms = sized4(in, "kallsyms", false);
        c.printkFormats = sized4(in, "printk formats", false);
        c.cmdlines = in.text(in.u64AtMost("saved cmdlines size", in.remaining()), "saved cmdlines");
        long cpusAt = in.position();
        long cpus = in.u32("CPU count");
        if (cpus > 1 << 20) {
            throw in.error(cpusAt, "CPU count " + cpus + " is not plausible");
        }
        c.headerCpus = (int) cpus;
        String marker = marker(in);
        if (marker.equals(V6_OPTIONS)) {
            optionsV6(in);
            marker = marker(in);
        }
        if (marker.equals(V6_LATENCY)) {
            c.latencyText = in.utf8(in.remaining(), "latency text");
            return;
        }
        if (!marker.equals(V6_FLYRECORD)) {
            throw in.error(in.position() - V6_MARKER_SIZE, "expected \"flyrecord\" or \"latency\", found \""
                    + printable(marker) + "\"");
        }
        int fileCpus = Math.max(c.headerCpus, c.cpuCountOption);
        String topClock = clockName(c.traceClockText);
        FileContents.BufferEntry top = flyrecordV6("", in, fileCpus, topClock);
        c.buffers.add(top);
        for (PendingBuffer b : pendingBuffers) {
            ByteReader r = new ByteReader(file, ByteOrder.LITTLE_ENDIAN, path);
            if (b.offset < 0 || b.offset >= file.byteSize()) {
                throw in.error(b.optionOffset, "buffer '" + b.name + "' at " + Long.toUnsignedString(b.offset)
                        + " lies outside the " + file.byteSize() + "-byte file");
            }
            r.seek(b.offset, "buffer '" + b.name + "'");
            String m = marker(r);
            if (m.equals(V6_OPTIONS)) {
                optionsV6(r);
                m = marker(r);
            }
            if (!m.equals(V6_FLYRECORD)) {
                throw r.error(r.position() - V6_MARKER_SIZE, "buffer '" + b.name + "': expected \"flyrecord\", found \""
                        + printable(m) + "\"");
            }
            c.buffers.add(flyrecordV6(b.name, r, fileCpus, top.clock));
        }
    }

    private FileContents.BufferEntry flyrecordV6(String name, ByteReader r, int cpus, String defaultClock) {
        FileContents.BufferEntry e = new FileContents.BufferEntry(name);
        e.pageSize = c.pageSize;
        String what = name.isEmpty() ? "top buffer" : "buffer '" + name + "'";
        long tableAt = r.position();
        long[][] table = new long[cpus][2];
        for (int i = 0; i < cpus; i++) {
            table[i][0] = r.u64(what + " cpu" + i + " data offset");
            table[i][1] = r.u64(what + " cpu" + i + " data size");
        }
        // trace-cmd writes the clock as "[name]" with a u64 length after each CPU table (and reads
        // it for the top buffer when a TRACECLOCK option is present).
        e.clock = defaultClock;
        if (r.remaining() >= 8) {
            long at = r.position();
            long len = r.u64("trace clock length");
            if (len > 0 && len < 64 && r.remaining() >= len) {
                String text = r.text(len, "trace clock");
                String clock = clockName(text);
                if (text.startsWith("[") && clock != null) {
                    e.clock = clock;
                } else {
                    r.seek(at, "trace clock");
                }
            } else {
                r.seek(at, "trace clock");
            }
        }
        if (e.clock == null) {
            e.clock = "local";
        }
        for (int i = 0; i < cpus; i++) {
            long offset = table[i][0];
            long size = table[i][1];
            if (size == 0) {
                continue;
            }
            if (offset < 0 || size < 0 || offset > file.byteSize() || size > file.byteSize() - offset) {
                throw r.error(tableAt + 16L * i, what + " cpu" + i + ": data [" + Long.toUnsignedString(offset) + ", +"
                        + Long.toUnsignedString(size) + ") runs past the end of the " + file.byteSize()
                        + "-byte file (truncated?)");
            }
            e.cpus.add(CpuChunks.plain(i, offset, size, c.pageSize));
        }
        return e;
    }

    private void optionsV6(ByteReader r) {
        for (;;) {
            long at = r.position();
            int option = r.u16("option id");
            if (option == OPTION_DONE) {
                return;
            }
            long size = r.u32("option size");
            r.need(size, "option " + optionName(option) + " of " + size + " bytes");
            ByteReader data = new ByteReader(file, ByteOrder.LITTLE_ENDIAN, path);
            data.seek(r.position(), "option").limitTo(r.position() + size, "option");
            r.skip(size, "option data");
            option(option, data, false, at);
        }
    }

    private static String marker(ByteReader r) {
        String m = r.text(V6_MARKER_SIZE, "section marker");
        int nul = m.indexOf('\0');
        return nul < 0 ? m : m.substring(0, nul);
    }

    // ---- shared parts ---------------------------------------------------------------------------

    private void option(int id, ByteReader data, boolean v7, long at) {
        switch (id) {
            case OPTION_DATE -> c.dateOffsetNanos = strtoll(text(data)) * 1000;
            case OPTION_OFFSET -> c.offsetNanos = strtoll(text(data));
            case OPTION_CPUSTAT -> c.cpuStats.add(text(data));
            case OPTION_TRACECLOCK -> c.traceClockText = text(data);
            case OPTION_UNAME -> c.uname = text(data);
            case OPTION_VERSION -> c.traceCmdVersion = text(data);
            case OPTION_HOOK -> c.hooks.add(text(data));
            case OPTION_PROCMAPS -> c.procMaps = text(data);
            case OPTION_CPUCOUNT -> {
                long n = data.u32("CPUCOUNT");
                if (n > 1 << 20) {
                    throw data.error(data.position() - 4, "CPUCOUNT " + n + " is not plausible");
                }
                c.cpuCountOption = (int) n;
            }
            case OPTION_TRACEID -> c.traceId = data.u64("TRACEID");
            case OPTION_TSC2NSEC -> {
                long mult = data.u32("TSC2NSEC multiplier");
                long shift = data.u32("TSC2NSEC shift");
                long offset = data.u64("TSC2NSEC offset");
                if (shift > 32) {
                    throw data.error(data.position() - 12, "TSC2NSEC shift " + shift + " exceeds 32");
                }
                c.tsc2nsec = new TraceDatOptions.Tsc2Nsec(mult, (int) shift, offset);
            }
            case OPTION_TIME_SHIFT -> c.timeShift = timeShift(data);
            case OPTION_GUEST -> c.guests.add(guest(data));
            case OPTION_BUFFER, OPTION_BUFFER_TEXT -> bufferOption(id, data, v7);
            case OPTION_HEADER_INFO, OPTION_FTRACE_EVENTS, OPTION_EVENT_FORMATS, OPTION_KALLSYMS, OPTION_PRINTK,
                    OPTION_CMDLINES -> {
                if (!v7) {
                    c.unknownIds.add(id);
                } else {
                    sections.put(id, data.u64(optionName(id) + " section offset"));
                }
            }
            default -> c.unknownIds.add(id);
        }
    }

    private void bufferOption(int id, ByteReader data, boolean v7) {
        long optionAt = data.position();
        long offset = data.u64("buffer offset");
        String name = data.cString("buffer name");
        if (!v7) {
            if (id == OPTION_BUFFER_TEXT) {
                c.unknownIds.add(id);
                return;
            }
            pendingBuffers.add(new PendingBuffer(name, offset, null, c.pageSize, List.of(), false, optionAt));
            return;
        }
        String clock = data.cString("buffer clock");
        if (id == OPTION_BUFFER_TEXT) {
            pendingBuffers.add(new PendingBuffer(name, offset, clock, 0, List.of(), true, optionAt));
            return;
        }
        long pageSize = data.u32("buffer page size");
        long count = data.u32("buffer CPU count");
        if (count > data.remaining() / 20) {
            throw data.error(data.position() - 4, "buffer '" + name + "': " + count + " CPUs cannot fit in the "
                    + data.remaining() + " bytes left of the option");
        }
        List<long[]> cpus = new ArrayList<>();
        for (long i = 0; i < count; i++) {
            long cpu = data.u32("buffer CPU id");
            if (cpu > 1 << 20) {
                throw data.error(data.position() - 4, "buffer '" + name + "': CPU id " + cpu + " is not plausible");
            }
            cpus.add(new long[] {cpu, data.u64("CPU data offset"), data.u64("CPU data size")});
        }
        pendingBuffers.add(new PendingBuffer(name, offset, clock, (int) Math.min(pageSize, Integer.MAX_VALUE), cpus,
                false, optionAt));
    }

    private TraceDatOptions.TimeShift timeShift(ByteReader data) {
        long peer = data.u64("TIME_SHIFT peer id");
        int flags = data.s32("TIME_SHIFT flags");
        long cpus = data.u32("TIME_SHIFT CPU count");
        if (cpus > data.remaining() / 4) {
            throw data.error(data.position() - 4, "TIME_SHIFT: " + cpus + " CPUs cannot fit");
        }
        long[][][] samples = new long[(int) cpus][][];
        for (int i = 0; i < cpus; i++) {
            long n = data.u32("TIME_SHIFT sample count");
            if (n > data.remaining() / 24) {
                throw data.error(data.position() - 4, "TIME_SHIFT cpu" + i + ": " + n + " samples cannot fit");
            }
            long[][] s = new long[4][(int) n];
            for (int k = 0; k < 3; k++) {
                for (int j = 0; j < n; j++) {
                    s[k][j] = data.u64("TIME_SHIFT sample");
                }
            }
            java.util.Arrays.fill(s[3], 0);
            samples[i] = s;
        }
        if (data.remaining() > 0) {
            for (int i = 0; i < cpus; i++) {
                for (int j = 0; j < samples[i][3].length; j++) {
                    samples[i][3][j] = data.u64("TIME_SHIFT fraction bits");
                }
            }
        }
        List<TraceDatOptions.CpuSamples> list = new ArrayList<>();
        for (long[][] s : samples) {
            list.add(sortedUnique(s));
        }
        return new TraceDatOptions.TimeShift(peer, flags, list);
    }

    /** Sorts samples by time and drops repeated times, as trace-cmd does. */
    private static TraceDatOptions.CpuSamples sortedUnique(long[][] s) {
        int n = s[0].length;
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, (a, b) -> Long.compareUnsigned(s[0][a], s[0][b]));
        long[][] out = new long[4][n];
        int m = 0;
        for (int k = 0; k < n; k++) {
            int i = order[k];
            if (m > 0 && out[0][m - 1] == s[0][i]) {
                continue;
            }
            for (int f = 0; f < 4; f++) {
                out[f][m] = s[f][i];
            }
            m++;
        }
        return new TraceDatOptions.CpuSamples(java.util.Arrays.copyOf(out[0], m), java.util.Arrays.copyOf(out[1], m),
                java.util.Arrays.copyOf(out[2], m), java.util.Arrays.copyOf(out[3], m));
    }

    private static TraceDatOptions.Guest guest(ByteReader data) {
        String name = data.cString("GUEST name");
        long id = data.u64("GUEST trace id");
        long n = data.u32("GUEST CPU count");
        if (n > data.remaining() / 8) {
            throw data.error(data.position() - 4, "GUEST '" + name + "': " + n + " CPUs cannot fit");
        }
        Integer[] pids = new Integer[(int) n];
        java.util.Arrays.fill(pids, 0);
        for (int i = 0; i < n; i++) {
            long cpu = data.u32("GUEST CPU");
            int pid = data.s32("GUEST host pid");
            if (cpu >= n) {
                throw data.error(data.position() - 8, "GUEST '" + name + "': vCPU " + cpu + " of " + n);
            }
            pids[(int) cpu] = pid;
        }
        return new TraceDatOptions.Guest(name, id, List.of(pids));
    }

    private void headerInfo(ByteReader r) {
        expectString(r, HEADER_PAGE);
        long at = r.position();
        c.headerPageText = r.text(r.u64AtMost("header_page size", r.remaining()), "header_page");
        if (c.headerPageText.isEmpty()) {
            throw r.error(at, "empty header_page: files of kernels before 2.6.31 are not supported");
        }
        c.headerPage = HeaderPage.parse(c.headerPageText, r.source() + " header_page (at byte " + (at + 8) + ")");
        expectString(r, HEADER_EVENT);
        c.headerEventText = r.text(r.u64AtMost("header_event size", r.remaining()), "header_event");
    }

    private static void expectString(ByteReader r, String expected) {
        long at = r.position();
        byte[] bytes = (expected + '\0').getBytes(StandardCharsets.US_ASCII);
        if (!r.lookingAt(bytes)) {
            throw r.error(at, "expected \"" + expected + "\" here");
        }
        r.skip(bytes.length, expected);
    }

    private void ftraceFormats(ByteReader r) {
        long count = r.u32("ftrace format count");
        for (long i = 0; i < count; i++) {
            c.ftraceFormats.add(r.text(r.u64AtMost("ftrace format size", r.remaining()), "ftrace format"));
        }
    }

    private void eventFormats(ByteReader r) {
        long systems = r.u32("event system count");
        for (long i = 0; i < systems; i++) {
            String system = r.cString("event system name");
            long count = r.u32("event count of system " + system);
            List<String> list = c.eventFormats.computeIfAbsent(system, s -> new ArrayList<>());
            for (long j = 0; j < count; j++) {
                list.add(r.text(r.u64AtMost("event format size", r.remaining()), "event format of system " + system));
            }
        }
    }

    private static String sized4(ByteReader r, String what, boolean utf8) {
        long size = r.u32(what + " size");
        return utf8 ? r.utf8(size, what) : r.text(size, what);
    }

    private int checkPageSize(long size, long at) {
        if (size < 64 || size > MAX_PAGE_SIZE) {
            throw in.error(at, "page size " + size + " is outside 64.." + MAX_PAGE_SIZE);
        }
        return (int) size;
    }

    /** The text of an option: up to its first NUL. */
    private static String text(ByteReader data) {
        String s = data.utf8(data.remaining(), "option text");
        int nul = s.indexOf('\0');
        return nul < 0 ? s : s.substring(0, nul);
    }

    /** The selected clock of a trace_clock text ("[local] global" gives local), or null. */
    static String clockName(String text) {
        if (text == null) {
            return null;
        }
        int open = text.indexOf('[');
        int close = open < 0 ? -1 : text.indexOf(']', open);
        if (open < 0 || close < 0) {
            return null;
        }
        String name = text.substring(open + 1, close).strip();
        return name.isEmpty() ? null : name;
    }

    /** C's strtoll(text, NULL, 0): optional sign, 0x hex, leading-0 octal, else decimal; 0 if none. */
    static long strtoll(String text) {
        String s = text.strip();
        boolean negative = false;
        int i = 0;
        if (i < s.length() && (s.charAt(i) == '-' || s.charAt(i) == '+')) {
            negative = s.charAt(i) == '-';
            i++;
        }
        int radix = 10;
        if (s.startsWith("0x", i) || s.startsWith("0X", i)) {
            radix = 16;
            i += 2;
        } else if (s.startsWith("0", i)) {
            radix = 8;
        }
        long v = 0;
        for (; i < s.length(); i++) {
            int d = Character.digit(s.charAt(i), radix);
            if (d < 0) {
                break;
            }
            v = v * radix + d;
        }
        return negative ? -v : v;
    }

    private static String printable(String s) {
        StringBuilder sb = new StringBuilder();
        for (char ch : s.toCharArray()) {
            sb.append(ch >= 0x20 && ch < 0x7f ? String.valueOf(ch) : String.format("\\x%02x", (int) ch));
        }
        return sb.toString();
    }

    /** Exposed for messages elsewhere. */
    static String name(int id) {
        return TraceDatLayout.optionName(id);
    }
}
