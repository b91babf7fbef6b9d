package dev.jtrace.traceevent;

import dev.jtrace.traceevent.internal.Digits;
import dev.jtrace.traceevent.internal.LinePrefix;
import java.util.Arrays;
import java.util.Objects;

/**
 * Renders function_graph entries ({@code funcgraph_entry}, {@code funcgraph_exit} and, 6.13+,
 * {@code fgraph_retaddr_entry}) the way the kernel's graph printer does
 * ({@code print_graph_function_flags} in {@code kernel/trace/trace_functions_graph.c}): an entry
 * directly followed on its CPU by its own return is one leaf line {@code func();} with the
 * duration; any other entry opens <code>func() {</code>, and a return closes it with <code>}</code> and the
 * duration, indented two spaces per depth level.
 *
 * <p>Two modes, as in the kernel:
 * <ul>
 * <li>{@link #forTracer}: the {@code trace} file while function_graph is the current tracer. The
 *     printer keeps per-CPU state: a separator block when the task on a CPU changes, the functions
 *     entered per depth (a return whose entry was lost names its function), and, with
 *     {@code funcgraph-irqs} off, the hiding of interrupt code. Other events print as
 *     <code>/* name: text *&#47;</code> comments at the current depth; function and stack entries
 *     as ordinary lines.</li>
 * <li>{@link #forEvents}: graph entries in a buffer whose current tracer is another one (a
 *     snapshot taken under function_graph, an instance); each line starts with the usual
 *     {@code comm-pid [cpu] flags timestamp: } prefix, and nothing is remembered between records,
 *     but a leaf is still merged with its return.</li>
 * </ul>
 *
 * <p>The caller feeds the records of each CPU in buffer order and passes, with each record, the
 * next record of the same CPU (or {@code null} at the end): when {@link #append} returns
 * {@code true}, that next record was a leaf's return and is consumed (the caller skips it). The
 * CPUs may be interleaved in any order; the state is per CPU.
 *
 * <p>Layouts: the entry and return fields are looked up by name in the buffer's own formats, so
 * the 6.1 layout ({@code int depth}, {@code calltime}/{@code rettime} in the return entry) and the
 * later ones ({@code unsigned int depth}, {@code retval} with {@code CONFIG_FUNCTION_GRAPH_RETVAL},
 * the {@code args[]} of 6.16+) both read right. Output follows 6.1 through 6.18, which print the
 * same text for the default options; retval (6.5+) and retaddr (6.13+) comments follow 6.18.
 * Entries that carry function arguments ({@code funcgraph-args}, 6.16+) need the kernel's BTF
 * function prototypes and are not rendered exactly (the name is followed by {@code (...)}).
 * Interrupt entry functions ({@code ==========>} markers, and the hiding with
 * {@code funcgraph-irqs} off) are recognised by {@code __irqentry_text_start}/{@code _end} in the
 * kernel symbols; without them no function counts as one.
 *
 * <p>Output: the record's text without the final newline; a record that prints several lines
 * (a separator, an interrupt marker) has them joined by {@code '\n'}; a record the kernel prints
 * nothing for (hidden interrupt code) appends nothing. Not thread-safe.
 */
public final class FunctionGraphRenderer {
    /** {@code FTRACE_RETFUNC_DEPTH}: the depths whose entered function the printer remembers. */
    private static final int RETFUNC_DEPTH = 50;
    /** Indentation beyond this is cut (the kernel's trace_seq page would overflow long before). */
    private static final int MAX_INDENT = 4096;
    private static final int FILL_FULL = 1;
    private static final int FILL_START = 2;
    private static final int FILL_END = 3;

