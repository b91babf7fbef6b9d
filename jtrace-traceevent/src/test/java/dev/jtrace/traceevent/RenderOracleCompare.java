package dev.jtrace.traceevent;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Pairs the kernel's {@code trace} lines with the decoded records and compares each pair.
 *
 * <p>The {@code trace} file merges the CPUs by time stamp, and records of equal time stamps on
 * different CPUs may come in either order; within one CPU the order is the buffer's. So the kernel's
 * lines are grouped by their {@code [NNN]} CPU column, keeping file order, and paired one by one
 * with that CPU's records in decode order (pages in file order, records in page order).
 *
 * <p>Besides the rendered line, each pair is checked on what does not depend on the renderer: the
 * pid, the CPU and the time stamp of the kernel line must be the record's. A mismatch there means
 * the pairing (or the decoder) is wrong, and is reported as a problem rather than as a render
 * difference.
 *
 * <p>Plain JDK only: {@link RenderOracleOffline} uses it without the test classpath.
 */
final class RenderOracleCompare {
    /** Renders one record to its whole line; {@link EventRenderer#appendLine} or a stand-in. */
    @FunctionalInterface
    interface LineRenderer {
        void appendLine(EventRecord record, StringBuilder out);
    }

    /**
     * The start of a record's line: {@code comm-pid [cpu] flags timestamp: }, with an optional
     * {@code (tgid)} column (option record-tgid) and flags column (option irq-info). The comm is
     * matched lazily, so the first {@code -pid [cpu]} wins; a comm holding such text would fool it.
     */
    static final Pattern LINE_START = Pattern.compile(
            "^ *(.*?)-(\\d+) +(?:\\( *[-\\d]+\\) +)?\\[(\\d+)\\] +(?:\\S+ +)?(\\d+(?:\\.\\d+)?): ");
    private static final Pattern LOST = Pattern.compile("^CPU:(\\d+) \\[LOST (?:(\\d+) )?EVENTS\\]$");
    private static final Pattern ENTRIES = Pattern.compile(
            "^# entries-in-buffer/entries-written: (\\d+)/(\\d+)");
    private static final Pattern STAT = Pattern.compile("^(overrun|commit overrun|dropped events): (\\d+)$");

    /**
     * The kernel's {@code trace} text split into records per CPU.
     *
     * @param linesByCpu each CPU's record texts in file order; a record's continuation lines (an
     *     event whose text holds newlines) are joined to it with {@code \n}
     * @param lost the {@code CPU:N [LOST n EVENTS]} lines
     * @param orphans lines that are neither comments, records nor continuations of one
     * @param entriesInBuffer from the header comment, or -1
     * @param entriesWritten from the header comment, or -1
     */
    record KernelText(Map<Integer, List<String>> linesByCpu, List<String> lost, List<String> orphans,
            long entriesInBuffer, long entriesWritten) {
        int lineCount() {
            int n = 0;
            for (List<String> l : linesByCpu.values()) {
                n += l.size();
            }
            return n;
        }
    }

    private RenderOracleCompare() {
    }

    /** Splits the {@code trace} text; comment lines ({@code #...}) are skipped. */
    static KernelText parseTrace(String trace) {
        Map<Integer, List<String>> byCpu = new TreeMap<>();
        List<String> lost = new ArrayList<>();
        List<String> orphans = new ArrayList<>();
        long inBuffer = -1;
        long written = -1;
        List<String> current = null;
        StringBuilder record = null;
        int start = 0;
        int length = trace.length();
        // A final newline ends the last line; it does not start an empty one.
        int end = length > 0 && trace.charAt(length - 1) == '\n' ? length - 1 : length;
        while (start <= end && length > 0) {
            int nl = trace.indexOf('\n', start);
            if (nl < 0 || nl > end) {
                nl = end;
            }
            String line = trace.substring(start, nl);
            start = nl + 1;
            if (line.startsWith("#")) {
                Matcher e = ENTRIES.matcher(line);
                if (e.find()) {
                    inBuffer = Long.parseLong(e.group(1));
                    written = Long.parseLong(e.group(2));
                }
                record = flush(current, record);
                continue;
            }
            if (LOST.matcher(line).matches()) {
                lost.add(line);
                record = flush(current, record);
                continue;
            }
            Matcher m = LINE_START.matcher(line);
            if (m.lookingAt()) {
                record = flush(current, record);
                current = byCpu.computeIfAbsent(Integer.parseInt(m.group(3)), c -> new ArrayList<>());
                record = new StringBuilder(line);
            } else if (record != null) {
                record.append('\n').append(line);
            } else {
                orphans.add(line);
            }
        }
        flush(current, record);
        return new KernelText(byCpu, lost, orphans, inBuffer, written);
    }

