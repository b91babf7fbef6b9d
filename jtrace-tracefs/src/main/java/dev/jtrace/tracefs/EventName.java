package dev.jtrace.tracefs;

import dev.jtrace.tracefs.internal.Names;

/**
 * A trace event's system and name, as in {@code events/<system>/<name>}.
 *
 * @param system the system (subsystem directory), such as {@code "sched"}
 * @param name the event, such as {@code "sched_switch"}
 */
public record EventName(String system, String name) {
    /**
     * Checks both parts: non-empty, no {@code /}, {@code ..}, whitespace or control characters.
     *
     * @param system the system
     * @param name the event
     * @throws IllegalArgumentException if a part is not a valid path component
     */
    public EventName {
        Names.component(system, "event system");
        Names.component(name, "event name");
    }

    /**
     * Parses {@code system:event} (or {@code system/event}).
     *
     * @param text the text
     * @return the name
     * @throws IllegalArgumentException if there is no separator or a part is invalid
     */
    public static EventName parse(String text) {
        int sep = text.indexOf(':');
        if (sep < 0) {
            sep = text.indexOf('/');
        }
        if (sep <= 0 || sep == text.length() - 1) {
            throw new IllegalArgumentException("an event is named 'system:event', not " + Names.printable(text));
        }
        return new EventName(text.substring(0, sep), text.substring(sep + 1));
    }

    /**
     * Returns {@code system:name}.
     *
     * @return the text form accepted by {@link #parse}
     */
    @Override
    public String toString() {
        return system + ":" + name;
    }
}