    private final EventRenderer events;
    private final RenderContext context;
    private final FunctionGraphOptions options;
    private final boolean tracerMode;
    private final int entryId;
    private final int retaddrEntryId;
    private final int exitId;
    private final Layout entry;
    private final Layout retaddrEntry;
    private final Layout exit;
    private final long irqStart;
    private final long irqEnd;
    private final int cpuDigits;
    private final StringBuilder scratch = new StringBuilder();
    // Per-CPU state of the tracer mode (fgraph_cpu_data), grown on demand.
    private int[] lastPid = new int[0];
    private int[] depth = new int[0];
    private int[] depthIrq = new int[0];
    private long[][] enterFuncs = new long[0][];

    /** Field offsets of one graph entry kind; -1 where the format lacks the field. */
    private record Layout(int func, int depth, int overrun, int calltime, int rettime, int retval, int retaddr,
            int args) {
        static Layout of(EventFormat f) {
            return f == null ? null : new Layout(offset(f, "func"), offset(f, "depth"), offset(f, "overrun"),
                    offset(f, "calltime"), offset(f, "rettime"), offset(f, "retval"), offset(f, "retaddr"),
                    offset(f, "args"));
        }

        private static int offset(EventFormat f, String name) {
            FieldFormat field = f.field(name);
            return field == null ? -1 : field.offset();
        }
    }

    /**
     * A renderer over an event renderer's formats and context; the event renderer renders the
     * other records and the line prefix (an EventRenderer passes itself for its per-record graph
     * lines).
     */
    FunctionGraphRenderer(EventRenderer events, FunctionGraphOptions options, boolean tracerMode) {
        this.events = events;
        this.context = events.context();
        this.options = Objects.requireNonNull(options, "options");
        this.tracerMode = tracerMode;
        this.cpuDigits = options.cpuDigits();
        EventFormats formats = events.formats();
        EventFormat e = find(formats, "funcgraph_entry");
        EventFormat r = find(formats, "fgraph_retaddr_entry");
        EventFormat x = find(formats, "funcgraph_exit");
        this.entryId = e == null ? -1 : e.id();
        this.retaddrEntryId = r == null ? -1 : r.id();
        this.exitId = x == null ? -1 : x.id();
        this.entry = Layout.of(e);
        this.retaddrEntry = Layout.of(r);
        this.exit = Layout.of(x);
        KernelSymbols symbols = context.symbols();
        this.irqStart = symbols.addressOf("__irqentry_text_start").orElse(0);
        this.irqEnd = symbols.addressOf("__irqentry_text_end").orElse(0);
    }

    private static EventFormat find(EventFormats formats, String name) {
        for (EventFormat f : formats.all()) {
            if (f.name().equals(name) && f.system().equals("ftrace")) {
                return f;
            }
        }
        return null;
    }

    /**
     * Creates the printer of the {@code trace} file while function_graph is the current tracer.
     *
     * @param formats the buffer's formats
     * @param context symbols (with the irq entry section markers), task names, clock
     * @param options the tracer's display options
     * @return the renderer
     */
    public static FunctionGraphRenderer forTracer(EventFormats formats, RenderContext context,
            FunctionGraphOptions options) {
        return new FunctionGraphRenderer(new EventRenderer(formats, context, options), options, true);
    }

    /**
     * Creates the printer of graph entries under another tracer: each record as an event line with
     * the usual prefix, with no state kept between records (other records render as
     * {@link EventRenderer#appendLine} does).
     *
     * @param formats the buffer's formats
     * @param context symbols, task names, clock
     * @param options the function_graph tracer's display options (the kernel uses them even when
     *     another tracer is current)
     * @return the renderer
     */
    public static FunctionGraphRenderer forEvents(EventFormats formats, RenderContext context,
            FunctionGraphOptions options) {
        return new FunctionGraphRenderer(new EventRenderer(formats, context, options), options, false);
    }

    /** Forgets the per-CPU state, as a new open of the {@code trace} file starts afresh. */
    public void reset() {
        Arrays.fill(lastPid, -1);
        Arrays.fill(depth, 0);
        Arrays.fill(depthIrq, -1);
        for (long[] f : enterFuncs) {
            Arrays.fill(f, 0);
        }
    }

