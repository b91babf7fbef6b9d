package dev.jtrace.traceevent;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A directory written by {@link PageCapture}, decoded with {@link PageDecoder} and checked against
 * what was written, the kernel's per-CPU {@code stats} and its {@code trace} text.
 */
final class PageDataSet {
    private static final Pattern TRACE_LINE =
            Pattern.compile("^\\s*(.*?)-(\\d+)\\s+\\[(\\d+)\\]\\s+(\\S+)\\s+(\\d+)\\.(\\d{6}): (.*)$");

    final Path dir;
    final HeaderPage layout;
    final int printId;
    final int rawId;
    final List<String> written;
    final String trace;
    /** cpu → {entries, overrun} as {@code stats} showed them before the pages were read. */
    final Map<Integer, long[]> stats = new TreeMap<>();
    /** cpu → the bytes read from its trace_pipe_raw. */
    final Map<Integer, MemorySegment> pages = new TreeMap<>();

    /** One decoded record, copied out for checking. */
    record Decoded(int cpu, long page, long timestamp, int id, byte[] payload, boolean afterTimeExtend) {
    }

    /** What a check found, for assertions specific to a data set. */
    record Summary(int records, int timeExtends, int pagesWithMissedEvents, long missedCounted,
            int pagesWithUncountedMisses) {
    }

    private PageDataSet(Path dir) throws IOException {
        this.dir = dir;
        this.layout = HeaderPage.parse(Files.readString(dir.resolve("header_page")), dir.resolve("header_page")
                .toString());
        Map<String, Integer> ids = new HashMap<>();
        for (String line : Files.readAllLines(dir.resolve("ids"))) {
            String[] f = line.split(" ");
            ids.put(f[0], Integer.parseInt(f[1]));
        }
        this.printId = ids.get("print");
        this.rawId = ids.get("raw_data");
        this.written = Files.readAllLines(dir.resolve("written"));
        this.trace = Files.readString(dir.resolve("trace"));
        for (String line : Files.readAllLines(dir.resolve("stats"))) {
            String[] f = line.split(" ");
            stats.put(Integer.parseInt(f[0].substring(3)), new long[] {Long.parseLong(f[1]), Long.parseLong(f[2])});
        }
        for (int cpu : stats.keySet()) {
            pages.put(cpu, MemorySegment.ofArray(Files.readAllBytes(dir.resolve("cpu" + cpu + ".raw"))));
        }
    }

    /** A u32 in native order from a byte array. */
    static int u32(byte[] bytes, int offset) {
        return java.nio.ByteBuffer.wrap(bytes, offset, 4).order(java.nio.ByteOrder.nativeOrder()).getInt();
    }

    static PageDataSet load(Path dir) throws IOException {
        return new PageDataSet(dir);
    }

    static PageDataSet resource(String name) throws IOException {
        URL url = PageDataSet.class.getResource("/pages/" + name + "/header_page");
        assertThat(url).as("fixture pages/%s", name).isNotNull();
        try {
            return new PageDataSet(Path.of(url.toURI()).getParent());
        } catch (URISyntaxException e) {
            throw new IOException(e);
        }
    }

    /** Decodes every page of every CPU, in order. */
    List<Decoded> decodeAll(List<long[]> missedPerPage) {
        List<Decoded> out = new ArrayList<>();
        PageDecoder decoder = new PageDecoder(layout);
        EventRecord record = new EventRecord();
        int size = layout.subBufferSize();
        for (Map.Entry<Integer, MemorySegment> e : pages.entrySet()) {
            int cpu = e.getKey();
            MemorySegment data = e.getValue();
            assertThat(data.byteSize() % size).as("cpu%d file is whole sub-buffers", cpu).isZero();
            for (long page = 0; page * size < data.byteSize(); page++) {
                decoder.reset(data, page * size, dir.resolve("cpu" + cpu + ".raw").toString(), cpu, page);
                if (decoder.missedEvents()) {
                    missedPerPage.add(new long[] {cpu, page, decoder.missedCount()});
                }
                int before = decoder.position();
                while (decoder.next(record)) {
                    int word = data.get(java.lang.foreign.ValueLayout.JAVA_INT_UNALIGNED, page * size + before);
                    byte[] payload = new byte[record.payloadLength()];
                    record.bytes(0, payload, 0, payload.length);
                    out.add(new Decoded(cpu, page, record.timestamp(), record.id(), payload, (word & 31) == 30));
                    before = decoder.position();
                }
            }
        }
        return out;
    }

