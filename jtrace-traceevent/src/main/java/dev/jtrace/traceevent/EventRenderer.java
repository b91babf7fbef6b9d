package dev.jtrace.traceevent;

import dev.jtrace.traceevent.internal.CompiledPrintFmt;
import dev.jtrace.traceevent.internal.FieldDump;
import dev.jtrace.traceevent.internal.InfoPrinter;
import dev.jtrace.traceevent.internal.LinePrefix;
import dev.jtrace.traceevent.internal.PrintFmtCompiler;
import dev.jtrace.traceevent.internal.SpecialPrinters;
import java.util.Objects;

/**
 * Renders records to exactly the text the kernel writes into the {@code trace} file for them.
 *
 * <p>One renderer serves one buffer (its formats, clock, symbols and task names). It is not
 * thread-safe; it appends to a caller's {@link StringBuilder} so a stream of records reuses one
 * buffer. Each event's print fmt is compiled on first use. An event whose print fmt jtrace cannot
 * render exactly, or a record whose data is corrupt, is written as a field dump starting with
 * {@code [jtrace: reason]} for that record only; rendering never throws for a record.
 *
 * <p>ftrace's own entries print as the kernel's dedicated printers do: markers, trace_printk,
 * stacks, the function tracer's {@code function} and {@code func_repeats}, the wakeup tracers'
 * {@code wakeup} and {@code context_switch}, {@code hwlat}, {@code osnoise}, {@code timerlat},
 * {@code branch}, and mmiotrace's entries (whole lines without the prefix, as the mmiotrace
 * tracer prints them). function_graph entries print one by one here (an entry opens
 * <code>func() {</code>, a return closes it); {@link FunctionGraphRenderer} merges a leaf's entry and
 * return into one line and keeps the graph tracer's state, as the kernel's {@code trace} file
 * shows them. Kernels with the PREEMPT_RT patch set's lazy preemption (formats with
 * {@code common_preempt_lazy_count}, before 6.12) get their seven-character latency column.
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
    private final LinePrefix prefix;
    private final FunctionGraphOptions graphOptions;
    private final InfoPrinter[] printers = new InfoPrinter[EventFormats.MAX_ID + 1];
    /** Renders function_graph entries on their own (no lookahead); made on first use. */
    private FunctionGraphRenderer graph;
    /** The buffer behind {@link #line}; replaced after a line that needed UTF-16 (see there). */
    private StringBuilder line = new StringBuilder(256);
    /** Scratch for {@link #line}'s check for characters above U+00FF. */
    private char[] wideCheck = new char[256];

    /**
     * Creates a renderer.
     *
     * @param formats the formats of the buffer's events
     * @param context symbols, task names, clock and options of the buffer
     */
    public EventRenderer(EventFormats formats, RenderContext context) {
        this(formats, context, FunctionGraphOptions.defaults(1));
    }

    /**
     * Creates a renderer that renders function_graph entries with the given graph options (the
     * kernel applies the function_graph tracer's options to them whichever tracer is current).
     * Each graph entry renders on its own: an entry as <code>func() {</code>, a return as
     * <code>}</code> with its duration; {@link FunctionGraphRenderer} merges leaves as the kernel does.
     *
     * @param formats the formats of the buffer's events
     * @param context symbols, task names, clock and options of the buffer
     * @param graphOptions the function_graph display options
     */
    public EventRenderer(EventFormats formats, RenderContext context, FunctionGraphOptions graphOptions) {
        this.formats = Objects.requireNonNull(formats, "formats");
        this.context = Objects.requireNonNull(context, "context");
        this.graphOptions = Objects.requireNonNull(graphOptions, "graphOptions");
        this.prefix = new LinePrefix(context.comms(), context.traceClock(), lazyCountOffset(formats),
                context.recordTgid());
    }

    /**
     * The offset of {@code common_preempt_lazy_count} when the kernel has one (PREEMPT_RT before
     * 6.12: its latency column differs), else -1. All formats of a kernel share the common fields.
     */
    private static int lazyCountOffset(EventFormats formats) {
        for (EventFormat f : formats.all()) {
            FieldFormat lazy = f.field("common_preempt_lazy_count");
            if (lazy != null) {
                return lazy.offset();
            }
            if (f.field("common_pid") != null) {
                return -1;
            }
        }
        return -1;
    }

    EventFormats formats() {
        return formats;
    }

    RenderContext context() {
        return context;
    }

    /** Whether the kernel writes "name: " before this event's text. */
    boolean namePrefixed(EventFormat format) {
        return printer(format).namePrefixed();
    }

    /** Appends {@code comm-pid [cpu] flags timestamp: }, or a marker if the header is corrupt. */
    void appendPrefix(EventRecord record, StringBuilder out) {
        int start = out.length();
        try {
            prefix.append(record, out);
        } catch (RuntimeException e) {
            out.setLength(start);
            out.append("[jtrace: bad record header: ").append(e.getMessage()).append("] ");
        }
    }

    /**
     * Appends the whole line as in the {@code trace} file, without the newline:
     * {@code comm-pid [cpu] flags timestamp: name: info} (syscall events and ftrace's own entries
     * have no {@code name: }; mmiotrace entries are whole lines of their own, as the mmiotrace
     * tracer prints them).
     *
     * @param record the record
     * @param out where to append
     */
    public void appendLine(EventRecord record, StringBuilder out) {
        Objects.requireNonNull(record, "record");
        int start = out.length();
        EventFormat format;
        try {
            format = formats.byId(record.id());
            if (format == null || !(printer(format) instanceof InfoPrinter.WholeLine)) {
                prefix.append(record, out);
            }
        } catch (RuntimeException e) {
            out.setLength(start);
            out.append("[jtrace: bad record header: ").append(e.getMessage()).append(']');
            return;
        }
        if (format == null) {
            out.append("[jtrace: unknown event id ").append(record.id()).append(']');
            return;
        }
        InfoPrinter printer = printer(format);
        if (printer.namePrefixed()) {
            out.append(format.name()).append(": ");
        }
        appendInfo(format, printer, record, out);
    }

    /**
     * Renders the whole line, as {@link #appendLine}, into a buffer the renderer owns: the fastest
     * way to render a stream. The returned text is valid until the next call on this renderer;
     * copy it ({@code toString()}) to keep it.
     *
     * <p>Why this is faster than reusing a builder of one's own: a {@link StringBuilder} switches
     * to two bytes per character for good once it has held a character above U+00FF (a UTF-8
     * marker, a task name), which halves append speed for every later line. This method starts a
     * fresh buffer after such a line.
     *
     * @param record the record
     * @return the line, without the newline
     */
    public CharSequence line(EventRecord record) {
        StringBuilder out = line;
        out.setLength(0);
        appendLine(record, out);
        // One bulk copy and an OR over plain chars, which the JIT vectorizes; a charAt loop over
        // the builder (an index and coder check per char) cost a third of a line's time.
        int n = out.length();
        if (n > wideCheck.length) {
            wideCheck = new char[Math.max(n, 2 * wideCheck.length)];
        }
        out.getChars(0, n, wideCheck, 0);
        int bits = 0;
        for (int i = 0; i < n; i++) {
            bits |= wideCheck[i];
        }
        if (bits > 0xFF) {
            line = new StringBuilder(256);
        }
        return out;
    }

    /**
     * Appends the event's own text: what follows {@code "name: "} in the {@code trace} file (for
     * syscall events and ftrace's own entries, everything after the timestamp).
     *
     * @param record the record
     * @param out where to append
     */
    public void appendInfo(EventRecord record, StringBuilder out) {
        Objects.requireNonNull(out, "out");
        int id;
        try {
            id = record.id();
        } catch (RuntimeException e) {
            out.append("[jtrace: bad record header: ").append(e.getMessage()).append(']');
            return;
        }
        EventFormat format = formats.byId(id);
        if (format == null) {
            out.append("[jtrace: unknown event id ").append(id).append(']');
            return;
        }
        appendInfo(format, printer(format), record, out);
    }

    /**
     * Tells why an event is rendered as a field dump instead of as the kernel renders it.
     *
     * @param format the event
     * @return the reason, or {@code null} when jtrace renders it exactly
     */
    public String unsupportedReason(EventFormat format) {
        Objects.requireNonNull(format, "format");
        // Only this renderer's own formats go through (and into) the cache.
        InfoPrinter p = formats.byId(format.id()) == format ? printer(format) : build(format);
        return p instanceof DumpPrinter dump ? dump.reason : null;
    }

    private void appendInfo(EventFormat format, InfoPrinter printer, EventRecord record, StringBuilder out) {
        int start = out.length();
        try {
            printer.append(record, out);
        } catch (RuntimeException e) { // corrupt record data: this record only
            out.setLength(start);
            FieldDump.append(format, "bad record: " + e.getMessage(), record, out);
        }
    }

    private InfoPrinter printer(EventFormat format) {
        InfoPrinter p = printers[format.id()];
        if (p == null) {
            p = build(format);
            printers[format.id()] = p;
        }
        return p;
    }

    private InfoPrinter build(EventFormat format) {
        if (format.system().equals("ftrace") && (format.name().equals("funcgraph_entry")
                || format.name().equals("funcgraph_exit") || format.name().equals("fgraph_retaddr_entry"))
                && format.field("func") != null && format.field("depth") != null) {
            if (graph == null) {
                graph = new FunctionGraphRenderer(this, graphOptions, false);
            }
            FunctionGraphRenderer g = graph;
            return new InfoPrinter.OwnForm() {
                @Override
                public void append(EventRecord record, StringBuilder out) {
                    g.appendGraph(record, null, out);
                }
            };
        }
        InfoPrinter special = SpecialPrinters.forEvent(format, context);
        if (special != null) {
            return special;
        }
        if (format.system().equals("ftrace")) {
            return new DumpPrinter(format, "ftrace " + format.name() + " entries are not rendered yet", false);
        }
        try {
            CompiledPrintFmt compiled = PrintFmtCompiler.compile(format, context.types(), context.printkFormats());
            KernelSymbols symbols = context.symbols();
            return new InfoPrinter() {
                @Override
                public boolean namePrefixed() {
                    return true;
                }

                @Override
                public void append(EventRecord record, StringBuilder out) {
                    compiled.render(record, symbols, out);
                }
            };
        } catch (PrintFmtCompiler.Unsupported e) {
            return new DumpPrinter(format, e.getMessage(), true);
        }
    }

    /** The fallback for events whose print fmt jtrace cannot render exactly. */
    private static final class DumpPrinter implements InfoPrinter {
        private final EventFormat format;
        private final String reason;
        private final boolean namePrefixed;

        DumpPrinter(EventFormat format, String reason, boolean namePrefixed) {
            this.format = format;
            this.reason = reason;
            this.namePrefixed = namePrefixed;
        }

        @Override
        public boolean namePrefixed() {
            return namePrefixed;
        }

        @Override
        public void append(EventRecord record, StringBuilder out) {
            FieldDump.append(format, reason, record, out);
        }
    }
}
