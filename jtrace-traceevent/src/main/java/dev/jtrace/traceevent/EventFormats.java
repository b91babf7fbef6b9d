package dev.jtrace.traceevent;

import dev.jtrace.core.JtraceException;
import dev.jtrace.core.MalformedDataException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An immutable set of event formats, looked up by id (an array index, for the decoder's hot path)
 * or by system and name.
 *
 * {@snippet :
 * EventFormats formats = EventFormats.load(Path.of("/sys/kernel/tracing/events"));
 * EventFormat sw = formats.find("sched", "sched_switch");
 * EventFormat same = formats.byId(sw.id());
 * }
 *
 * <p>{@link #load(Path)} reads every {@code <system>/<event>/format} file under an
 * {@code events} directory; a file that cannot be read or parsed is listed in
 * {@link #failures()} and the others are still loaded.
 */
public final class EventFormats {
    /** Event ids are the 16-bit {@code common_type} of each record. */
    public static final int MAX_ID = 0xFFFF;

    private static final EventFormat[] NO_FORMATS = new EventFormat[0];

    private final EventFormat[] byId;
    private final List<EventFormat> all;
    private final Map<String, EventFormat> byName;
    private final List<Failure> failures;

    /**
     * A format file that could not be loaded.
     *
     * @param path the file
     * @param message why: the parse error (with its offset) or the I/O error
     */
    public record Failure(Path path, String message) {
        /**
         * Checks the components.
         *
         * @param path the file
         * @param message why it failed
         */
        public Failure {
            Objects.requireNonNull(path, "path");
            Objects.requireNonNull(message, "message");
        }
    }

    private EventFormats(List<EventFormat> formats, List<Failure> failures, boolean collectDuplicates) {
        int maxId = -1;
        for (EventFormat f : formats) {
            if (f.id() > MAX_ID) {
                throw new IllegalArgumentException(f + ": id above " + MAX_ID);
            }
            maxId = Math.max(maxId, f.id());
        }
        EventFormat[] table = maxId < 0 ? NO_FORMATS : new EventFormat[maxId + 1];
        List<EventFormat> kept = new ArrayList<>(formats.size());
        Map<String, EventFormat> names = HashMap.newHashMap(formats.size());
        List<Failure> problems = new ArrayList<>(failures);
        for (EventFormat f : formats) {
            String clash = null;
            if (table[f.id()] != null) {
                clash = "id " + f.id() + " is also the id of " + table[f.id()];
            } else if (names.containsKey(key(f.system(), f.name()))) {
                clash = "event " + f.system() + ":" + f.name() + " appears twice";
            }
            if (clash != null) {
                if (!collectDuplicates) {
                    throw new IllegalArgumentException(f.source() + ": " + clash);
                }
                problems.add(new Failure(Path.of(f.source()), clash));
                continue;
            }
            table[f.id()] = f;
            names.put(key(f.system(), f.name()), f);
            kept.add(f);
        }
        this.byId = table;
        this.all = List.copyOf(kept);
        this.byName = Map.copyOf(names);
        this.failures = List.copyOf(problems);
    }

    /**
     * Creates a registry of the given formats.
     *
     * @param formats the formats, in the order {@link #all()} should list them
     * @return the registry
     * @throws IllegalArgumentException if two formats share an id or a system and name, or an id
     *     is above {@link #MAX_ID}
     */
    public static EventFormats of(Collection<EventFormat> formats) {
        return new EventFormats(List.copyOf(formats), List.of(), false);
    }

    /**
     * Reads every {@code <system>/<event>/format} file under an {@code events} directory (for
     * example {@code /sys/kernel/tracing/events}), the ftrace-internal {@code ftrace/*} formats
     * included. Files are read as ISO-8859-1, so parse offsets are byte offsets.
     *
     * @param eventsDir the events directory
     * @return the formats that loaded, with {@link #failures()} naming the files that did not
     * @throws JtraceException if {@code eventsDir} itself cannot be listed
     */
    public static EventFormats load(Path eventsDir) {
        List<EventFormat> formats = new ArrayList<>(2560);
        List<Failure> failures = new ArrayList<>();
        for (Path systemDir : sortedEntries(eventsDir, true)) {
            if (!Files.isDirectory(systemDir)) {
                continue; // enable, header_page, header_event
            }
            String system = systemDir.getFileName().toString();
            for (Path eventDir : sortedEntries(systemDir, false)) {
                String entry = eventDir.getFileName().toString();
                if (entry.equals("enable") || entry.equals("filter")) {
                    continue;
                }
                // Reading first and asking "is this a directory?" only when that fails saves one
                // stat per event, a good part of the load time over 2,000+ events.
                Path file = eventDir.resolve("format");
                try {
                    String text = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
                    formats.add(FormatParser.parse(system, text, file.toString()));
                } catch (IOException e) {
                    if (Files.isDirectory(eventDir)) {
                        failures.add(new Failure(file, "cannot read: " + e));
                    }
                } catch (MalformedDataException e) {
                    failures.add(new Failure(file, e.getMessage()));
                }
            }
        }
        return new EventFormats(formats, failures, true);
    }

    private static List<Path> sortedEntries(Path dir, boolean mustList) {
        List<Path> entries = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir)) {
            for (Path p : stream) {
                entries.add(p);
            }
        } catch (IOException e) {
            if (mustList) {
                throw new JtraceException("cannot list trace event directory " + dir + ": " + e, e);
            }
            return List.of();
        }
        entries.sort(null);
        return entries;
    }

    private static String key(String system, String name) {
        return system + '/' + name;
    }

    /**
     * Finds the format with an id: an array lookup.
     *
     * @param id the event id ({@code common_type} of a record)
     * @return the format, or {@code null} if no loaded format has that id
     */
    public EventFormat byId(int id) {
        return id >= 0 && id < byId.length ? byId[id] : null;
    }

    /**
     * Finds a format by system and event name.
     *
     * @param system the system, for example {@code sched}
     * @param name the event name, for example {@code sched_switch}
     * @return the format, or {@code null} if there is none
     */
    public EventFormat find(String system, String name) {
        return byName.get(key(system, name));
    }

    /**
     * Returns every loaded format, in load order (by system, then event name, for {@link #load}).
     *
     * @return the formats
     */
    public List<EventFormat> all() {
        return all;
    }

    /**
     * Counts the loaded formats.
     *
     * @return the number of formats
     */
    public int size() {
        return all.size();
    }

    /**
     * Lists the format files {@link #load(Path)} could not read or parse, or whose id or name
     * clashed with one loaded before.
     *
     * @return the failures, empty if every file loaded
     */
    public List<Failure> failures() {
        return failures;
    }
}