    /**
     * Appends the kernel's text for a record.
     *
     * @param record the record
     * @param next the next record of the same CPU, or {@code null} if there is none
     * @param out where to append (nothing when the kernel prints nothing for the record)
     * @return whether {@code next} was consumed as the return of a leaf function
     */
    public boolean append(EventRecord record, EventRecord next, StringBuilder out) {
        Objects.requireNonNull(record, "record");
        int start = out.length();
        try {
            int id = record.id();
            boolean graph = id == entryId || id == retaddrEntryId || id == exitId;
            if (!tracerMode) {
                if (!graph) {
                    events.appendLine(record, out);
                    return false;
                }
                events.appendPrefix(record, out);
                return appendGraph(record, next, out);
            }
            if (graph) {
                return appendGraph(record, next, out);
            }
            EventFormat format = events.formats().byId(id);
            String name = format == null ? "" : format.name();
            boolean ftrace = format != null && format.system().equals("ftrace");
            if (ftrace && (name.equals("function") || name.equals("kernel_stack"))) {
                events.appendLine(record, out); // the graph printer leaves these to the default one
                return false;
            }
            appendComment(record, format, ftrace ? name : null, out);
            return false;
        } catch (RuntimeException e) { // a corrupt record: this record only
            out.setLength(start);
            events.appendLine(record, out);
            return false;
        }
    }

    /**
     * The graph text of one entry or return, without the event-line prefix: what the EventRenderer
     * shows for a graph record on its own (no lookahead, no state) and what both modes build on.
     */
    boolean appendGraph(EventRecord record, EventRecord next, StringBuilder out) {
        int id = record.id();
        if (id == exitId) {
            appendReturn(record, out);
            return false;
        }
        Layout layout = id == entryId ? entry : retaddrEntry;
        return appendEntry(record, layout, next, out);
    }

    private boolean appendEntry(EventRecord r, Layout layout, EventRecord next, StringBuilder out) {
        int cpu = r.cpu();
        long func = r.u64(layout.func);
        int callDepth = r.s32(layout.depth);
        if (tracerMode && checkIrqEntry(cpu, func, callDepth)) {
            return false;
        }
        prologue(r, true, func, out);
        boolean leaf = next != null && exitId >= 0 && next.id() == exitId && next.commonPid() == r.commonPid()
                && next.u64(exit.func) == func;
        boolean args = layout.args >= 0 && r.payloadLength() - layout.args >= 6 * 8;
        if (leaf) {
            long duration = next.u64(exit.rettime) - next.u64(exit.calltime);
            if (tracerMode) {
                ensure(cpu);
                depth[cpu] = callDepth - 1;
                if (callDepth >= 0 && callDepth < RETFUNC_DEPTH) {
                    enterFuncs[cpu][callDepth] = 0;
                }
            }
            duration(duration, 0, out);
            indent(callDepth, out);
            boolean retaddr = layout.retaddr >= 0 && layout == retaddrEntry;
            if (options.retval() || retaddr) {
                appendSymbol(func, out);
                out.append(args ? "(...);" : "();");
                out.append(" /*");
                if (retaddr) {
                    appendRetaddr(r.u64(layout.retaddr), out);
                }
                if (options.retval()) {
                    appendRetval(next, out);
                }
                out.append(" */");
            } else {
                appendSymbol(func, out);
                out.append(args ? "(...);" : "();");
            }
            irqMarker(r, next.u64(exit.func), false, out);
            return true;
        }
        if (tracerMode) {
            ensure(cpu);
            depth[cpu] = callDepth;
            if (callDepth >= 0 && callDepth < RETFUNC_DEPTH) {
                enterFuncs[cpu][callDepth] = func;
            }
        }
        duration(0, FILL_FULL, out);
        indent(callDepth, out);
        appendSymbol(func, out);
        out.append(args ? "(...) {" : "() {");
        if (layout == retaddrEntry && layout.retaddr >= 0) {
            out.append(" /*");
            appendRetaddr(r.u64(layout.retaddr), out);
            out.append(" */");
        }
        return false;
    }

