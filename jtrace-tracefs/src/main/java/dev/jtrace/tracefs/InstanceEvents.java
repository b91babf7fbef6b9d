package dev.jtrace.tracefs;

import dev.jtrace.core.FacilityUnavailableException;
import dev.jtrace.core.KernelCallException;
import dev.jtrace.traceevent.EventFormat;
import dev.jtrace.traceevent.FormatParser;
import dev.jtrace.tracefs.internal.Control;
import dev.jtrace.tracefs.internal.FilterValidator;
import dev.jtrace.tracefs.internal.Glob;
import dev.jtrace.tracefs.internal.Names;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The trace events of an instance: listing, enabling by {@code system:event} pattern, filters,
 * triggers and pid filtering. Everything changed through this facet is undone when the instance
 * handle is closed.
 *
 * <p>Patterns are {@code system:event} with shell globs in either part ({@code "sched:*"},
 * {@code "syscalls:sys_enter_open*"}, {@code "*:*"}); {@code "system:"} means every event of the
 * system and a bare {@code "event"} that event in any system. Filters and triggers name one event
 * exactly.
 * {@snippet :
 * InstanceEvents events = instance.events();
 * events.enable("sched:sched_switch");
 * events.setFilter("sched:sched_switch", "prev_pid == 42 || next_pid == 42");
 * events.addTrigger("sched:sched_switch", Trigger.stacktrace().times(5));
 * EnableState all = events.state("sched:*");   // SOME
 * }
 */
public final class InstanceEvents {
    private final InstanceContext context;

    InstanceEvents(InstanceContext context) {
        this.context = context;
    }

    /**
     * Returns the event systems.
     *
     * @return the system names, sorted
     */
    public List<String> systems() {
        context.checkOpen();
        List<String> systems = Listing.names(context.file("events"), true);
        Collections.sort(systems);
        return systems;
    }

    /**
     * Returns the events a pattern selects.
     *
     * @param pattern {@code system:event} with globs
     * @return the events, sorted by system and name
     * @throws IllegalArgumentException if the pattern has {@code /} in a part, {@code ..},
     *     whitespace or control characters
     */
    public List<EventName> list(String pattern) {
        context.checkOpen();
        String[] parts = split(pattern);
        List<EventName> out = new ArrayList<>();
        for (String system : systems()) {
            if (!Glob.matches(parts[0], system)) {
                continue;
            }
            List<String> events = Listing.names(context.file("events/" + system), true);
            Collections.sort(events);
            for (String event : events) {
                if (Glob.matches(parts[1], event)) {
                    out.add(new EventName(system, event));
                }
            }
        }
        return out;
    }

    /**
     * Tells whether an event exists.
     *
     * @param event the event
     * @return {@code true} if {@code events/<system>/<event>} exists
     */
    public boolean exists(EventName event) {
        context.checkOpen();
        return context.exists(dir(event));
    }

    /**
     * Enables the events a pattern selects (those with an {@code enable} file; the ftrace-internal
     * events have none).
     *
     * @param pattern {@code system:event} with globs
     * @return the events selected, each now enabled
     * @throws IllegalArgumentException if the pattern is invalid or selects no event that can be
     *     enabled
     * @throws KernelCallException if the kernel refuses to enable one
     */
    public List<EventName> enable(String pattern) {
        return setEnabled(pattern, true);
    }

    /**
     * Enables one event.
     *
     * @param event the event
     * @throws IllegalArgumentException if it does not exist or cannot be enabled
     * @throws KernelCallException if the kernel refuses
     */
    public void enable(EventName event) {
        setEnabled(event.system() + ":" + event.name(), true);
    }

    /**
     * Disables the events a pattern selects.
     *
     * @param pattern {@code system:event} with globs
     * @return the events selected, each now disabled
     * @throws IllegalArgumentException if the pattern is invalid or selects no event
     * @throws KernelCallException if the kernel refuses
     */
    public List<EventName> disable(String pattern) {
        return setEnabled(pattern, false);
    }

