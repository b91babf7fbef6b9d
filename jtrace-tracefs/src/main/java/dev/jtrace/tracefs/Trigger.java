package dev.jtrace.tracefs;

import dev.jtrace.tracefs.internal.Names;
import java.util.Objects;

/**
 * An event trigger: a command the kernel runs when an event is hit
 * ({@code Documentation/trace/events.rst}, section 6), written to the event's {@code trigger} file
 * as {@code command[:count] [if filter]} and removed with {@code !command}.
 * {@snippet :
 * instance.events().addTrigger("sched:sched_switch",
 *         Trigger.traceOff().times(1).when("prev_pid == 42"));
 * }
 * Which commands a kernel offers is listed in the header of an empty {@code trigger} file;
 * {@code snapshot} and {@code hist} need {@code CONFIG_TRACER_SNAPSHOT} and
 * {@code CONFIG_HIST_TRIGGERS}, and asking for one the kernel lacks gives a
 * {@link dev.jtrace.core.FacilityUnavailableException}.
 */
public final class Trigger {
    private final String kind;
    private final String command;
    private final int count;
    private final String filter;

    private Trigger(String kind, String command, int count, String filter) {
        this.kind = kind;
        this.command = command;
        this.count = count;
        this.filter = filter;
    }

    private static Trigger of(String kind, String command) {
        return new Trigger(kind, command, -1, null);
    }

    /**
     * Turns tracing on when the event is hit.
     *
     * @return the trigger
     */
    public static Trigger traceOn() {
        return of("traceon", "traceon");
    }

    /**
     * Turns tracing off when the event is hit.
     *
     * @return the trigger
     */
    public static Trigger traceOff() {
        return of("traceoff", "traceoff");
    }

    /**
     * Records a kernel stack trace when the event is hit.
     *
     * @return the trigger
     */
    public static Trigger stacktrace() {
        return of("stacktrace", "stacktrace");
    }

    /**
     * Takes a snapshot of the buffer when the event is hit (needs the snapshot buffer).
     *
     * @return the trigger
     */
    public static Trigger snapshot() {
        return of("snapshot", "snapshot");
    }

    /**
     * Enables another event when this one is hit.
     *
     * @param event the event to enable
     * @return the trigger
     */
    public static Trigger enableEvent(EventName event) {
        return of("enable_event", "enable_event:" + event.system() + ":" + event.name());
    }

    /**
     * Disables another event when this one is hit.
     *
     * @param event the event to disable
     * @return the trigger
     */
    public static Trigger disableEvent(EventName event) {
        return of("disable_event", "disable_event:" + event.system() + ":" + event.name());
    }

    /**
     * Aggregates the event into a histogram ({@code Documentation/trace/histogram.rst}); needs hist
     * triggers.
     *
     * @param spec what follows {@code hist:}, such as {@code "keys=prev_pid:vals=hitcount"}
     * @return the trigger
     * @throws IllegalArgumentException if the spec has whitespace or control characters
     */
    public static Trigger hist(String spec) {
        return of("hist", "hist:" + Names.token(spec, "hist spec"));
    }

    /**
     * Returns a copy that fires at most {@code count} times.
     *
     * @param count how many times, at least 1
     * @return the new trigger
     * @throws IllegalArgumentException if {@code count} is below 1 or the trigger is a hist trigger
     */
    public Trigger times(int count) {
        if (count < 1) {
            throw new IllegalArgumentException("a trigger count must be at least 1, not " + count);
        }
        if (kind.equals("hist")) {
            throw new IllegalArgumentException("hist triggers take no count");
        }
        return new Trigger(kind, command, count, filter);
    }

    /**
     * Returns a copy that fires only when the event passes a filter.
     *
     * @param filter the filter, in the syntax of event filters
     * @return the new trigger
     * @throws IllegalArgumentException if the filter is blank or has control characters
     */
    public Trigger when(String filter) {
        Names.commandText(filter, "trigger filter");
        if (filter.isBlank()) {
            throw new IllegalArgumentException("a trigger filter must not be blank");
        }
        return new Trigger(kind, command, count, filter);
    }

    /**
     * Returns the trigger command's name, as the kernel lists available triggers.
     *
     * @return such as {@code "traceoff"} or {@code "enable_event"}
     */
    public String kind() {
        return kind;
    }

    /**
     * Returns the count, or -1 for unlimited.
     *
     * @return the count
     */
    public int count() {
        return count;
    }

    /**
     * Returns the filter, or {@code null} for none.
     *
     * @return the filter
     */
    public String filter() {
        return filter;
    }

    /**
     * Returns the text that installs the trigger.
     *
     * @return such as {@code "traceoff:1 if prev_pid == 42"}
     */
    public String command() {
        StringBuilder sb = new StringBuilder(command);
        if (count > 0) {
            sb.append(':').append(count);
        }
        if (filter != null) {
            sb.append(" if ").append(filter);
        }
        return sb.toString();
    }

    /**
     * Returns the text that removes the trigger: {@code !} and the command without count or filter,
     * which the kernel matches against installed triggers of the same command.
     *
     * @return such as {@code "!traceoff"}
     */
    public String removal() {
        return "!" + command;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Trigger t && t.command.equals(command) && t.count == count && Objects.equals(t.filter, filter);
    }

    @Override
    public int hashCode() {
        return Objects.hash(command, count, filter);
    }

    @Override
    public String toString() {
        return command();
    }
}
