package dev.jtrace.traceevent.internal;

import dev.jtrace.traceevent.EventRecord;

/** Renders the text of one kind of event, after the line prefix. */
public interface InfoPrinter {
    /**
     * Tells whether the kernel writes {@code "name: "} before this event's text. Ordinary trace
     * events do; syscall events and ftrace's own entries (markers, raw data) print their own form.
     *
     * @return {@code true} if the event name precedes the text
     */
    boolean namePrefixed();

    /**
     * Appends the event's text.
     *
     * @param record the record
     * @param out where to append
     */
    void append(EventRecord record, StringBuilder out);

    /** A printer of an event the kernel renders in its own form, without {@code "name: "}. */
    interface OwnForm extends InfoPrinter {
        @Override
        default boolean namePrefixed() {
            return false;
        }
    }

    /**
     * A printer whose text is the whole line, without the {@code comm-pid [cpu] ...} prefix
     * (mmiotrace entries, as the mmiotrace tracer prints them).
     */
    interface WholeLine extends OwnForm {
    }
}
