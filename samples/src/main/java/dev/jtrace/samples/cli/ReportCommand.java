package dev.jtrace.samples.cli;

import dev.jtrace.core.JtraceException;
import dev.jtrace.core.KernelVersion;
import dev.jtrace.tracedat.RecordCursor;
import dev.jtrace.tracedat.TraceBuffer;
import dev.jtrace.tracedat.TraceDatFile;
import dev.jtrace.traceevent.EventRenderer;
import dev.jtrace.traceevent.KernelTypes;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.IdentityHashMap;
import java.util.Map;

/** {@code jtrace report FILE}: every event of a trace.dat file, in the kernel's own text format. */
final class ReportCommand {
    static final String HELP = """
            usage: jtrace report FILE

            Prints every event of a trace.dat file (jtrace's or trace-cmd's, versions 6 and 7), all
            CPUs and buffers merged in time order, each line as the kernel's trace file shows it:
            comm-pid [cpu] flags timestamp: event: info""";

    private ReportCommand() {
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length != 1 || args[0].startsWith("-")) {
            boolean help = args.length == 1 && (args[0].equals("--help") || args[0].equals("-h"));
            (help ? out : err).println(HELP);
            return help ? JtraceCli.EXIT_OK : JtraceCli.EXIT_USAGE;
        }
        Path path = Path.of(args[0]);
        if (!Files.isReadable(path)) {
            throw new JtraceException("cannot read " + path + ": " + (Files.exists(path) ? "permission denied"
                    : "no such file"));
        }
        try (TraceDatFile file = TraceDatFile.open(path); LineSink sink = new LineSink(out, 1 << 16)) {
            KernelTypes types = typesFor(file);
            Map<TraceBuffer, EventRenderer> renderers = new IdentityHashMap<>();
            for (TraceBuffer b : file.buffers()) {
                renderers.put(b, file.kernelRenderer(b, types));
            }
            RecordCursor cursor = file.cursor();
            TraceBuffer last = null;
            EventRenderer renderer = null;
            while (cursor.next()) {
                if (cursor.buffer() != last) { // one lookup per buffer switch, not per record
                    last = cursor.buffer();
                    renderer = renderers.get(last);
                }
                sink.println(renderer.line(cursor.record()));
            }
        }
        return JtraceCli.EXIT_OK;
    }

    /**
     * The running kernel's BTF types when the file was recorded on this kernel (enum names and
     * jiffies then print as the kernel printed them); none otherwise, rather than another kernel's.
     */
    private static KernelTypes typesFor(TraceDatFile file) {
        String uname = file.options().uname();
        if (uname != null && uname.contains(" " + KernelVersion.current().release() + " ")) {
            try {
                return KernelTypes.loadRunningKernel();
            } catch (JtraceException e) {
                return KernelTypes.empty();
            }
        }
        return KernelTypes.empty();
    }
}