    private static StringBuilder flush(List<String> into, StringBuilder record) {
        if (record != null) {
            into.add(record.toString());
        }
        return null;
    }

    /**
     * Compares every record of {@code inputs} with the kernel's line for it.
     *
     * @param inputs the captured data
     * @param renderer renders a record's whole line
     * @param examplesPerType example pairs kept per differing event type
     * @return the report; problems list anything that makes the figure untrustworthy
     */
    static RenderOracleReport compare(RenderOracleInputs inputs, LineRenderer renderer, int examplesPerType) {
        RenderOracleReport report = new RenderOracleReport(examplesPerType);
        KernelText text = parseTrace(inputs.trace());
        for (String l : text.lost()) {
            report.problem("the kernel lost events: '" + l + "' (buffers are sized so that nothing is lost)");
        }
        for (String o : text.orphans().subList(0, Math.min(3, text.orphans().size()))) {
            report.problem("trace line that is no record: '" + RenderOracleReport.show(o) + "'");
        }
        if (text.entriesInBuffer() != text.entriesWritten()) {
            report.problem("trace header says entries-in-buffer/entries-written " + text.entriesInBuffer() + "/"
                    + text.entriesWritten() + ": events were lost or overwritten");
        }
        checkStats(inputs.stats(), report);
        boolean nanoseconds = isNanosecondClock(inputs.traceClock());
        PageDecoder decoder = new PageDecoder(inputs.headerPage());
        EventRecord record = new EventRecord();
        StringBuilder out = new StringBuilder(512);
        StringBuilder key = new StringBuilder(64);
        int subBuffer = inputs.headerPage().subBufferSize();
        TreeSet<Integer> cpus = new TreeSet<>(inputs.raw().keySet());
        cpus.addAll(text.linesByCpu().keySet());
        long records = 0;
        long pairingErrors = 0;
        String firstPairingError = null;
        Throwable firstThrow = null;
        for (int cpu : cpus) {
            List<String> lines = text.linesByCpu().getOrDefault(cpu, List.of());
            byte[] bytes = inputs.raw().getOrDefault(cpu, new byte[0]);
            if (bytes.length % subBuffer != 0) {
                report.problem("cpu" + cpu + ".raw is " + bytes.length + " bytes, not whole sub-buffers of "
                        + subBuffer);
            }
            MemorySegment data = MemorySegment.ofArray(bytes);
            String source = "cpu" + cpu + ".raw";
            int index = 0;
            for (long page = 0; (page + 1) * subBuffer <= bytes.length; page++) {
                decoder.reset(data, page * subBuffer, source, cpu, page);
                if (decoder.missedEvents()) {
                    report.problem(source + " page " + page + " says events were lost before it (count "
                            + decoder.missedCount() + ")");
                }
                while (decoder.next(record)) {
                    records++;
                    String type = typeOf(inputs.formats(), record.id());
                    out.setLength(0);
                    String actual;
                    try {
                        renderer.appendLine(record, out);
                        actual = out.toString();
                    } catch (RuntimeException | Error e) {
                        if (firstThrow == null) {
                            firstThrow = e;
                        }
                        actual = "!threw " + RenderOracleReport.brief(e);
                    }
                    String expected = index < lines.size() ? lines.get(index) : null;
                    index++;
                    if (expected != null) {
                        String want = key(record, nanoseconds, key);
                        String got = lineKey(expected);
                        if (!want.equals(got)) {
                            pairingErrors++;
                            if (firstPairingError == null) {
                                firstPairingError = "cpu" + cpu + " record " + (index - 1) + " (page " + page
                                        + ") is " + want + " but its kernel line is " + got + ": '"
                                        + RenderOracleReport.show(expected) + "'";
                            }
                        }
                    }
                    report.add(type, expected, actual);
                }
            }
            if (index != lines.size()) {
                report.problem("cpu" + cpu + ": " + lines.size() + " kernel lines but " + index + " decoded records");
                for (int i = index; i < lines.size(); i++) {
                    report.add(RenderOracleReport.NO_RECORD, lines.get(i), null);
                }
            }
        }
        if (text.entriesInBuffer() >= 0 && text.entriesInBuffer() != records) {
            report.problem("trace header says " + text.entriesInBuffer() + " entries in the buffer, decoded "
                    + records + " records");
        }
        if (pairingErrors > 0) {
            report.problem(pairingErrors + " pairs differ in pid/cpu/timestamp (pairing or decoding is wrong); first: "
                    + firstPairingError);
        }
        if (firstThrow != null) {
            report.firstThrow(firstThrow);
        }
        return report;
    }

