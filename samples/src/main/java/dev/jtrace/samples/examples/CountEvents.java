package dev.jtrace.samples.examples;

import dev.jtrace.traceevent.EventFormat;
import dev.jtrace.traceevent.EventRecord;
import dev.jtrace.tracefs.TraceSession;
import java.time.Duration;

/**
 * Example: open a live session, count context switches per CPU for two seconds, and print the
 * counts. Run as root: {@code java -cp samples/target/jtrace-samples.jar:samples/target/lib/*
 * --enable-native-access=ALL-UNNAMED dev.jtrace.samples.examples.CountEvents}.
 */
public final class CountEvents {
    private CountEvents() {
    }

    /**
     * Runs the example.
     *
     * @param args ignored
     */
    public static void main(String[] args) {
        // The session makes a tracefs instance of its own; closing it removes the instance.
        try (TraceSession session = TraceSession.builder().event("sched:sched_switch").start()) {
            EventFormat sw = session.formats().find("sched", "sched_switch");
            long[] perCpu = new long[Runtime.getRuntime().availableProcessors()];
            long end = System.nanoTime() + Duration.ofSeconds(2).toNanos();
            while (System.nanoTime() < end) {
                // The record is a reused view: read what you need before the next call.
                EventRecord record = session.next(Duration.ofMillis(100));
                if (record != null && record.id() == sw.id() && record.cpu() < perCpu.length) {
                    perCpu[record.cpu()]++;
                }
            }
            for (int cpu = 0; cpu < perCpu.length; cpu++) {
                System.out.printf("cpu%d: %d context switches%n", cpu, perCpu[cpu]);
            }
            System.out.println("lost: " + session.lostEvents());
        }
    }
}
