package dev.jtrace.traceevent;

import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;

/**
 * Compares a tracer's whole {@code trace} text with what a renderer makes of the raw pages, in the
 * kernel's own order: the CPUs merged by time stamp (on equal time stamps the lower CPU first, as
 * {@code __find_next_entry} picks), each record rendered with the next record of its CPU as
 * lookahead (a function_graph leaf consumes it). Comment lines ({@code #...}) are left out on both
 * sides; everything else, blank lines included, must match line for line.
 *
 * <p>The fixtures are the tracer captures under {@code oracle/qemu-6.1/} (see the README there).
 */
final class TracerOracle {
    /** Renders one record given the next one of its CPU; returns whether it consumed that one. */
    @FunctionalInterface
    interface StreamRenderer {
        boolean append(EventRecord record, EventRecord next, StringBuilder out);
    }

    /**
     * The outcome of one comparison.
     *
     * @param name the fixture
     * @param identical lines equal to the kernel's
     * @param total the kernel's lines (comments left out)
     * @param rendered the renderer's lines
     * @param differences the first differing lines, each with both texts
     * @param problems anything that makes the figures untrustworthy (lost events, undecodable pages)
     */
    record Result(String name, int identical, int total, int rendered, List<String> differences,
            List<String> problems) {
        String report() {
            StringBuilder sb = new StringBuilder(String.format("%s: %d/%d lines identical (%d rendered)%n", name,
                    identical, total, rendered));
            for (String p : problems) {
                sb.append("  PROBLEM: ").append(p).append('\n');
            }
            for (String d : differences) {
                sb.append(d).append('\n');
            }
            return sb.toString();
        }
    }

    private TracerOracle() {
    }

    /** The fixture directory of a capture, e.g. {@code function_graph}. */
    static Path fixture(String name) throws Exception {
        return Path.of(TracerOracle.class.getResource("/oracle/qemu-6.1/" + name + "/trace").toURI()).getParent();
    }

    /** {@code nr_cpu_ids} from the capture's {@code cpus_possible} ("0-1" gives 2). */
    static int nrCpuIds(Path dir) throws Exception {
        return CpuListText.count(Files.readString(dir.resolve("cpus_possible")).strip());
    }

    static FunctionGraphOptions graphOptions(Path dir) throws Exception {
        return FunctionGraphOptions.parse(Files.readString(dir.resolve("options")), nrCpuIds(dir));
    }

    /** The kernel's lines of a {@code trace} text without its comment lines. */
    static List<String> kernelLines(String trace) {
        List<String> lines = new ArrayList<>(List.of(trace.split("\n", -1)));
        if (!lines.isEmpty() && lines.getLast().isEmpty()) {
            lines.removeLast();
        }
        lines.removeIf(l -> l.startsWith("#"));
        return lines;
    }

    static Result compare(String name, RenderOracleInputs inputs, StreamRenderer renderer, int maxDifferences) {
        List<String> problems = new ArrayList<>();
        SortedMap<Integer, byte[]> raw = inputs.raw();
        int cpus = raw.isEmpty() ? 0 : raw.lastKey() + 1;
        int subBuffer = inputs.headerPage().subBufferSize();
        PageDecoder decoder = new PageDecoder(inputs.headerPage());
        EventRecord scan = new EventRecord();
        // Every record of every CPU, as (segment, payload offset, length, time stamp).
        List<List<long[]>> positions = new ArrayList<>();
        MemorySegment[] data = new MemorySegment[cpus];
        for (int cpu = 0; cpu < cpus; cpu++) {
            List<long[]> list = new ArrayList<>();
            positions.add(list);
            byte[] bytes = raw.getOrDefault(cpu, new byte[0]);
            data[cpu] = MemorySegment.ofArray(bytes);
            for (long page = 0; (page + 1) * subBuffer <= bytes.length; page++) {
                decoder.reset(data[cpu], page * subBuffer, "cpu" + cpu + ".raw", cpu, page);
                if (decoder.missedEvents()) {
                    problems.add("cpu" + cpu + " page " + page + ": events were lost before it");
                }
                while (decoder.next(scan)) {
                    list.add(new long[] {scan.payloadOffset(), scan.payloadLength(), scan.timestamp()});
                }
            }
        }
        int[] cursor = new int[cpus];
        EventRecord current = new EventRecord();
        EventRecord next = new EventRecord();
        StringBuilder text = new StringBuilder(1 << 16);
        StringBuilder out = new StringBuilder(256);
        while (true) {
            int pick = -1;
            long pickTs = 0;
            for (int cpu = 0; cpu < cpus; cpu++) {
                if (cursor[cpu] < positions.get(cpu).size()) {
                    long ts = positions.get(cpu).get(cursor[cpu])[2];
                    if (pick < 0 || Long.compareUnsigned(ts, pickTs) < 0) {
                        pick = cpu;
                        pickTs = ts;
                    }
                }
            }
            if (pick < 0) {
                break;
            }
            List<long[]> list = positions.get(pick);
            long[] p = list.get(cursor[pick]);
            current.wrap(data[pick], p[0], (int) p[1], p[2], pick, "cpu" + pick + ".raw");
            EventRecord lookahead = null;
            if (cursor[pick] + 1 < list.size()) {
                long[] q = list.get(cursor[pick] + 1);
                lookahead = next.wrap(data[pick], q[0], (int) q[1], q[2], pick, "cpu" + pick + ".raw");
            }
            out.setLength(0);
            boolean consumed = renderer.append(current, lookahead, out);
            cursor[pick] += consumed ? 2 : 1;
            if (!out.isEmpty()) {
                text.append(out).append('\n');
            }
        }
        List<String> expected = kernelLines(inputs.trace());
        List<String> actual = kernelLines(text.toString());
        int identical = 0;
        List<String> differences = new ArrayList<>();
        for (int i = 0; i < Math.max(expected.size(), actual.size()); i++) {
            String e = i < expected.size() ? expected.get(i) : null;
            String a = i < actual.size() ? actual.get(i) : null;
            if (e != null && e.equals(a)) {
                identical++;
            } else if (differences.size() < maxDifferences) {
                differences.add("  line " + (i + 1) + "\n    kernel: " + RenderOracleReport.show(e)
                        + "\n    jtrace: " + RenderOracleReport.show(a));
            }
        }
        return new Result(name, identical, expected.size(), actual.size(), differences, problems);
    }

    /** Counts the CPUs of a kernel CPU list such as {@code 0-1,4}. */
    static final class CpuListText {
        private CpuListText() {
        }

        static int count(String list) {
            int n = 0;
            for (String part : list.split(",")) {
                String[] range = part.split("-");
                n += range.length == 1 ? 1 : Integer.parseInt(range[1]) - Integer.parseInt(range[0]) + 1;
            }
            return n;
        }
    }

}