    private void appendReturn(EventRecord r, StringBuilder out) {
        int cpu = r.cpu();
        long func = r.u64(exit.func);
        int retDepth = r.s32(exit.depth);
        if (tracerMode && checkIrqReturn(cpu, retDepth)) {
            return;
        }
        boolean funcMatch = true;
        if (tracerMode) {
            ensure(cpu);
            depth[cpu] = retDepth - 1;
            if (retDepth >= 0 && retDepth < RETFUNC_DEPTH) {
                funcMatch = enterFuncs[cpu][retDepth] == func;
                enterFuncs[cpu][retDepth] = 0;
            }
        }
        prologue(r, false, 0, out);
        duration(r.u64(exit.rettime) - r.u64(exit.calltime), 0, out);
        indent(retDepth, out);
        if (options.retval() && exit.retval >= 0) {
            out.append("} /* ");
            appendSymbol(func, out);
            appendRetval(r, out);
            out.append(" */");
        } else if (funcMatch && !options.tail()) {
            out.append('}');
        } else {
            out.append("} /* ");
            appendSymbol(func, out);
            out.append(" */");
        }
        if (options.overrun() && exit.overrun >= 0) {
            out.append("\n (Overruns: ").append(Integer.toUnsignedString(r.s32(exit.overrun))).append(')');
        }
        irqMarker(r, func, false, out);
    }

    /** {@code print_graph_comment}: another event inside the graph, as a comment at the current depth. */
    private void appendComment(EventRecord r, EventFormat format, String ftraceName, StringBuilder out) {
        int cpu = r.cpu();
        ensure(cpu);
        int d = depth[cpu];
        prologue(r, false, 0, out);
        duration(0, FILL_FULL, out);
        if (d > 0) {
            out.repeat(' ', Math.min((d + 1) * 2, MAX_INDENT));
        }
        out.append("/* ");
        scratch.setLength(0);
        events.appendInfo(r, scratch);
        int from = 0;
        if (format == null) {
            out.append(scratch);
        } else if ("print".equals(ftraceName) || "bprint".equals(ftraceName) || "bputs".equals(ftraceName)) {
            // the message only, without the caller (the "msg_only" printers)
            int sep = scratch.indexOf(": ");
            from = sep < 0 ? 0 : sep + 2;
            out.append(scratch, from, scratch.length());
        } else {
            if (events.namePrefixed(format)) {
                out.append(format.name()).append(": ");
            }
            out.append(scratch);
        }
        if (out.length() > 0 && out.charAt(out.length() - 1) == '\n') {
            out.setLength(out.length() - 1);
        }
        out.append(" */");
    }

    /** {@code print_graph_prologue}: the pid-change separator, an irq entry marker, the columns. */
    private void prologue(EventRecord r, boolean entering, long func, StringBuilder out) {
        int cpu = r.cpu();
        int pid = r.commonPid();
        if (tracerMode) {
            ensure(cpu);
            int prev = lastPid[cpu];
            if (prev != pid) {
                lastPid[cpu] = pid;
                if (prev != -1) {
                    out.append(" ------------------------------------------\n");
                    cpuColumn(cpu, out);
                    proc(prev, out);
                    out.append(" => ");
                    proc(pid, out);
                    out.append("\n ------------------------------------------\n\n");
                }
            }
        }
        if (entering) {
            irqMarker(r, func, true, out);
        }
        columns(r, out);
    }

