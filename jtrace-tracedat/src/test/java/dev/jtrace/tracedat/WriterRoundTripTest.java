package dev.jtrace.tracedat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jtrace.traceevent.EventRenderer;
import dev.jtrace.traceevent.KernelTypes;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Files written by jtrace from captured pages read back with exactly the records the pages hold,
 * in every version and compression, and render as the kernel rendered them. (That trace-cmd reads
 * them too is checked by {@link WriterOracleKernelTest}.)
 */
class WriterRoundTripTest {
    @TempDir
    Path temp;

    static TraceDatFormat format(String name) {
        return switch (name) {
            case "v6" -> TraceDatFormat.V6;
            case "v7" -> TraceDatFormat.V7;
            case "v7-zlib" -> TraceDatFormat.V7_ZLIB;
            default -> TraceDatFormat.V7_ZSTD;
        };
    }

    @ParameterizedTest
    @ValueSource(strings = {"v6", "v7", "v7-zlib", "v7-zstd"})
    void shouldReadBackEveryRecordOfThePagesWritten(String name) throws Exception {
        Fixture sched = Fixture.load("sched-4k");
        Fixture markers = Fixture.load("markers-8k");
        boolean v6 = name.equals("v6");
        Path file = v6 ? Fixture.write(temp.resolve("f.dat"), format(name), sched)
                : Fixture.write(temp.resolve("f.dat"), format(name), sched, markers);
        List<String> expected = new ArrayList<>(sched.records(""));
        if (!v6) {
            expected.addAll(markers.records("markers-8k"));
        }
        expected.sort(null);
        List<String> got = new ArrayList<>();
        long last = Long.MIN_VALUE;
        try (TraceDatFile f = TraceDatFile.open(file)) {
            assertThat(f.version()).isEqualTo(v6 ? 6 : 7);
            assertThat(f.compression()).isEqualTo(format(name).compression());
            assertThat(f.buffers()).extracting(TraceBuffer::pageSize).containsExactlyElementsOf(
                    v6 ? List.of(4096) : List.of(4096, 8192));
            RecordCursor c = f.cursor();
            while (c.next()) {
                assertThat(c.timestamp()).isGreaterThanOrEqualTo(last);
                last = c.timestamp();
                got.add(Fixture.describe(c.buffer().name(), c.cpu(), c.timestamp(), c.record()));
            }
        }
        got.sort(null);
        assertThat(got).hasSize(expected.size()).isEqualTo(expected);
        assertThat(got.size()).isGreaterThan(500);
    }

    @ParameterizedTest
    @ValueSource(strings = {"v6", "v7-zstd"})
    void shouldRenderTheRecordsAsTheKernelDidWhenTheyWereCaptured(String name) throws Exception {
        Fixture sched = Fixture.load("sched-4k");
        Path file = Fixture.write(temp.resolve("f.dat"), format(name), sched);
        Map<Integer, List<String>> kernel = KernelText.byCpu(Fixture.text(sched.dir().resolve("trace")));
        Map<Integer, List<String>> rendered = new TreeMap<>();
        try (TraceDatFile f = TraceDatFile.open(file)) {
            EventRenderer r = f.kernelRenderer(f.buffers().getFirst(), KernelTypes.empty());
            RecordCursor c = f.cursor();
            while (c.next()) {
                rendered.computeIfAbsent(c.cpu(), k -> new ArrayList<>()).add(r.line(c.record()).toString());
            }
        }
        // The fixture's text is ISO-8859-1 here; compare the ASCII lines (markers with UTF-8 aside).
        int compared = 0;
        for (int cpu : kernel.keySet()) {
            List<String> want = kernel.get(cpu);
            List<String> got = rendered.get(cpu);
            assertThat(got).hasSameSizeAs(want);
            for (int i = 0; i < want.size(); i++) {
                if (want.get(i).chars().allMatch(ch -> ch < 0x80)) {
                    assertThat(got.get(i)).isEqualTo(want.get(i));
                    compared++;
                }
            }
        }
        assertThat(compared).isGreaterThan(500);
    }

    @Test
    void shouldCopyAFileIntoEveryFormatWithTheSameRecords() throws Exception {
        Fixture sched = Fixture.load("sched-4k");
        Path original = Fixture.write(temp.resolve("orig.dat"), TraceDatFormat.V7_ZSTD, sched);
        List<String> expected = records(original);
        for (String name : List.of("v6", "v7", "v7-zlib", "v7-zstd")) {
            Path copy = temp.resolve("copy-" + name + ".dat");
            try (TraceDatFile f = TraceDatFile.open(original)) {
                TraceDatWriter.copy(f, copy, format(name));
            }
            assertThat(records(copy)).as(name).isEqualTo(expected);
            try (TraceDatFile f = TraceDatFile.open(copy); TraceDatFile o = TraceDatFile.open(original)) {
                assertThat(f.formats().size()).isEqualTo(o.formats().size());
                assertThat(f.comms().comm(sched.anyPid())).isEqualTo(o.comms().comm(sched.anyPid()));
                assertThat(f.options().uname()).isEqualTo("Linux fixture 6.18 x86_64");
            }
        }
    }