    private List<EventName> setEnabled(String pattern, boolean on) {
        List<EventName> selected = new ArrayList<>();
        for (EventName e : list(pattern)) {
            if (context.exists(dir(e) + "/enable")) {
                selected.add(e);
            }
        }
        if (selected.isEmpty()) {
            throw new IllegalArgumentException("no event that can be enabled matches " + Names.printable(pattern)
                    + " in " + context.describe());
        }
        for (EventName e : selected) {
            String file = dir(e) + "/enable";
            boolean was = isOn(context.read(file));
            if (was != on) {
                String key = "enable:" + e;
                boolean first = context.journal.remember(key,
                        () -> Control.write(context.file(file), was ? "1" : "0", false, null));
                try {
                    context.write(file, on ? "1" : "0");
                } catch (RuntimeException ex) {
                    if (first) {
                        context.journal.forget(key);
                    }
                    throw ex;
                }
            }
        }
        return selected;
    }

    /**
     * Tells whether one event is enabled.
     *
     * @param event the event
     * @return {@code true} if enabled (not counting "soft" enabling by triggers)
     * @throws IllegalArgumentException if it does not exist or has no enable file
     */
    public boolean isEnabled(EventName event) {
        String file = existing(event) + "/enable";
        if (!context.exists(file)) {
            throw new IllegalArgumentException(event + " has no enable file (an ftrace-internal event)");
        }
        return isOn(context.read(file));
    }

    /**
     * Tells whether all, some or none of the events a pattern selects are enabled.
     *
     * @param pattern {@code system:event} with globs
     * @return the state; {@link EnableState#NONE} if the pattern selects no event that can be enabled
     */
    public EnableState state(String pattern) {
        int on = 0;
        int total = 0;
        for (EventName e : list(pattern)) {
            String file = dir(e) + "/enable";
            if (context.exists(file)) {
                total++;
                if (isOn(context.read(file))) {
                    on++;
                }
            }
        }
        return on == 0 ? EnableState.NONE : on == total ? EnableState.ALL : EnableState.SOME;
    }

    /**
     * Returns an event's format (its fields and print fmt).
     *
     * @param event the event
     * @return the format
     * @throws IllegalArgumentException if the event does not exist
     * @throws dev.jtrace.core.MalformedDataException if the kernel's format text does not parse
     */
    public EventFormat format(EventName event) {
        String file = existing(event) + "/format";
        return FormatParser.parse(event.system(), context.read(file), context.file(file).toString());
    }

    /**
     * Returns an event's id (the {@code common_type} of its records).
     *
     * @param event the event
     * @return the id
     * @throws IllegalArgumentException if the event does not exist
     */
    public int id(EventName event) {
        return Integer.parseInt(context.read(existing(event) + "/id").strip());
    }

    /**
     * Sets an event's filter after checking it against the event's format; {@code close()}
     * restores the previous filter.
     *
     * @param event {@code system:event}
     * @param filter the filter expression
     * @throws IllegalArgumentException if the event does not exist or the filter has control
     *     characters
     * @throws dev.jtrace.core.MalformedDataException if the filter names a field the event lacks or
     *     uses an operator the field's type does not take (nothing is written then)
     * @throws KernelCallException if the kernel refuses it, with the error_log entry that says why
     *     and where
     */
    public void setFilter(String event, String filter) {
        EventName e = EventName.parse(event);
        Names.commandText(filter, "filter");
        if (filter.isBlank()) {
            throw new IllegalArgumentException("an empty filter; use clearFilter to remove one");
        }
        FilterValidator.validate(format(e), filter);
        writeFilter(e, filter);
    }

    /**
     * Removes an event's filter.
     *
     * @param event {@code system:event}
     * @throws IllegalArgumentException if the event does not exist
     */
    public void clearFilter(String event) {
        writeFilter(EventName.parse(event), "0");
    }

