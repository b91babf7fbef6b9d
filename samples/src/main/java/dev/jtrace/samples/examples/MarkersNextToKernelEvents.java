package dev.jtrace.samples.examples;

import dev.jtrace.traceevent.CommTable;
import dev.jtrace.traceevent.EventRecord;
import dev.jtrace.traceevent.EventRenderer;
import dev.jtrace.traceevent.KernelSymbols;
import dev.jtrace.traceevent.RenderContext;
import dev.jtrace.tracefs.TraceMarker;
import dev.jtrace.tracefs.TraceSession;
import dev.jtrace.tracefs.Tracefs;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * Example: an application writes its own markers ("request 1 start") into a trace next to the
 * kernel's events (here: the files it opens), and prints the merged stream as the kernel would.
 * Run as root, like {@link CountEvents}.
 */
public final class MarkersNextToKernelEvents {
    private MarkersNextToKernelEvents() {
    }

    /**
     * Runs the example.
     *
     * @param args ignored
     * @throws Exception if the temporary file cannot be written
     */
    public static void main(String[] args) throws Exception {
        // Every process's openat calls; the markers show which of them happened inside a request.
        Tracefs tracefs = Tracefs.open();
        try (TraceSession session = TraceSession.builder(tracefs).event("syscalls:sys_enter_openat").start()) {
            TraceMarker marker = session.marker(); // one fd kept open: one write() per marker
            for (int request = 1; request <= 3; request++) {
                marker.write("request " + request + " start");
                Path tmp = Files.createTempFile("jtrace-example", ".txt"); // an openat the kernel records
                Files.delete(tmp);
                marker.write("request " + request + " end");
            }
            session.stop(); // iteration below ends once what was recorded is read
            // What the kernel's trace file uses to render: function names from kallsyms (a marker
            // line starts with its writer, "tracing_mark_write"), and task names from saved_cmdlines,
            // read now that the tasks have run (events carry only pids).
            RenderContext context = new RenderContext(KernelSymbols.load(Path.of("/proc/kallsyms")), Map.of(),
                    CommTable.parse(text(tracefs.root().resolve("saved_cmdlines")),
                            text(tracefs.root().resolve("saved_tgids"))),
                    "local", false);
            EventRenderer renderer = new EventRenderer(session.formats(), context);
            EventRecord record;
            while ((record = session.next(Duration.ofSeconds(1))) != null) {
                System.out.println(renderer.line(record));
            }
        }
    }

    private static String text(Path file) throws IOException {
        return Files.readString(file, StandardCharsets.ISO_8859_1); // task names are bytes, not UTF-8
    }
}