    /** {@code system:name} of an id, or {@code id:N} if no format has it. */
    static String typeOf(EventFormats formats, int id) {
        EventFormat f = formats.byId(id);
        return f == null ? "id:" + id : f.system() + ":" + f.name();
    }

    /** Clocks whose time stamps are nanoseconds, printed as seconds.microseconds. */
    static boolean isNanosecondClock(String clock) {
        return switch (clock) {
            case "counter", "uptime", "x86-tsc" -> false;
            default -> true;
        };
    }

    /**
     * The renderer-independent part of a record's line: pid, CPU and time stamp as the kernel prints
     * them (nanosecond clocks: microseconds rounded to nearest, {@code ns2usecs()}, as sec.usec).
     */
    static String key(EventRecord record, boolean nanoseconds, StringBuilder sb) {
        sb.setLength(0);
        sb.append("pid=").append(record.commonPid()).append(" cpu=").append(record.cpu()).append(" ts=");
        long ts = record.timestamp();
        if (nanoseconds) {
            long usecs = Long.divideUnsigned(ts + 500, 1000);
            sb.append(usecs / 1_000_000).append('.').append(String.format(Locale.ROOT, "%06d", usecs % 1_000_000));
        } else {
            sb.append(Long.toUnsignedString(ts));
        }
        return sb.toString();
    }

    /** The same key read off a kernel line, or {@code "?"} if the line does not parse. */
    static String lineKey(String line) {
        Matcher m = LINE_START.matcher(line);
        if (!m.lookingAt()) {
            return "?";
        }
        return "pid=" + m.group(2) + " cpu=" + Integer.parseInt(m.group(3)) + " ts=" + m.group(4);
    }

    /** Adds a problem for every CPU whose stats show lost, overwritten or dropped events. */
    private static void checkStats(String stats, RenderOracleReport report) {
        String cpu = "?";
        for (String line : stats.split("\n")) {
            if (line.startsWith("cpu")) {
                cpu = line.strip();
                continue;
            }
            Matcher m = STAT.matcher(line.strip());
            if (m.matches() && !m.group(2).equals("0")) {
                report.problem(cpu + " stats: " + line.strip() + " (the buffer lost events; make it larger or the "
                        + "workload shorter)");
            }
        }
    }

    /** The ids of the records in the data (to dump only the formats needed). */
    static BitSet usedIds(Map<Integer, byte[]> raw, HeaderPage header) {
        BitSet ids = new BitSet();
        PageDecoder decoder = new PageDecoder(header);
        EventRecord record = new EventRecord();
        int subBuffer = header.subBufferSize();
        for (Map.Entry<Integer, byte[]> e : raw.entrySet()) {
            MemorySegment data = MemorySegment.ofArray(e.getValue());
            for (long page = 0; (page + 1) * subBuffer <= e.getValue().length; page++) {
                decoder.reset(data, page * subBuffer, "cpu" + e.getKey() + ".raw", e.getKey(), page);
                while (decoder.next(record)) {
                    ids.set(record.id());
                }
            }
        }
        return ids;
    }
}