    private void writeFilter(EventName e, String text) {
        String file = existing(e) + "/filter";
        String old = inForce(context.read(file));
        String restore = old.isEmpty() ? "0" : old;
        String key = "filter:" + e;
        String current = restore;
        boolean first = context.journal.remember(key, () -> Control.write(context.file(file), restore, false, null));
        try {
            context.write(file, text);
        } catch (RuntimeException ex) {
            // A refused filter replaces the event's filter anyway (the file then shows the error and
            // nothing is filtered): put back the one that was in force.
            try {
                Control.write(context.file(file), current, false, null);
                if (first) {
                    context.journal.forget(key);
                }
            } catch (RuntimeException restoreFailure) {
                ex.addSuppressed(restoreFailure);
            }
            throw ex;
        }
    }

    /**
     * Returns an event's filter.
     *
     * @param event {@code system:event}
     * @return the filter in force, or an empty string if there is none (also when the file shows a
     *     refused filter's error, which leaves the event unfiltered)
     */
    public String filter(String event) {
        return inForce(context.read(existing(EventName.parse(event)) + "/filter"));
    }

    /** The filter a filter file's text puts in force: none for "none" and for a refused filter's error report. */
    private static String inForce(String fileText) {
        String text = fileText.strip();
        if (text.equals("none") || text.contains("\nparse_error: ")) {
            return ""; // after a refused filter the file shows the error, and nothing is filtered
        }
        return text;
    }

    /**
     * Adds a trigger to an event; {@code close()} removes it.
     *
     * @param event {@code system:event}
     * @param trigger the trigger
     * @throws IllegalArgumentException if the event does not exist
     * @throws FacilityUnavailableException if this kernel does not offer the trigger's command
     *     (such as {@code snapshot} or {@code hist} without their kernel options)
     * @throws dev.jtrace.core.MalformedDataException if the trigger's filter does not fit the event
     * @throws KernelCallException if the kernel refuses it, with the error_log entry if there is one
     */
    public void addTrigger(String event, Trigger trigger) {
        EventName e = EventName.parse(event);
        String file = existing(e) + "/trigger";
        List<String> offered = availableTriggers(e);
        if (!offered.isEmpty() && !offered.contains(trigger.kind())) {
            throw new FacilityUnavailableException(trigger.kind() + " trigger", "this kernel offers only "
                    + offered + " (the " + trigger.kind() + " trigger needs "
                    + (trigger.kind().equals("hist") ? "CONFIG_HIST_TRIGGERS" : trigger.kind().equals("snapshot")
                            ? "CONFIG_TRACER_SNAPSHOT" : "a kernel option this kernel lacks") + ")");
        }
        if (trigger.filter() != null) {
            FilterValidator.validate(format(e), trigger.filter());
        }
        String key = "trigger:" + e + ":" + trigger.removal();
        context.write(file, trigger.command());
        context.journal.remember(key, () -> Control.write(context.file(file), trigger.removal(), false, null));
    }

    /**
     * Removes a trigger from an event.
     *
     * @param event {@code system:event}
     * @param trigger the trigger (count and filter need not match)
     * @throws IllegalArgumentException if the event does not exist
     * @throws KernelCallException if the kernel refuses (ENOENT: no such trigger)
     */
    public void removeTrigger(String event, Trigger trigger) {
        EventName e = EventName.parse(event);
        context.write(existing(e) + "/trigger", trigger.removal());
        context.journal.forget("trigger:" + e + ":" + trigger.removal());
    }

    /**
     * Returns the triggers installed on an event, as the kernel prints them.
     *
     * @param event {@code system:event}
     * @return such as {@code ["traceoff:count=3 if prev_pid == 1"]}
     */
    public List<String> triggers(String event) {
        List<String> out = new ArrayList<>();
        for (String line : context.read(existing(EventName.parse(event)) + "/trigger").split("\n")) {
            if (!line.isBlank() && !line.startsWith("#")) {
                out.add(line.strip());
            }
        }
        return out;
    }

