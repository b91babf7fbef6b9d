package dev.jtrace.tracefs;

import java.util.List;

/**
 * A dynamic event to create through {@link DynamicEvents#create}: the command the kernel parses,
 * in the syntax its documentation gives. jtrace puts every probe into its process's group
 * {@code jtrace_<pid>} (synthetic events, whose group is always {@code synthetic}, get the prefix
 * {@code jtrace_<pid>_} in their name instead), so that the {@link Reaper} can tell them apart
 * and find those of dead processes.
 */
public sealed interface ProbeDefinition permits Uprobe, Kprobe, Eprobe, SyntheticEvent {
    /**
     * Returns the kind of dynamic event, for messages.
     *
     * @return such as {@code "uprobe"}
     */
    String kind();

    /**
     * Returns the event's name within its group (before any prefix jtrace adds).
     *
     * @return the name
     */
    String name();

    /**
     * Returns the recorded arguments.
     *
     * @return the arguments
     */
    List<FetchArg> args();

    /**
     * Returns the event as it will exist once created in a group.
     *
     * @param group the probe group, {@code jtrace_<pid>}
     * @return the event's system and name
     */
    EventName eventIn(String group);

    /**
     * Returns the command that creates the event.
     *
     * @param group the probe group, {@code jtrace_<pid>}
     * @return the command text, such as {@code "p:jtrace_42/getpid /usr/lib/libc.so.6:0xe2b30"}
     */
    String definition(String group);

    /**
     * Returns the command that removes the event.
     *
     * @param group the probe group
     * @return such as {@code "-:jtrace_42/getpid"}
     */
    default String removal(String group) {
        EventName e = eventIn(group);
        return "-:" + e.system() + "/" + e.name();
    }

    /**
     * Returns the kind's own control file, used where the kernel has no {@code dynamic_events}.
     *
     * @return such as {@code "uprobe_events"}, or {@code null} if only {@code dynamic_events}
     *     takes this kind
     */
    String legacyFile();

    /**
     * Returns the command that creates the event through {@link #legacyFile()}.
     *
     * @param group the probe group
     * @return the command; the same as {@link #definition} except for synthetic events
     */
    default String legacyDefinition(String group) {
        return definition(group);
    }

    /**
     * Returns the command that removes the event through {@link #legacyFile()}.
     *
     * @param group the probe group
     * @return the command; the same as {@link #removal} except for synthetic events
     */
    default String legacyRemoval(String group) {
        return removal(group);
    }
}
