package dev.jtrace.tracedat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jtrace.core.MalformedDataException;
import dev.jtrace.tracedat.internal.TraceDatLayout;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Bad files, one category at a time: each fails with a {@link MalformedDataException} that names the
 * file, the byte offset and what was being read, never with a JDK exception or a hang.
 */
class BadInputTest {
    @TempDir
    Path temp;

    private byte[] good(String format) throws Exception {
        return Files.readAllBytes(Fixture.write(temp.resolve("good-" + format + ".dat"),
                WriterRoundTripTest.format(format), Fixture.load("sched-4k")));
    }

    private Path file(String name, byte[] bytes) throws Exception {
        return Files.write(temp.resolve(name), bytes);
    }

    /** Opens and reads every record; returns the count. */
    private static int readAll(Path p) {
        try (TraceDatFile f = TraceDatFile.open(p)) {
            RecordCursor c = f.cursor();
            int n = 0;
            while (c.next()) {
                n++;
            }
            return n;
        }
    }

    private static MalformedDataException malformed(Path p) {
        Throwable t = org.assertj.core.api.Assertions.catchThrowable(() -> readAll(p));
        assertThat(t).as("reading %s", p).isInstanceOf(MalformedDataException.class);
        assertThat(t.getMessage()).contains(p.toString());
        return (MalformedDataException) t;
    }

    @ParameterizedTest
    @ValueSource(strings = {"v6", "v7", "v7-zlib", "v7-zstd"})
    void shouldReportEveryTruncationWithItsOffset(String format) throws Exception {
        byte[] good = good(format);
        int records = readAll(file("full.dat", good));
        // v7 keeps its strings section (section descriptions, which readers do not need) last:
        // a cut inside it loses nothing the reader uses.
        int stringsStart = format.equals("v6") ? good.length : stringsSection(good);
        int step = Math.max(1, good.length / 150);
        int cuts = 0;
        for (int len = 0; len < good.length; len += len < 256 ? 1 : step) {
            Path p = file("cut.dat", Arrays.copyOf(good, len));
            if (len >= stringsStart) {
                assertThat(readAll(p)).as("cut at %d, in the strings section", len).isEqualTo(records);
                continue;
            }
            MalformedDataException e = malformed(p);
            assertThat(e.detail()).as("cut at %d", len).isNotBlank();
            cuts++;
        }
        assertThat(cuts).isGreaterThan(250);
    }

    private static int stringsSection(byte[] b) {
        FileSurgery s = new FileSurgery(b);
        for (int p = b.length - 17; p > 0; p--) {
            if (s.buf.getShort(p) == TraceDatLayout.OPTION_STRINGS && s.u64(p + 8) == b.length - p - 16) {
                return p;
            }
        }
        throw new IllegalStateException("no strings section");
    }

    @Test
    void shouldRejectAFileWithTheWrongMagic() throws Exception {
        byte[] good = good("v7");
        byte[] bad = good.clone();
        bad[0] = 0x18;
        assertThat(malformed(file("magic.dat", bad))).hasMessageContaining("at byte 0: wrong magic");
        bad = good.clone();
        bad[5] = 'x';
        assertThat(malformed(file("tracing.dat", bad))).hasMessageContaining("at byte 3: wrong magic");
        Path text = Fixture.load("sched-4k").dir().resolve("trace");
        assertThat(malformed(text)).hasMessageContaining("not a trace.dat file");
        assertThat(malformed(file("empty.dat", new byte[0]))).hasMessageContaining("truncated file: 0 bytes");
    }

    @Test
    void shouldRejectUnsupportedVersions() throws Exception {
        byte[] bad = good("v7");
        bad[10] = '8';
        assertThat(malformed(file("v8.dat", bad))).hasMessageContaining(
                "at byte 10: unsupported trace.dat version 8 (jtrace reads versions 6 and 7)");
        bad = good("v6");
        bad[10] = '5';
        assertThat(malformed(file("v5.dat", bad))).hasMessageContaining("unsupported trace.dat version 5");
        bad[10] = 'x';
        assertThat(malformed(file("vx.dat", bad))).hasMessageContaining("version 'x' is not a number");
    }

    @Test
    void shouldRejectCorruptV7Sections() throws Exception {
        byte[] good = good("v7");
        // A section option pointing at another section.
        FileSurgery s = new FileSurgery(good.clone());
        int kallsyms = s.option(TraceDatLayout.OPTION_KALLSYMS);
        long printk = s.u64(s.option(TraceDatLayout.OPTION_PRINTK));
        s.u64(kallsyms, printk);
        assertThat(malformed(file("misdirected.dat", s.bytes))).hasMessageContaining(
                "at byte " + printk + ": section at " + printk + " has id 20 (printk formats), its option says 19 (kallsyms)");
        // A section size beyond the file.
        s = new FileSurgery(good.clone());
        long at = s.u64(s.option(TraceDatLayout.OPTION_KALLSYMS));
        s.u64((int) at + 8, 1L << 40);
        assertThat(malformed(file("huge.dat", s.bytes))).hasMessageContaining("at byte " + (at + 8)
                + ": kallsyms section size 1099511627776 exceeds");
        // Options sections in a loop.
        s = new FileSurgery(good.clone());
        long options = s.u64(s.optionsPointer());
        s.u64(s.option(TraceDatLayout.OPTION_DONE), options);
        assertThat(malformed(file("loop.dat", s.bytes))).hasMessageContaining("options sections form a loop");
        // A section offset outside the file.
        s = new FileSurgery(good.clone());
        s.u64(s.option(TraceDatLayout.OPTION_CMDLINES), good.length + 100L);
        assertThat(malformed(file("outside.dat", s.bytes))).hasMessageContaining("saved cmdlines section at "
                + (good.length + 100) + " lies outside the " + good.length + "-byte file");
        // A CPU's data running past the end of the file.
        s = new FileSurgery(good.clone());
        int buffer = s.option(TraceDatLayout.OPTION_BUFFER);
        int cpuEntry = buffer + 8 + 1 + "local".length() + 1 + 4 + 4;
        s.u64(cpuEntry + 4 + 8, good.length);
        assertThat(malformed(file("past.dat", s.bytes))).hasMessageContaining("top buffer".isEmpty() ? "" : "cpu")
                .hasMessageContaining("runs past the end of the " + good.length + "-byte file (truncated?)");
    }

