package dev.jtrace.tracefs;

import dev.jtrace.core.Availability;
import dev.jtrace.core.Facilities;
import dev.jtrace.core.FacilityUnavailableException;
import dev.jtrace.core.KernelFacility;
import dev.jtrace.tracefs.internal.Control;
import dev.jtrace.tracefs.internal.Names;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Creates dynamic events (uprobes, kprobes, eprobes, synthetic events) in this process's group
 * {@code jtrace_<pid>}, through {@code dynamic_events} (or the kind's own file on kernels without
 * it). Each {@link DynamicEvent} handle removes its event on close, at JVM shutdown at the latest;
 * the {@link Reaper} removes those of processes that died.
 *
 * <p>Dynamic events are machine-wide: once created, the event appears in the {@code events/}
 * directory of every instance, and is recorded only where it is enabled. A kind the kernel lacks
 * is reported by {@link #create} with a {@link FacilityUnavailableException} saying which kernel
 * option would provide it; {@link #availability} asks without trying.
 * {@snippet :
 * DynamicEvents dynamic = tracefs.dynamicEvents();
 * try (DynamicEvent probe = dynamic.create(Uprobe.atSymbol(libc, "getpid"))) {
 *     instance.events().enable(probe.event());
 * }
 * }
 */
public final class DynamicEvents {
    private final Tracefs tracefs;
    private final String group;

    DynamicEvents(Tracefs tracefs) {
        this.tracefs = tracefs;
        this.group = Names.groupOf(ProcessHandle.current().pid());
    }

    /**
     * Returns this process's probe group.
     *
     * @return {@code jtrace_<pid>}
     */
    public String group() {
        return group;
    }

    /**
     * Tells whether this kernel can create a kind of dynamic event, without trying.
     *
     * @param definition a definition of the kind to ask about
     * @return the answer with its reason
     */
    public Availability availability(ProbeDefinition definition) {
        return switch (definition) {
            case Uprobe u -> Facilities.check(KernelFacility.UPROBES);
            case Kprobe k -> Facilities.check(KernelFacility.KPROBES);
            case SyntheticEvent s -> Facilities.check(KernelFacility.SYNTHETIC_EVENTS);
            case Eprobe e -> eprobes();
        };
    }

    private Availability eprobes() {
        if (!Files.exists(tracefs.root().resolve("dynamic_events"))) {
            return Availability.no("this kernel has no dynamic_events file, through which eprobes are created");
        }
        if (!Files.exists(tracefs.root().resolve("kprobe_events"))) {
            return Availability.no("eprobes need CONFIG_EPROBE_EVENTS, which builds on kprobe events, and this kernel "
                    + "has no kprobe_events (built without CONFIG_KPROBE_EVENTS)");
        }
        return Availability.yes("dynamic_events and kprobe_events exist; the kernel decides on creation");
    }

    /**
     * Creates a dynamic event.
     *
     * @param definition what to create
     * @return the handle, which removes the event on close
     * @throws FacilityUnavailableException if this kernel lacks the kind of event
     * @throws IllegalArgumentException if a uprobe's file does not exist
     * @throws dev.jtrace.core.KernelCallException if the kernel refuses the command, with errno and
     *     the error_log entry explaining it
     */
    public DynamicEvent create(ProbeDefinition definition) {
        Availability available = availability(definition);
        if (!available.available()) {
            throw new FacilityUnavailableException(definition.kind() + "s", available.reason());
        }
        if (definition instanceof Uprobe u && !u.fileExists()) {
            throw new IllegalArgumentException("the probed file " + u.path() + " does not exist");
        }
        Path file = controlFile(definition);
        boolean legacy = !file.getFileName().toString().equals("dynamic_events");
        String command = legacy ? definition.legacyDefinition(group) : definition.definition(group);
        String removal = legacy ? definition.legacyRemoval(group) : definition.removal(group);
        Names.commandText(command, definition.kind() + " definition");
        Control.write(file, command, false, tracefs.root().resolve("error_log"));
        return new DynamicEvent(tracefs, definition.eventIn(group), command, file, removal);
    }

    private Path controlFile(ProbeDefinition definition) {
        Path dynamic = tracefs.root().resolve("dynamic_events");
        if (Files.exists(dynamic)) {
            return dynamic;
        }
        if (definition.legacyFile() == null) {
            throw new FacilityUnavailableException(definition.kind() + "s", "this kernel has no dynamic_events file");
        }
        return tracefs.root().resolve(definition.legacyFile());
    }

    /**
     * Lists every dynamic event of the machine, as {@code dynamic_events} (or the per-kind files)
     * print them.
     *
     * @return the definitions, such as {@code "p:jtrace_42/getpid /usr/lib/libc.so.6:0x00000000000e2b30"}
     */
    public List<String> definitions() {
        List<String> out = new ArrayList<>();
        Path dynamic = tracefs.root().resolve("dynamic_events");
        List<Path> files = Files.exists(dynamic) ? List.of(dynamic)
                : List.of(tracefs.root().resolve("uprobe_events"), tracefs.root().resolve("kprobe_events"));
        for (Path f : files) {
            String text = Control.readIfExists(f);
            if (text == null) {
                continue;
            }
            for (String line : text.split("\n")) {
                if (!line.isBlank()) {
                    out.add(line.strip());
                }
            }
        }
        return out;
    }

    /**
     * Lists the dynamic events of one group.
     *
     * @param probeGroup the group, such as {@link #group()}
     * @return their event names
     */
    public List<EventName> eventsOf(String probeGroup) {
        List<EventName> out = new ArrayList<>();
        for (String line : definitions()) {
            EventName e = parseEventName(line);
            if (e != null && e.system().equals(probeGroup)) {
                out.add(e);
            }
        }
        return out;
    }

    /** The {@code group/event} of a listed definition such as {@code p:g/e path:0x1 args}, or null. */
    static EventName parseEventName(String line) {
        int colon = line.indexOf(':');
        int space = line.indexOf(' ');
        if (colon < 0 || (space >= 0 && space < colon)) {
            return null;
        }
        String head = line.substring(colon + 1, space < 0 ? line.length() : space);
        int slash = head.indexOf('/');
        if (slash <= 0 || slash == head.length() - 1) {
            return null;
        }
        try {
            return new EventName(head.substring(0, slash), head.substring(slash + 1));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
