package dev.jtrace.tracefs;

import dev.jtrace.tracefs.internal.Names;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * An event probe: a new event derived from an existing one, recording some of its fields
 * (dereferenced, cast, or just fewer), in the syntax of {@code Documentation/trace/eprobetrace.rst}:
 * <pre>
 * e[:[EGRP/][EEVENT]] GRP.EVENT [FETCHARGS] [if FILTER]
 * </pre>
 * Fetch arguments name the attached event's fields with {@code $}, such as {@code $prev_pid}. Needs
 * {@code CONFIG_EPROBE_EVENTS} (which builds on kprobe events); created through
 * {@code dynamic_events} only. Immutable; builder-style methods return copies.
 * {@snippet :
 * Eprobe pids = Eprobe.on(new EventName("sched", "sched_switch")).named("switch")
 *         .fetch("prev", "$prev_pid", "u32").fetch("next", "$next_pid", "u32");
 * }
 */
public final class Eprobe implements ProbeDefinition {
    private final EventName attached;
    private final String name;
    private final List<FetchArg> args;
    private final String filter;

    private Eprobe(EventName attached, String name, List<FetchArg> args, String filter) {
        this.attached = attached;
        this.name = name;
        this.args = List.copyOf(args);
        this.filter = filter;
    }

    /**
     * An event probe attached to an event.
     *
     * @param event the event to derive from
     * @return the probe, named after the event until {@link #named} says otherwise
     */
    public static Eprobe on(EventName event) {
        return new Eprobe(Objects.requireNonNull(event, "event"), null, List.of(), null);
    }

    /**
     * Returns a copy with an event name.
     *
     * @param event a C identifier
     * @return the probe
     * @throws IllegalArgumentException if the name is not a C identifier
     */
    public Eprobe named(String event) {
        return new Eprobe(attached, Names.identifier(event, "event name"), args, filter);
    }

    /**
     * Returns a copy that records an argument.
     *
     * @param argName the field name
     * @param fetch what to fetch, such as {@code "$prev_pid"} or {@code "+8($args):ustring"}
     * @param type the type or {@code null}
     * @return the probe
     * @throws IllegalArgumentException if a part is invalid
     */
    public Eprobe fetch(String argName, String fetch, String type) {
        List<FetchArg> more = new ArrayList<>(args);
        more.add(new FetchArg(argName, fetch, type));
        return new Eprobe(attached, name, more, filter);
    }

    /**
     * Returns a copy that records only when the attached event passes a filter.
     *
     * @param eventFilter the filter, over the attached event's fields
     * @return the probe
     * @throws IllegalArgumentException if the filter is blank or has control characters
     */
    public Eprobe when(String eventFilter) {
        Names.commandText(eventFilter, "eprobe filter");
        if (eventFilter.isBlank()) {
            throw new IllegalArgumentException("an eprobe filter must not be blank");
        }
        return new Eprobe(attached, name, args, eventFilter);
    }

    @Override
    public String kind() {
        return "eprobe";
    }

    @Override
    public String name() {
        return name != null ? name : attached.name();
    }

    @Override
    public List<FetchArg> args() {
        return args;
    }

    @Override
    public EventName eventIn(String group) {
        return new EventName(group, name());
    }

    @Override
    public String definition(String group) {
        StringBuilder sb = new StringBuilder("e:").append(group).append('/').append(name()).append(' ')
                .append(attached.system()).append('.').append(attached.name());
        for (FetchArg a : args) {
            sb.append(' ').append(a.text());
        }
        if (filter != null) {
            sb.append(" if ").append(filter);
        }
        return sb.toString();
    }

    @Override
    public String legacyFile() {
        return null;
    }

    @Override
    public String toString() {
        return kind() + " " + definition("GROUP");
    }
}