    @Test
    void shouldRejectCorruptV6Headers() throws Exception {
        byte[] good = good("v6");
        FileSurgery s = new FileSurgery(good.clone());
        int size = s.v6KallsymsSize();
        s.u32(size, 0x7fff0000);
        assertThat(malformed(file("kallsyms.dat", s.bytes))).hasMessageContaining("at byte " + (size + 4)
                + ": truncated kallsyms: needs 2147418112 bytes");
        s = new FileSurgery(good.clone());
        int marker = s.indexOf("flyrecord", 0);
        s.bytes[marker] = 'F';
        assertThat(malformed(file("marker.dat", s.bytes))).hasMessageContaining("at byte " + marker
                + ": expected \"flyrecord\" or \"latency\", found \"Flyrecord\"");
        s = new FileSurgery(good.clone());
        int page = s.indexOf("field: u64 timestamp", 0);
        s.bytes[page + 11] = (byte) 'X';
        assertThat(malformed(file("header_page.dat", s.bytes))).hasMessageContaining("header_page")
                .hasMessageContaining("no 'timestamp' field");
    }

    @ParameterizedTest
    @ValueSource(strings = {"v7-zlib", "v7-zstd"})
    void shouldReportACorruptCompressedChunkWithItsCpuAndOffset(String format) throws Exception {
        byte[] good = good(format);
        TraceBuffer.CpuData cpu;
        try (TraceDatFile f = TraceDatFile.open(file("g.dat", good))) {
            cpu = f.buffers().getFirst().cpus().getFirst();
        }
        byte[] bad = good.clone();
        long chunk = cpu.offset() + 4; // after the chunk count: the first chunk's header
        // The first bytes of the data are the zstd frame magic or the zlib header: break them.
        for (int i = 8; i < 12; i++) {
            bad[(int) chunk + i] ^= (byte) 0x5a;
        }
        MalformedDataException e = malformed(file("chunk.dat", bad));
        assertThat(e.source()).endsWith("cpu" + cpu.cpu() + " chunk 0");
        assertThat(e.offset()).isEqualTo(chunk);
        assertThat(e.detail()).contains(format.endsWith("zlib") ? "invalid zlib data" : "invalid zstd data");

        bad = good.clone();
        new FileSurgery(bad).u32((int) chunk + 4, 4097);
        assertThat(malformed(file("size.dat", bad))).hasMessageContaining("at byte " + (chunk + 4)
                + ": top buffer".replace("top buffer", "buffer '' cpu" + cpu.cpu())
                + " chunk 0: uncompressed size 4097 is not a whole number of 4096-byte pages");
    }

    @Test
    void shouldReportACorruptCompressedSection() throws Exception {
        byte[] bad = good("v7-zstd");
        FileSurgery s = new FileSurgery(bad);
        long kallsyms = s.u64(s.option(TraceDatLayout.OPTION_FTRACE_EVENTS));
        for (int i = 24; i < 28; i++) {
            bad[(int) kallsyms + i] ^= (byte) 0x5a;
        }
        assertThat(malformed(file("section.dat", bad))).hasMessageContaining("ftrace formats section at " + kallsyms)
                .hasMessageContaining("invalid zstd data");
    }

    @Test
    void shouldReportACorruptPageWithItsCpuPageAndOffset() throws Exception {
        byte[] bad = good("v6");
        TraceBuffer.CpuData cpu;
        try (TraceDatFile f = TraceDatFile.open(file("g.dat", bad))) {
            cpu = f.buffers().getFirst().cpus().getFirst();
        }
        // The commit length of page 1 of the first CPU: beyond the page.
        new FileSurgery(bad).u64((int) cpu.offset() + 4096 + 8, 5000);
        MalformedDataException e = malformed(file("page.dat", bad));
        assertThat(e.getMessage()).contains("cpu" + cpu.cpu() + " page 1 at byte 8: commit length 5000 exceeds");
    }

    @Test
    void shouldListFormatsThatDoNotParseAndReadTheRest() throws Exception {
        Fixture f = Fixture.load("sched-4k");
        TraceDatMetadata meta = f.metadata().eventFormats("broken", List.of("name: broken\nID: x\n")).build();
        Path p = temp.resolve("broken-format.dat");
        try (TraceDatWriter w = TraceDatWriter.create(p, TraceDatFormat.V7, meta)) {
            f.feed(w.buffer("", "local", 4096));
        }
        try (TraceDatFile file = TraceDatFile.open(p)) {
            assertThat(file.formatFailures()).singleElement().asString().contains("broken format #0");
            assertThat(file.formats().find("sched", "sched_switch")).isNotNull();
            assertThat(readAll(p)).isEqualTo(f.records("").size());
        }
        assertThat(new String(Files.readAllBytes(p), StandardCharsets.ISO_8859_1)).contains("name: broken");
    }
}
