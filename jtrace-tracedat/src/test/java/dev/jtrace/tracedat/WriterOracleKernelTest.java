package dev.jtrace.tracedat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jtrace.core.KernelFacility;
import dev.jtrace.core.testing.RequiresKernel;
import dev.jtrace.traceevent.EventRecord;
import dev.jtrace.traceevent.EventRenderer;
import dev.jtrace.traceevent.HeaderPage;
import dev.jtrace.traceevent.KernelTypes;
import dev.jtrace.traceevent.PageDecoder;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Files jtrace writes are read by trace-cmd with the same records: (a) pages read from a live
 * instance's {@code trace_pipe_raw} with the instance's metadata, (b) a file made by
 * {@code trace-cmd extract}, copied into other versions and compressions.
 */
@RequiresKernel(KernelFacility.TRACEFS_WRITABLE)
class WriterOracleKernelTest {
    @TempDir
    static Path temp;

    static String instance;
    static String kernelText;
    static KernelTypes types;
    static Map<Integer, byte[]> pages = new TreeMap<>();
    static HeaderPage layout;
    static TraceDatMetadata metadata;
    static Path extracted;
    static List<String> extractedRaw;
    static List<String> extractedReport;

    @BeforeAll
    static void capture() throws Exception {
        TraceCmd.require();
        try (TestInstance t = TestInstance.create("dat-write", 2048)) {
            instance = t.name();
            t.enable("sched/sched_switch");
            t.enable("sched/sched_wakeup");
            t.enable("syscalls/sys_enter_openat");
            t.enable("syscalls/sys_exit_openat");
            t.on();
            Workload.run(temp, t);
            t.off();
            kernelText = t.trace();
            types = KernelTypes.loadRunningKernel().withCurrentJiffies();
            layout = HeaderPage.parse(TestInstance.read(t.dir().resolve("events/header_page")), "header_page");
            for (int cpu : t.cpus()) {
                pages.put(cpu, t.readPages(cpu));
            }
            metadata = TraceDatMetadata.fromTracefs(t.tracefs(), t.dir());
        }
        try (TestInstance t = TestInstance.create("dat-copy", 1024)) {
            t.enable("sched/sched_switch");
            t.enable("syscalls/sys_enter_openat");
            t.on();
            Workload.run(temp, t);
            t.off();
            extracted = temp.resolve("extracted.dat");
            TraceCmd.extract(extracted, List.of(t.name()));
        }
        extractedRaw = TraceCmd.report(extracted, "-R", "-t");
        extractedReport = TraceCmd.report(extracted);
    }

    private static final Map<String, Path> LIVE = new java.util.HashMap<>();

    private static synchronized Path writeLive(String name) {
        Path done = LIVE.get(name);
        if (done != null) {
            return done;
        }
        Path file = temp.resolve("live-" + name + ".dat");
        try (TraceDatWriter w = TraceDatWriter.create(file, WriterRoundTripTest.format(name), metadata)) {
            SubBufferSink sink = w.buffer(instance, "local", layout.subBufferSize());
            // Interleave the CPUs' pages, as a recorder reading all CPUs would.
            int size = layout.subBufferSize();
            int max = pages.values().stream().mapToInt(b -> b.length / size).max().orElse(0);
            for (int p = 0; p < max; p++) {
                for (Map.Entry<Integer, byte[]> e : pages.entrySet()) {
                    if ((p + 1) * size <= e.getValue().length) {
                        sink.accept(e.getKey(), MemorySegment.ofArray(e.getValue()).asSlice((long) p * size, size));
                    }
                }
            }
        }
        LIVE.put(name, file);
        return file;
    }

    private static int livePageRecords() {
        int n = 0;
        PageDecoder d = new PageDecoder(layout);
        EventRecord r = new EventRecord();
        for (Map.Entry<Integer, byte[]> e : pages.entrySet()) {
            MemorySegment seg = MemorySegment.ofArray(e.getValue());
            for (int off = 0; off + layout.subBufferSize() <= e.getValue().length; off += layout.subBufferSize()) {
                d.reset(seg, off, "cpu" + e.getKey(), e.getKey(), -1);
                while (d.next(r)) {
                    n++;
                }
            }
        }
        return n;
    }

    @ParameterizedTest
    @ValueSource(strings = {"v7", "v7-zstd", "v6"})
    void shouldWriteLivePagesThatTraceCmdReportsRecordByRecord(String name) throws Exception {
        Path file = writeLive(name);
        List<RawReport> report = RawReport.parse(TraceCmd.report(file, "-R", "-t"), instance.length());
        RawReport.Tally tally = new RawReport.Tally();
        int i = 0;
        try (TraceDatFile f = TraceDatFile.open(file)) {
            RecordCursor c = f.cursor();
            while (c.next()) {
                if (i < report.size()) {
                    report.get(i).compare(i, c, tally);
                }
                i++;
            }
        }
        assertThat(tally.mismatches).isEmpty();
        assertThat(report).hasSize(i);
        assertThat(i).isEqualTo(livePageRecords()).isGreaterThan(200);
    }

    @Test
    void shouldWriteLivePagesWhoseKernelRenderingIsTheInstancesTraceText() throws Exception {
        Path file = writeLive("v7-zstd");
        Map<Integer, List<String>> rendered = new TreeMap<>();
        try (TraceDatFile f = TraceDatFile.open(file)) {
            EventRenderer r = f.kernelRenderer(f.buffer(instance).orElseThrow(), types);
            RecordCursor c = f.cursor();
            while (c.next()) {
                rendered.computeIfAbsent(c.cpu(), k -> new ArrayList<>()).add(r.line(c.record()).toString());
            }
        }
        assertThat(rendered).isEqualTo(KernelText.byCpu(kernelText));
    }

    @ParameterizedTest
    @ValueSource(strings = {"v7", "v7-zstd", "v6"})
    void shouldCopyATraceCmdFileSoThatTraceCmdReportsTheSameText(String name) throws Exception {
        Path copy = temp.resolve("copy-" + name + ".dat");
        try (TraceDatFile f = TraceDatFile.open(extracted)) {
            TraceDatWriter.copy(f, copy, WriterRoundTripTest.format(name));
        }
        assertThat(extractedRaw.size()).isGreaterThan(100);
        assertThat(TraceCmd.report(copy, "-R", "-t")).isEqualTo(extractedRaw);
        assertThat(TraceCmd.report(copy)).isEqualTo(extractedReport);
    }

    @Test
    void shouldCopyIntoZlibWithTheSameRecords() throws Exception {
        // Debian's trace-cmd is built without zlib: jtrace's own reader is the check here.
        Path copy = temp.resolve("copy-zlib.dat");
        try (TraceDatFile f = TraceDatFile.open(extracted)) {
            TraceDatWriter.copy(f, copy, TraceDatFormat.V7_ZLIB);
        }
        assertThat(records(copy)).isEqualTo(records(extracted)).isNotEmpty();
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