    @Test
    void shouldStoreAShortSubBufferPaddedToThePageSize() throws Exception {
        Fixture sched = Fixture.load("sched-4k");
        byte[] first = java.util.Arrays.copyOf(sched.pages().values().iterator().next(), 4096);
        int commit = (int) (MemorySegment.ofArray(first).get(java.lang.foreign.ValueLayout.JAVA_LONG_UNALIGNED, 8)
                & 0x7ffffff);
        Path file = temp.resolve("short.dat");
        try (TraceDatWriter w = TraceDatWriter.create(file, TraceDatFormat.V7, sched.metadata().build())) {
            w.buffer("", "local", 4096).accept(0, MemorySegment.ofArray(first).asSlice(0, 16 + commit));
        }
        try (TraceDatFile f = TraceDatFile.open(file)) {
            assertThat(f.buffers().getFirst().cpus()).singleElement()
                    .satisfies(c -> assertThat(c.pages()).isEqualTo(1));
            RecordCursor c = f.cursor();
            int n = 0;
            while (c.next()) {
                n++;
            }
            assertThat(n).isPositive();
        }
    }

    @Test
    void shouldRefuseWhatTheFormatCannotHold() throws Exception {
        Fixture sched = Fixture.load("sched-4k");
        assertThatThrownBy(() -> new TraceDatFormat(6, "zstd")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("version 6 files cannot be compressed");
        assertThatThrownBy(() -> new TraceDatFormat(8, "none")).hasMessageContaining("version 8");
        try (TraceDatWriter w = TraceDatWriter.create(temp.resolve("x.dat"), TraceDatFormat.V6,
                sched.metadata().build())) {
            assertThatThrownBy(() -> w.buffer("big", "local", 8192)).hasMessageContaining("one page size");
            SubBufferSink s = w.buffer("", "local", 4096);
            assertThatThrownBy(() -> w.buffer("", "local", 4096)).hasMessageContaining("declared twice");
            assertThatThrownBy(() -> s.accept(0, MemorySegment.ofArray(new byte[8192])))
                    .hasMessageContaining("8192 bytes");
            assertThatThrownBy(() -> s.accept(-1, MemorySegment.ofArray(new byte[16])))
                    .hasMessageContaining("negative CPU");
        }
        try (var files = Files.list(temp)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("x.dat");
        }
    }

    @Test
    void shouldReadTheTextOfLatencyFiles() throws Exception {
        // No latency tracer runs on this kernel: turn written files into latency files by hand.
        byte[] v6 = Files.readAllBytes(Fixture.write(temp.resolve("l6.dat"), TraceDatFormat.V6,
                Fixture.load("markers-8k")));
        FileSurgery s = new FileSurgery(v6);
        int marker = s.indexOf("flyrecord\0", 0);
        System.arraycopy("latency  \0".getBytes(java.nio.charset.StandardCharsets.US_ASCII), 0, v6, marker, 10);
        String text = new String(v6, marker + 10, v6.length - marker - 10, java.nio.charset.StandardCharsets.UTF_8);
        try (TraceDatFile f = TraceDatFile.open(Files.write(temp.resolve("lat6.dat"), v6))) {
            assertThat(f.latencyText()).hasValue(text);
            assertThat(f.buffers()).isEmpty();
            assertThat(f.cursor().next()).isFalse();
        }
        byte[] v7 = Files.readAllBytes(Fixture.write(temp.resolve("l7.dat"), TraceDatFormat.V7,
                Fixture.load("markers-8k")));
        s = new FileSurgery(v7);
        int option = s.option(dev.jtrace.tracedat.internal.TraceDatLayout.OPTION_BUFFER);
        int section = (int) s.u64(option);
        s.buf.putShort(option - 6, (short) dev.jtrace.tracedat.internal.TraceDatLayout.OPTION_BUFFER_TEXT);
        s.buf.putShort(section, (short) dev.jtrace.tracedat.internal.TraceDatLayout.OPTION_BUFFER_TEXT);
        int size = (int) s.u64(section + 8);
        String body = new String(v7, section + 16, size, java.nio.charset.StandardCharsets.UTF_8);
        try (TraceDatFile f = TraceDatFile.open(Files.write(temp.resolve("lat7.dat"), v7))) {
            assertThat(f.latencyText()).hasValue(body);
        }
    }

    private static List<String> records(Path file) {
        List<String> out = new ArrayList<>();
        try (TraceDatFile f = TraceDatFile.open(file)) {
            RecordCursor c = f.cursor();
            while (c.next()) {
                out.add(Fixture.describe(c.buffer().name(), c.cpu(), c.timestamp(), c.record()));
            }
        }
        return out;
    }
}