    /**
     * Checks the data set.
     *
     * @param complete whether every written record must be present (false when events were overwritten)
     */
    Summary check(boolean complete) {
        List<long[]> missed = new ArrayList<>();
        List<Decoded> decoded = decodeAll(missed);
        Map<Integer, byte[]> rawBySeq = new HashMap<>();
        Map<String, Integer> expected = new HashMap<>();
        for (String w : written) {
            expected.merge(w, 1, Integer::sum);
            if (w.startsWith("raw ")) {
                byte[] bytes = HexFormat.of().parseHex(w.substring(4));
                rawBySeq.put(u32(bytes, 0), bytes);
            }
        }
        Map<String, Integer> found = new HashMap<>();
        Map<Integer, List<Decoded>> byCpu = new TreeMap<>();
        Map<Decoded, String> keyOf = new HashMap<>();
        for (Decoded d : decoded) {
            String key;
            if (d.id() == printId) {
                EventRecord r = new EventRecord().wrap(MemorySegment.ofArray(d.payload()), 0, d.payload().length,
                        d.timestamp(), d.cpu(), "decoded");
                String text = r.cString(16, d.payload().length - 16);
                assertThat(text).as("print record %s", d).endsWith("\n");
                key = "text " + HexFormat.of().formatHex(text.substring(0, text.length() - 1)
                        .getBytes(StandardCharsets.US_ASCII));
            } else {
                assertThat(d.id()).as("record id of %s", d).isEqualTo(rawId);
                int seq = u32(d.payload(), 8);
                byte[] w = rawBySeq.get(seq);
                assertThat(w).as("raw marker %d was written", seq).isNotNull();
                byte[] got = java.util.Arrays.copyOfRange(d.payload(), 8, Math.min(d.payload().length, 8 + w.length));
                assertThat(got).as("raw marker %d bytes", seq).isEqualTo(w);
                assertThat(d.payload().length - 8 - w.length).as("raw marker %d alignment padding", seq)
                        .isBetween(0, 3);
                key = "raw " + HexFormat.of().formatHex(w);
            }
            found.merge(key, 1, Integer::sum);
            keyOf.put(d, key);
            byCpu.computeIfAbsent(d.cpu(), c -> new ArrayList<>()).add(d);
        }
        if (complete) {
            assertThat(found).as("records found (each written one exactly once)").isEqualTo(expected);
            assertThat(missed).as("pages with missed events").isEmpty();
        } else {
            found.forEach((k, n) -> assertThat(n).as("count of %s", k).isLessThanOrEqualTo(expected.getOrDefault(k, 0)));
        }
        for (Map.Entry<Integer, long[]> s : stats.entrySet()) {
            List<Decoded> list = byCpu.getOrDefault(s.getKey(), List.of());
            assertThat((long) list.size()).as("cpu%d records vs stats entries", s.getKey()).isEqualTo(s.getValue()[0]);
            for (int i = 1; i < list.size(); i++) {
                assertThat(list.get(i).timestamp()).as("cpu%d timestamp %d non-decreasing", s.getKey(), i)
                        .isGreaterThanOrEqualTo(list.get(i - 1).timestamp());
            }
        }
        checkTraceText(byCpu, keyOf);
        long missedCounted = 0;
        int uncounted = 0;
        for (long[] m : missed) {
            missedCounted += Math.max(0, m[2]);
            uncounted += m[2] < 0 ? 1 : 0; // the page was full: the kernel had no room for the count
        }
        int extends_ = (int) decoded.stream().filter(Decoded::afterTimeExtend).count();
        return new Summary(decoded.size(), extends_, missed.size(), missedCounted, uncounted);
    }

    /** Each CPU's records, in order, against the kernel's trace lines for that CPU. */
    private void checkTraceText(Map<Integer, List<Decoded>> byCpu, Map<Decoded, String> keyOf) {
        Map<Integer, List<Matcher>> lines = new TreeMap<>();
        for (String line : trace.split("\n")) {
            if (line.startsWith("#") || line.isBlank()) {
                continue;
            }
            Matcher m = TRACE_LINE.matcher(line);
            assertThat(m.matches()).as("trace line %s", line).isTrue();
            lines.computeIfAbsent(Integer.parseInt(m.group(3)), c -> new ArrayList<>()).add(m);
        }
        for (Map.Entry<Integer, List<Decoded>> e : byCpu.entrySet()) {
            List<Matcher> text = lines.getOrDefault(e.getKey(), List.of());
            List<Decoded> records = e.getValue();
            assertThat(records).as("cpu%d records vs trace lines", e.getKey()).hasSize(text.size());
            for (int i = 0; i < records.size(); i++) {
                Decoded d = records.get(i);
                Matcher m = text.get(i);
                // The kernel prints ns2usecs(ts): rounded to the nearest microsecond, not truncated.
                long usecs = (d.timestamp() + 500) / 1000;
                assertThat(m.group(5) + "." + m.group(6)).as("cpu%d record %d timestamp %d", e.getKey(), i,
                        d.timestamp()).isEqualTo(String.format("%d.%06d", usecs / 1_000_000, usecs % 1_000_000));
                String key = keyOf.get(d);
                if (key.startsWith("text ")) {
                    String t = new String(HexFormat.of().parseHex(key.substring(5)), StandardCharsets.US_ASCII);
                    assertThat(m.group(7)).as("cpu%d record %d text", e.getKey(), i).isEqualTo("tracing_mark_write: " + t);
                } else {
                    int seq = u32(d.payload(), 8);
                    assertThat(m.group(7)).as("cpu%d record %d raw", e.getKey(), i)
                            .startsWith("# " + Integer.toHexString(seq) + " buf:");
                }
            }
        }
    }
}
