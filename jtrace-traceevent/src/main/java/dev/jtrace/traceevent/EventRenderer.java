package dev.jtrace.traceevent;

import java.util.Objects;

/**
 * Renders records to exactly the text the kernel writes into the {@code trace} file for them.
 *
 * <p>One renderer serves one buffer (its formats, clock, symbols and task names). It is not
 * thread-safe; it appends to a caller's {@link StringBuilder} so a stream of records reuses one
 * buffer. An event whose print fmt cannot be rendered degrades to a dump of its fields for that
 * record only; rendering never throws for a well-formed record.
 * {@snippet :
 * EventRenderer renderer = new EventRenderer(formats, RenderContext.defaults());
 * StringBuilder line = new StringBuilder();
 * while (decoder.next(record)) {
 *     line.setLength(0);
 *     renderer.appendLine(record, line);
 *     System.out.println(line);
 * }
 * }
 */
public final class EventRenderer {
    private final EventFormats formats;
    private final RenderContext context;

    /**
     * Creates a renderer.
     *
     * @param formats the formats of the buffer's events
     * @param context symbols, task names, clock and options of the buffer
     */
    public EventRenderer(EventFormats formats, RenderContext context) {
        this.formats = Objects.requireNonNull(formats, "formats");
        this.context = Objects.requireNonNull(context, "context");
    }

    /**
     * Appends the whole line as in the {@code trace} file, without the newline:
     * {@code comm-pid [cpu] flags timestamp: name: info}.
     *
     * @param record the record
     * @param out where to append
     */
    public void appendLine(EventRecord record, StringBuilder out) {
        throw new UnsupportedOperationException("not yet implemented: " + formats.size() + context);
    }

    /**
     * Appends the event's own text (what follows {@code "name: "} in the {@code trace} file).
     *
     * @param record the record
     * @param out where to append
     */
    public void appendInfo(EventRecord record, StringBuilder out) {
        throw new UnsupportedOperationException("not yet implemented");
    }
}
