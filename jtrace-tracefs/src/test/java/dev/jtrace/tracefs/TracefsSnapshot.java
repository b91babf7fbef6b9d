package dev.jtrace.tracefs;

import dev.jtrace.core.TracefsMount;
import dev.jtrace.tracefs.internal.Control;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The top-level tracefs settings a test suite must leave as it found them: options, tracer, clock,
 * buffer, CPU mask, enabled events, pid filters. Instances and probes are checked by the pids in
 * their names instead (other developers' tests run at the same time in their own instances).
 */
record TracefsSnapshot(Map<String, String> files) {
    private static final String[] FILES = {"trace_options", "current_tracer", "trace_clock", "buffer_size_kb",
        "buffer_subbuf_size_kb", "buffer_percent", "tracing_on", "tracing_cpumask", "set_event", "set_event_pid",
        "set_event_notrace_pid", "saved_cmdlines_size", "events/enable", "dynamic_events"};

    /** Takes a snapshot, or returns empty if tracefs is not mounted or readable. */
    static Optional<TracefsSnapshot> take() {
        Optional<Path> root = TracefsMount.find();
        if (root.isEmpty()) {
            return Optional.empty();
        }
        Map<String, String> files = new TreeMap<>();
        for (String f : FILES) {
            try {
                String text = Control.readIfExists(root.get().resolve(f));
                if (text != null) {
                    files.put(f, f.equals("dynamic_events") ? ownDynamicEvents(text) : text);
                }
            } catch (RuntimeException e) {
                return Optional.empty();
            }
        }
        return Optional.of(new TracefsSnapshot(files));
    }

    /** Only this run's probe groups: others may add and remove theirs meanwhile. */
    private static String ownDynamicEvents(String text) {
        StringBuilder sb = new StringBuilder();
        for (String line : text.split("\n")) {
            EventName e = DynamicEvents.parseEventName(line);
            if (e != null && SuiteLedger.pids().contains(
                    dev.jtrace.tracefs.internal.Names.ownerOfDynamicEvent(e.system(), e.name()))) {
                sb.append(line).append('\n');
            }
        }
        return sb.toString();
    }

    /** Describes what differs from an earlier snapshot, or returns an empty string. */
    String differencesFrom(TracefsSnapshot before) {
        StringBuilder sb = new StringBuilder();
        for (String f : FILES) {
            String was = before.files.get(f);
            String is = files.get(f);
            if (!java.util.Objects.equals(was, is)) {
                sb.append("\n  ").append(f).append(": was ").append(was == null ? "absent" : "'" + was.strip() + "'")
                        .append(", is ").append(is == null ? "absent" : "'" + is.strip() + "'");
            }
        }
        return sb.toString();
    }
}