    /**
     * Returns the trigger commands this kernel offers, from the header of an empty trigger file.
     *
     * @param event an event whose trigger file to read
     * @return such as {@code [traceon, traceoff, stacktrace, enable_event, disable_event]}; empty if
     *     the kernel did not say (the event already has triggers)
     */
    public List<String> availableTriggers(EventName event) {
        String text = context.read(existing(event) + "/trigger");
        int at = text.indexOf("# Available triggers:");
        if (at < 0) {
            return List.of();
        }
        int line = text.indexOf('\n', at);
        int end = text.indexOf('\n', line + 1);
        String list = text.substring(line + 1, end < 0 ? text.length() : end).replace("#", "").strip();
        List<String> out = new ArrayList<>();
        for (String w : list.split("\\s+")) {
            if (!w.isEmpty()) {
                out.add(w);
            }
        }
        return out;
    }

    /**
     * Returns the pids event tracing is limited to ({@code set_event_pid}).
     *
     * @return the pids, empty for no limit
     */
    public List<Integer> pids() {
        List<Integer> pids = new ArrayList<>();
        for (String w : context.read("set_event_pid").split("\\s+")) {
            if (!w.isEmpty()) {
                pids.add(Integer.parseInt(w));
            }
        }
        return pids;
    }

    /**
     * Limits event tracing to pids (thread ids): events are recorded only when the current task is
     * one of them, and {@code sched_switch}/{@code sched_wakeup} also when the task switched to or
     * woken is. See {@link TraceOptions} {@code event-fork} to follow children.
     *
     * @param pids the pids; empty removes the limit
     * @throws IllegalArgumentException if a pid is negative
     * @throws KernelCallException if the kernel refuses
     */
    public void setPids(List<Integer> pids) {
        StringBuilder sb = new StringBuilder();
        for (int pid : pids) {
            if (pid < 0) {
                throw new IllegalArgumentException("a pid must not be negative: " + pid);
            }
            sb.append(sb.isEmpty() ? "" : " ").append(pid);
        }
        List<Integer> old = pids();
        String restore = old.isEmpty() ? "" : old.toString().replaceAll("[\\[\\],]", "");
        String key = "list:set_event_pid";
        boolean first = context.journal.remember(key,
                () -> Control.write(context.file("set_event_pid"), restore, true, null));
        try {
            context.writeTruncating("set_event_pid", sb.toString());
        } catch (RuntimeException ex) {
            if (first) {
                context.journal.forget(key);
            }
            throw ex;
        }
    }

    private String existing(EventName e) {
        context.checkOpen();
        String dir = dir(e);
        if (!context.exists(dir)) {
            throw new IllegalArgumentException("no event " + e + " in " + context.describe());
        }
        return dir;
    }

    private static String dir(EventName e) {
        return "events/" + e.system() + "/" + e.name();
    }

    private static boolean isOn(String enableText) {
        return enableText.startsWith("1");
    }

    /** Splits a pattern into system and event globs, checking both. */
    static String[] split(String pattern) {
        if (pattern == null || pattern.isEmpty()) {
            throw new IllegalArgumentException("an event pattern must not be empty");
        }
        int sep = pattern.indexOf(':');
        String system;
        String event;
        if (sep < 0) {
            system = "*";
            event = pattern;
        } else {
            system = pattern.substring(0, sep);
            event = pattern.substring(sep + 1);
            if (event.isEmpty()) {
                event = "*";
            }
            if (system.isEmpty()) {
                system = "*";
            }
        }
        Names.component(system, "event system pattern");
        Names.component(event, "event name pattern");
        if (event.indexOf(':') >= 0) {
            throw new IllegalArgumentException("an event pattern has one ':' between system and event, not "
                    + Names.printable(pattern));
        }
        return new String[] {system, event};
    }
}