    private void columns(EventRecord r, StringBuilder out) {
        if (!options.contextInfo()) {
            return;
        }
        if (options.absTime()) {
            long ts = r.timestamp();
            Digits.appendDecimal(out, Long.divideUnsigned(ts, 1_000_000_000L), 5, ' ');
            out.append('.');
            Digits.appendDecimal(out, Long.remainderUnsigned(ts, 1_000_000_000L) / 1000, 6, '0');
            out.append(" |  ");
        }
        if (options.cpu()) {
            cpuColumn(r.cpu(), out);
        }
        if (options.proc()) {
            proc(r.commonPid(), out);
            out.append(" | ");
        }
        if (options.latencyFormat()) {
            out.append(' ');
            LinePrefix.appendLatencyFlags(r.commonFlags(), r.commonPreemptCount() | (r.commonMigrateDisable() << 4),
                    out);
            out.append(" | ");
        }
    }

    /**
     * {@code print_graph_irq}: a {@code ==========>} (entry) or {@code <==========} (return) line
     * when the function is in the irq entry section; an entry's marker comes before its line, a
     * return's after it.
     */
    private void irqMarker(EventRecord r, long func, boolean entering, StringBuilder out) {
        if (irqEnd == 0 || Long.compareUnsigned(func, irqStart) < 0 || Long.compareUnsigned(func, irqEnd) >= 0) {
            return;
        }
        if (!entering) {
            out.append('\n');
        }
        columns(r, out);
        duration(0, FILL_START, out);
        out.append(entering ? "==========>" : "<==========");
        duration(0, FILL_END, out);
        if (entering) {
            out.append('\n');
        }
    }

    /** {@code check_irq_entry}: with funcgraph-irqs off, whether this entry is hidden as irq code. */
    private boolean checkIrqEntry(int cpu, long func, int callDepth) {
        if (options.irqs()) {
            return false;
        }
        ensure(cpu);
        if (depthIrq[cpu] >= 0) {
            return true;
        }
        if (irqEnd == 0 || Long.compareUnsigned(func, irqStart) < 0 || Long.compareUnsigned(func, irqEnd) >= 0) {
            return false;
        }
        depthIrq[cpu] = callDepth;
        return true;
    }

    /** {@code check_irq_return}: with funcgraph-irqs off, whether this return is hidden as irq code. */
    private boolean checkIrqReturn(int cpu, int retDepth) {
        if (options.irqs()) {
            return false;
        }
        ensure(cpu);
        if (depthIrq[cpu] == -1) {
            return false;
        }
        if (depthIrq[cpu] >= retDepth) {
            depthIrq[cpu] = -1;
        }
        return true;
    }

    /** {@code print_graph_duration} with {@code trace_print_graph_duration}. */
    private void duration(long nanos, int fill, StringBuilder out) {
        if (!options.duration() || !options.contextInfo()) {
            return;
        }
        switch (fill) {
            case FILL_FULL -> {
                out.append("              |  ");
                return;
            }
            case FILL_START -> {
                out.append("  ");
                return;
            }
            case FILL_END -> {
                out.append(" |");
                return;
            }
            default -> {
            }
        }
        out.append(options.overhead() ? mark(nanos) : ' ').append(' ');
        long usecs = Long.divideUnsigned(nanos, 1000);
        int rem = (int) Long.remainderUnsigned(nanos, 1000);
        int start = out.length();
        if (usecs >= 0) {
            Digits.appendDecimal(out, usecs, 0, ' ');
        } else {
            out.append(Long.toUnsignedString(usecs));
        }
        int len = out.length() - start;
        if (len < 7) {
            // snprintf of "%03lu" into min(5, 8 - len) bytes: at most 4 - ... digits survive
            int keep = Math.min(5, 8 - len) - 1;
            int digitsStart = out.append('.').length();
            Digits.appendDecimal(out, rem, 3, '0');
            int digits = out.length() - digitsStart;
            if (digits > keep) {
                out.setLength(digitsStart + keep);
                digits = keep;
            }
            len += digits + 1;
        }
        out.append(" us ");
        if (len < 8) {
            out.repeat(' ', 8 - len);
        }
        out.append("|  ");
    }

