/**
 * jtrace-traceevent: trace-event formats, print-fmt parsing and rendering, sub-buffer page
 * decoding and flyweight event records. It makes no native calls.
 *
 * <p>{@link dev.jtrace.traceevent.EventFormats#load(java.nio.file.Path)} reads every
 * {@code events/<system>/<event>/format} file of a tracefs; {@link dev.jtrace.traceevent.EventFormat}
 * describes one event's record layout and its print fmt, parsed into the tree of
 * {@link dev.jtrace.traceevent.printfmt}.
 */
module dev.jtrace.traceevent {
    requires transitive dev.jtrace.core;

    exports dev.jtrace.traceevent;
    exports dev.jtrace.traceevent.printfmt;
}
