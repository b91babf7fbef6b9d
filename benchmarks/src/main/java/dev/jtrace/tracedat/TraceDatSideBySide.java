package dev.jtrace.tracedat;

import dev.jtrace.traceevent.EventFormat;
import dev.jtrace.traceevent.EventFormats;
import dev.jtrace.traceevent.EventRecord;
import dev.jtrace.traceevent.FieldFormat;
import dev.jtrace.traceevent.KernelTypes;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

/**
 * jtrace's half of {@code benchmarks/tracedat-side-by-side.sh}: reads one trace.dat file in a warm
 * JVM, single-threaded, three ways, and prints events per second and bytes allocated per event:
 * <ol>
 * <li>{@code iterate}: every record in time order across CPUs and buffers, touching nothing;</li>
 * <li>{@code fields}: also {@code common_pid} and one payload field per record (the first plain
 *     number field of its event, its offset and size looked up in arrays by event id);</li>
 * <li>{@code render}: also each record rendered as a {@code trace-cmd report} line (jtrace's
 *     kernel-exact event text) into a reused builder.</li>
 * </ol>
 * The C harness ({@code src/main/c/tracedat_bench.c}) does the same with libtracecmd and
 * libtraceevent. Each mode runs {@code warmups} untimed passes, then {@code runs} timed ones; the
 * best and the median are printed, with the event count and a checksum of the last pass (for
 * {@code fields} the sum of {@code common_pid} and the payload field values modulo 2<sup>64</sup>,
 * as the C harness computes it, so that the script can check both read the same values; for
 * {@code render} the total line length). The file is opened once; each pass makes a new cursor.
 * <pre>
 * java -cp benchmarks/target/jtrace-benchmarks.jar dev.jtrace.tracedat.TraceDatSideBySide trace.dat [runs] [warmups]
 * </pre>
 */
public final class TraceDatSideBySide {
    private static long checksum;

    private TraceDatSideBySide() {
    }

    /**
     * Runs the three modes.
     *
     * @param args the file, then optionally the number of timed runs (5) and warm-up runs (3)
     */
    public static void main(String[] args) {
        if (args.length < 1) {
            System.err.println("usage: TraceDatSideBySide trace.dat [runs] [warmups]");
            System.exit(2);
        }
        Path file = Path.of(args[0]);
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        int warmups = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        if (runs < 1 || warmups < 0) {
            System.err.println("runs must be at least 1 and warm-ups at least 0");
            System.exit(2);
        }
        try (TraceDatFile f = TraceDatFile.open(file)) {
            int[] offsets = new int[EventFormats.MAX_ID + 1];
            int[] sizes = new int[EventFormats.MAX_ID + 1];
            for (EventFormat e : f.formats().all()) {
                for (FieldFormat field : e.fields()) {
                    if (!field.isArray() && (field.size() == 1 || field.size() == 2 || field.size() == 4
                            || field.size() == 8)) {
                        offsets[e.id()] = field.offset();
                        sizes[e.id()] = field.size();
                        break;
                    }
                }
            }
            ReportRenderer report = f.reportRenderer(KernelTypes.empty(), false);
            StringBuilder line = new StringBuilder(512);
            System.out.printf(Locale.ROOT, "jtrace %s: version %d, %s, %d buffers%n", file, f.version(),
                    f.compression(), f.buffers().size());
            for (String mode : new String[] {"iterate", "fields", "render"}) {
                double[] rates = new double[runs];
                long events = 0;
                long bytes = 0;
                for (int i = -warmups; i < runs; i++) {
                    long a0 = allocated();
                    long t0 = System.nanoTime();
                    events = pass(f, mode, offsets, sizes, report, line);
                    long t1 = System.nanoTime();
                    long a1 = allocated();
                    if (i >= 0) {
                        rates[i] = events / ((t1 - t0) / 1e9);
                        bytes = a1 - a0; // the last timed pass, cursor included
                    }
                }
                Arrays.sort(rates);
                System.out.printf(Locale.ROOT,
                        "jtrace %-7s %d events  best %.0f ev/s  median %.0f ev/s  %.2f bytes/event  checksum %s  %d bytes/pass%n",
                        mode, events, rates[runs - 1], rates[runs / 2], events == 0 ? 0.0 : (double) bytes / events,
                        Long.toUnsignedString(checksum), bytes);
            }
        }
    }

    private static long pass(TraceDatFile f, String mode, int[] offsets, int[] sizes, ReportRenderer report,
            StringBuilder line) {
        RecordCursor c = f.cursor();
        long n = 0;
        long acc = 0;
        switch (mode) {
            case "iterate" -> {
                while (c.next()) {
                    n++;
                }
            }
            case "fields" -> {
                while (c.next()) {
                    EventRecord r = c.record();
                    int id = r.id();
                    acc += r.commonPid();
                    acc += switch (sizes[id]) {
                        case 1 -> r.u8(offsets[id]);
                        case 2 -> r.u16(offsets[id]);
                        case 4 -> r.u32(offsets[id]);
                        case 8 -> r.s64(offsets[id]);
                        default -> 0;
                    };
                    n++;
                }
            }
            default -> {
                while (c.next()) {
                    line.setLength(0);
                    report.appendLine(c, line);
                    acc += line.length();
                    n++;
                }
            }
        }
        checksum = acc;
        return n;
    }

    private static long allocated() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).getCurrentThreadAllocatedBytes();
    }
}