    /** {@code trace_find_mark}: the overhead mark of a duration. */
    static char mark(long nanos) {
        if (Long.compareUnsigned(nanos, 1_000_000_000L) > 0) {
            return '$';
        }
        if (Long.compareUnsigned(nanos, 100_000_000L) > 0) {
            return '@';
        }
        if (Long.compareUnsigned(nanos, 10_000_000L) > 0) {
            return '*';
        }
        if (Long.compareUnsigned(nanos, 1_000_000L) > 0) {
            return '#';
        }
        if (Long.compareUnsigned(nanos, 100_000L) > 0) {
            return '!';
        }
        if (Long.compareUnsigned(nanos, 10_000L) > 0) {
            return '+';
        }
        return ' ';
    }

    /** {@code print_graph_cpu}: {@code " %*d) "}, as wide as the largest possible CPU number. */
    private void cpuColumn(int cpu, StringBuilder out) {
        out.append(' ');
        if (cpu >= 0) {
            Digits.appendDecimal(out, cpu, cpuDigits, ' ');
        } else {
            out.append(cpu);
        }
        out.append(") ");
    }

    /** {@code print_graph_proc}: {@code comm-pid} (comm cut to 7 characters) centred in 14 columns. */
    private void proc(int pid, StringBuilder out) {
        String comm = context.comms().comm(pid);
        if (comm.length() > 7) {
            comm = comm.substring(0, 7);
        }
        String pidText = Integer.toString(pid);
        int len = comm.length() + pidText.length() + 1;
        int spaces = len < 14 ? 14 - len : 0;
        out.repeat(' ', spaces / 2).append(comm).append('-').append(pidText).repeat(' ', spaces - spaces / 2);
    }

    private void indent(int d, StringBuilder out) {
        if (d > 0) {
            out.repeat(' ', (int) Math.min(2L * d, MAX_INDENT));
        }
    }

    /** {@code %ps}: the name, and {@code " [module]"} for a module's function. */
    private void appendSymbol(long address, StringBuilder out) {
        context.symbols().appendSymbol(out, address, false, true);
    }

    /** {@code print_graph_retaddr}: {@code " <-caller+0xoff/0xsize"} ({@code sprint_symbol}: with the module). */
    private void appendRetaddr(long retaddr, StringBuilder out) {
        out.append(" <-");
        context.symbols().appendSymbol(out, retaddr, true, true);
    }

    /** {@code print_graph_retval}'s value part: {@code ret=0x...} or a negative errno in decimal. */
    private void appendRetval(EventRecord exitRecord, StringBuilder out) {
        if (exit.retval < 0) {
            return;
        }
        long retval = exitRecord.u64(exit.retval);
        long errCode = 0;
        if (retval != 0 && !options.retvalHex()) {
            errCode = (retval & 0x8000_0000L) != 0 && (retval >>> 32) == 0 ? (long) (int) retval : retval;
            if (Long.compareUnsigned(errCode, -4095L) < 0) { // !IS_ERR_VALUE
                errCode = 0;
            }
        }
        if (options.retvalHex() || errCode == 0) {
            out.append(" ret=0x").append(Long.toHexString(retval));
        } else {
            out.append(" ret=").append(errCode);
        }
    }

    private void ensure(int cpu) {
        if (cpu < lastPid.length) {
            return;
        }
        int n = Math.max(cpu + 1, lastPid.length * 2);
        int old = lastPid.length;
        lastPid = Arrays.copyOf(lastPid, n);
        depth = Arrays.copyOf(depth, n);
        depthIrq = Arrays.copyOf(depthIrq, n);
        enterFuncs = Arrays.copyOf(enterFuncs, n);
        for (int i = old; i < n; i++) {
            lastPid[i] = -1;
            depthIrq[i] = -1;
            enterFuncs[i] = new long[RETFUNC_DEPTH];
        }
    }
}
