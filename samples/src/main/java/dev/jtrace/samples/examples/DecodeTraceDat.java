package dev.jtrace.samples.examples;

import dev.jtrace.tracedat.RecordCursor;
import dev.jtrace.tracedat.RecordFilter;
import dev.jtrace.tracedat.TraceDatFile;
import dev.jtrace.traceevent.EventFormat;
import dev.jtrace.traceevent.EventRecord;
import java.nio.file.Path;

/**
 * Example: read a trace.dat file (from {@code jtrace record} or {@code trace-cmd record}) and print
 * which task each CPU switched to, from the raw sched_switch fields. No kernel access is needed.
 * {@code java -cp samples/target/jtrace-samples.jar:samples/target/lib/* dev.jtrace.samples.examples.DecodeTraceDat trace.dat}
 */
public final class DecodeTraceDat {
    private DecodeTraceDat() {
    }

    /**
     * Runs the example.
     *
     * @param args the trace.dat file
     */
    public static void main(String[] args) {
        try (TraceDatFile file = TraceDatFile.open(Path.of(args.length > 0 ? args[0] : "trace.dat"))) {
            EventFormat sw = file.formats().find("sched", "sched_switch");
            if (sw == null) {
                System.out.println("the file has no sched:sched_switch format");
                return;
            }
            // Field offsets come from the file's own format, looked up once, not per record.
            int nextPid = sw.field("next_pid").offset();
            int nextComm = sw.field("next_comm").offset();
            RecordCursor cursor = file.cursor(RecordFilter.all().events("sched:sched_switch"));
            while (cursor.next()) { // every CPU and buffer, merged in time order
                EventRecord r = cursor.record();
                System.out.printf("%d cpu%d -> %s (%d)%n", r.timestamp(), r.cpu(), r.cString(nextComm, 16),
                        r.s32(nextPid));
            }
        }
    }
}
