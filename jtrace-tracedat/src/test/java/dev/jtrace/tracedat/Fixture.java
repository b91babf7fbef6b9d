package dev.jtrace.tracedat;

import dev.jtrace.traceevent.EventRecord;
import dev.jtrace.traceevent.HeaderPage;
import dev.jtrace.traceevent.PageDecoder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.MemorySegment;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/** A captured data set of {@code src/test/resources/fixtures/} (see the README there). */
record Fixture(String name, Path dir, Map<Integer, byte[]> pages, HeaderPage layout) {
    static Fixture load(String name) {
        try {
            Path dir = Path.of(Fixture.class.getResource("/fixtures/" + name).toURI());
            Map<Integer, byte[]> pages = new TreeMap<>();
            try (Stream<Path> list = Files.list(dir)) {
                for (Path p : list.toList()) {
                    String f = p.getFileName().toString();
                    if (f.matches("cpu\\d+\\.raw")) {
                        pages.put(Integer.parseInt(f.substring(3, f.length() - 4)), Files.readAllBytes(p));
                    }
                }
            }
            HeaderPage layout = HeaderPage.parse(text(dir.resolve("header_page")), "header_page");
            return new Fixture(name, dir, pages, layout);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static String text(Path file) throws IOException {
        return new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
    }

    /** The fixture's metadata: header texts, formats (ftrace's and the others'), task names, clock. */
    TraceDatMetadata.Builder metadata() throws IOException {
        TraceDatMetadata.Builder b = TraceDatMetadata.builder().headerPage(text(dir.resolve("header_page")))
                .headerEvent(text(dir.resolve("header_event"))).cmdlines(text(dir.resolve("saved_cmdlines")))
                .traceClock(text(dir.resolve("trace_clock")).strip()).uname("Linux fixture 6.18 x86_64").cpuCount(2)
                .kallsyms(text(dir.resolve("kallsyms")));
        try (Stream<Path> systems = Files.list(dir.resolve("events"))) {
            for (Path system : systems.sorted().toList()) {
                List<String> texts = new ArrayList<>();
                try (Stream<Path> events = Files.list(system)) {
                    for (Path e : events.sorted().toList()) {
                        texts.add(text(e.resolve("format")));
                    }
                }
                if (system.getFileName().toString().equals("ftrace")) {
                    b.ftraceFormats(texts);
                } else {
                    b.eventFormats(system.getFileName().toString(), texts);
                }
            }
        }
        return b;
    }

    /** A pid that has a record in the data (not the idle task). */
    int anyPid() {
        for (String r : records("")) {
            int pid = Integer.reverseBytes(Integer.parseUnsignedInt(r.substring(r.lastIndexOf(' ') + 9,
                    r.lastIndexOf(' ') + 17), 16));
            if (pid > 0) {
                return pid;
            }
        }
        throw new IllegalStateException("no pid");
    }

    /** Feeds every page of every CPU to a sink. */
    void feed(SubBufferSink sink) {
        int size = layout.subBufferSize();
        for (Map.Entry<Integer, byte[]> e : pages.entrySet()) {
            MemorySegment seg = MemorySegment.ofArray(e.getValue());
            for (int off = 0; off + size <= e.getValue().length; off += size) {
                sink.accept(e.getKey(), seg.asSlice(off, size));
            }
        }
    }

    /** The records decoded straight from the pages: buffer, cpu, timestamp, payload. */
    List<String> records(String buffer) {
        List<String> out = new ArrayList<>();
        PageDecoder d = new PageDecoder(layout);
        EventRecord r = new EventRecord();
        int size = layout.subBufferSize();
        for (Map.Entry<Integer, byte[]> e : pages.entrySet()) {
            MemorySegment seg = MemorySegment.ofArray(e.getValue());
            for (int off = 0; off + size <= e.getValue().length; off += size) {
                d.reset(seg, off, name, e.getKey(), off / size);
                while (d.next(r)) {
                    out.add(describe(buffer, r.cpu(), r.timestamp(), r));
                }
            }
        }
        out.sort(Comparator.naturalOrder());
        return out;
    }

    static String describe(String buffer, int cpu, long ts, EventRecord r) {
        byte[] payload = new byte[r.payloadLength()];
        r.bytes(0, payload, 0, payload.length);
        return String.format("%020d %s cpu%d %s", ts, buffer, cpu, java.util.HexFormat.of().formatHex(payload));
    }

    /** Writes a trace.dat of this fixture's pages into buffer {@code buffer}, plus more fixtures in named buffers. */
    static Path write(Path target, TraceDatFormat format, Fixture top, Fixture... others) throws IOException {
        try (TraceDatWriter w = TraceDatWriter.create(target, format, top.metadata().pageSize(
                top.layout.subBufferSize()).build())) {
            top.feed(w.buffer("", "local", top.layout.subBufferSize()));
            for (Fixture f : others) {
                f.feed(w.buffer(f.name, "local", f.layout.subBufferSize()));
            }
        }
        return target;
    }
}
