package dev.jtrace.traceevent.internal;

import dev.jtrace.traceevent.CommTable;
import dev.jtrace.traceevent.EventFormat;
import dev.jtrace.traceevent.EventRecord;
import dev.jtrace.traceevent.FieldFormat;
import dev.jtrace.traceevent.KernelSymbols;
import dev.jtrace.traceevent.RenderContext;

/**
 * ftrace's own entries, which the kernel prints with dedicated functions
 * ({@code kernel/trace/trace_output.c} and the tracers' files) rather than their print fmts:
 * {@code print} ({@code trace_marker} text: {@code tracing_mark_write: text}), {@code raw_data}
 * ({@code trace_marker_raw}: {@code # 2a buf: 01 02 ...}), bprint, bputs, the stacks,
 * {@code function} and {@code func_repeats}, the wakeup tracers' {@code context_switch} and
 * {@code wakeup}, {@code hwlat}, {@code osnoise}, {@code timerlat}, {@code branch} and the
 * mmiotrace entries. Fields are found by name in the record's own format, so every kernel's layout
 * reads right; where the text differs between kernels, the printer says which one it follows.
 * (function_graph entries: {@code dev.jtrace.traceevent.FunctionGraphRenderer}.)
 */
final class FtracePrinters {
    private FtracePrinters() {
    }

    /** Returns the printer for an ftrace-internal event jtrace renders, or {@code null}. */
    static InfoPrinter forEvent(EventFormat format, RenderContext context) {
        if (!format.system().equals("ftrace")) {
            return null;
        }
        KernelSymbols symbols = context.symbols();
        java.util.Map<Long, String> printkFormats = context.printkFormats();
        FieldFormat buf = format.field("buf");
        return switch (format.name()) {
            case "context_switch", "wakeup" -> {
                int[] o = offsets(format, "prev_pid", "prev_prio", "prev_state", "next_cpu", "next_pid", "next_prio",
                        "next_state");
                yield o == null ? null : new CtxWake(o, format.name().equals("wakeup") ? "  +" : "==>", context.comms());
            }
            case "hwlat" -> {
                int[] o = offsets(format, "seqnum", "duration", "outer_duration", "tv_sec", "tv_nsec", "count",
                        "nmi_count", "nmi_total_ts");
                yield o == null ? null : new Hwlat(o);
            }
            case "osnoise" -> {
                int[] o = offsets(format, "runtime", "noise", "max_sample", "hw_count", "nmi_count", "irq_count",
                        "softirq_count", "thread_count");
                yield o == null ? null : new Osnoise(o);
            }
            case "timerlat" -> {
                int[] o = offsets(format, "seqnum", "context", "timer_latency");
                yield o == null ? null : new Timerlat(o);
            }
            case "func_repeats" -> {
                int[] o = offsets(format, "ip", "parent_ip", "count", "top_delta_ts", "bottom_delta_ts");
                yield o == null ? null
                        : new FuncRepeats(o, symbols, LinePrefix.isNanosecondClock(context.traceClock()));
            }
            case "branch" -> {
                int[] o = offsets(format, "line", "func", "file", "correct");
                yield o == null ? null
                        : new Branch(o, format.field("func").size(), format.field("file").size());
            }
            case "mmiotrace_rw" -> {
                int[] o = offsets(format, "phys", "value", "pc", "map_id", "opcode", "width");
                yield o == null ? null : new MmioRw(o);
            }
            case "mmiotrace_map" -> {
                int[] o = offsets(format, "phys", "virt", "len", "map_id", "opcode");
                yield o == null ? null : new MmioMap(o);
            }
            case "print" -> {
                FieldFormat ip = format.field("ip");
                yield ip == null || buf == null ? null : new Print(ip.offset(), buf.offset(), symbols);
            }
            case "bprint" -> {
                FieldFormat ip = format.field("ip");
                FieldFormat fmt = format.field("fmt");
                yield ip == null || fmt == null || buf == null ? null
                        : new BprintPrinter(ip.offset(), fmt.offset(), buf.offset(), symbols, printkFormats);
            }
            case "bputs" -> {
                FieldFormat ip = format.field("ip");
                FieldFormat str = format.field("str");
                yield ip == null || str == null ? null : new Bputs(ip.offset(), str.offset(), symbols, printkFormats);
            }
            case "user_stack" -> {
                FieldFormat caller = format.field("caller");
                yield caller == null ? null : new UserStack(caller.offset());
            }
            case "function" -> {
                FieldFormat ip = format.field("ip");
                FieldFormat parent = format.field("parent_ip");
                FieldFormat args = format.field("args");
                yield ip == null || parent == null ? null
                        : new Function(ip.offset(), parent.offset(), args == null ? -1 : args.offset(), symbols);
            }
            case "kernel_stack" -> {
                FieldFormat caller = format.field("caller");
                yield caller == null ? null : new KernelStack(caller.offset(), symbols);
            }
            case "raw_data" -> {
                FieldFormat id = format.field("id");
                yield id == null || buf == null ? null : new RawData(id.offset(), buf.offset());
            }
            default -> null;
        };
    }

    /** {@code trace_print_print}: the caller's symbol, ": ", the text without its final newline. */
    private record Print(int ipOffset, int bufOffset, KernelSymbols symbols) implements InfoPrinter.OwnForm {

        @Override
        public void append(EventRecord r, StringBuilder out) {
            symbols.appendSymbol(out, r.u64(ipOffset), false, false);
            out.append(": ");
            int length = r.cStringLength(bufOffset, r.payloadLength() - bufOffset);
            if (length > 0 && r.u8(bufOffset + length - 1) == '\n') {
                length--;
            }
            RenderNodes.appendText(r, bufOffset, length, out);
        }
    }

    /**
     * {@code trace_stack_print}: {@code <stack trace>}, then one {@code  => symbol} line per frame
     * up to the end of the entry or a {@code ULONG_MAX} terminator (lines joined with '\n').
     */
    private record KernelStack(int callerOffset, KernelSymbols symbols) implements InfoPrinter.OwnForm {

        @Override
        public void append(EventRecord r, StringBuilder out) {
            out.append("<stack trace>");
            for (int at = callerOffset; at + 8 <= r.payloadLength(); at += 8) {
                long ip = r.u64(at);
                if (ip == -1L) {
                    break;
                }
                out.append("\n => ");
                if (ip == 0) {
                    out.append('0');
                } else {
                    symbols.appendSymbol(out, ip, false, false);
                }
            }
        }
    }

    /**
     * {@code trace_user_stack_print} without {@code sym-userobj}: {@code <user stack trace>}, then
     * {@code  => <%016lx>} per frame until a zero address.
     */
    private record UserStack(int callerOffset) implements InfoPrinter.OwnForm {

        @Override
        public void append(EventRecord r, StringBuilder out) {
            out.append("<user stack trace>");
            for (int at = callerOffset; at + 8 <= r.payloadLength(); at += 8) {
                long ip = r.u64(at);
                if (ip == 0) {
                    break;
                }
                out.append("\n =>  <"); // seq_print_user_ip adds its own leading space
                for (int shift = 60; shift >= 0; shift -= 4) {
                    out.append(Character.forDigit((int) (ip >>> shift) & 0xF, 16));
                }
                out.append('>');
            }
        }
    }

    /**
     * {@code trace_fn_trace} with the default {@code print-parent} option: the traced function, then
     * {@code  <-caller} when the caller is known.
     */
    private record Function(int ipOffset, int parentOffset, int argsOffset, KernelSymbols symbols)
            implements InfoPrinter.OwnForm {

        @Override
        public void append(EventRecord r, StringBuilder out) {
            if (argsOffset >= 0 && r.payloadLength() > argsOffset) {
                // func-args (6.16+): the kernel prints the arguments by their BTF prototypes
                throw new IllegalStateException("function arguments (option func-args) are not rendered");
            }
            appendFunction(out, r.u64(ipOffset), r.u64(parentOffset), symbols);
        }
    }

    /**
     * {@code trace_bputs_print} ({@code trace_puts()} of a constant string): the caller, ": ", and
     * the string, which printk_formats lists at the address the entry stores.
     */
    private record Bputs(int ipOffset, int strOffset, KernelSymbols symbols, java.util.Map<Long, String> strings)
            implements InfoPrinter.OwnForm {
        @Override
        public void append(EventRecord r, StringBuilder out) {
            long address = r.u64(strOffset);
            String text = strings.get(address);
            if (text == null) {
                throw new IllegalStateException("printk_formats has no string at 0x" + Long.toHexString(address));
            }
            symbols.appendSymbol(out, r.u64(ipOffset), false, false);
            out.append(": ").append(text, 0, text.endsWith("\n") ? text.length() - 1 : text.length());
        }
    }

    /** {@code trace_raw_data}: the id in hex, then every payload byte after it. */
    private record RawData(int idOffset, int bufOffset) implements InfoPrinter.OwnForm {

        @Override
        public void append(EventRecord r, StringBuilder out) {
            out.append("# ").append(Long.toHexString(r.u32(idOffset))).append(" buf:");
            for (int i = bufOffset; i < r.payloadLength(); i++) {
                int b = r.u8(i);
                out.append(' ').append(Character.forDigit(b >> 4, 16)).append(Character.forDigit(b & 0xF, 16));
            }
        }
    }

    /**
     * {@code print_fn_trace} with the default {@code print-parent}: {@code seq_print_ip_sym} of the
     * function (a bare {@code 0} for address 0, as the wakeup tracers' own entries may hold), then
     * {@code  <-caller} unless the caller is 0.
     */
    static void appendFunction(StringBuilder out, long ip, long parent, KernelSymbols symbols) {
        if (ip == 0) {
            out.append('0');
        } else {
            symbols.appendSymbol(out, ip, false, false);
        }
        if (parent != 0) {
            out.append(" <-");
            symbols.appendSymbol(out, parent, false, false);
        }
    }

    /** The offsets of the named fields, or {@code null} if the format lacks one. */
    private static int[] offsets(EventFormat format, String... names) {
        int[] o = new int[names.length];
        for (int i = 0; i < names.length; i++) {
            FieldFormat f = format.field(names[i]);
            if (f == null) {
                return null;
            }
            o[i] = f.offset();
        }
        return o;
    }

    /** Appends an unsigned 64-bit value in decimal, left-padded with spaces to {@code width}. */
    static void appendUnsigned(StringBuilder out, long value, int width) {
        if (value >= 0) {
            Digits.appendDecimal(out, value, width, ' ');
        } else {
            String s = Long.toUnsignedString(value);
            if (s.length() < width) {
                out.repeat(' ', width - s.length());
            }
            out.append(s);
        }
    }

    /** Appends a value left-aligned in {@code width} columns ({@code %-Nu}). */
    private static void appendLeft(StringBuilder out, long value, boolean unsigned, int width) {
        int start = out.length();
        if (unsigned) {
            appendUnsigned(out, value, 0);
        } else {
            out.append(value);
        }
        int pad = width - (out.length() - start);
        if (pad > 0) {
            out.repeat(' ', pad);
        }
    }

    /** {@code task_index_to_char}: the state letter of a task state index (6.1 through 6.18). */
    static char stateChar(int index) {
        String states = "RSDTtXZPI";
        return index >= 0 && index < states.length() ? states.charAt(index) : '?';
    }

    /**
     * {@code trace_ctxwake_print} (wakeup tracers): {@code " %7d:%3d:%c %s [%03d] %7d:%3d:%c %s"}
     * with {@code ==>} for a context switch and {@code   +} for a wakeup, the next task's name
     * last. A state index past the kernel's table ({@code RSDTtXZPI}) prints as {@code ?}.
     */
    private record CtxWake(int[] o, String delimiter, CommTable comms) implements InfoPrinter.OwnForm {
        @Override
        public void append(EventRecord r, StringBuilder out) {
            int nextPid = (int) r.u32(o[4]);
            out.append(' ');
            pad(out, r.s32(o[0]), 7);
            out.append(':');
            pad(out, r.u8(o[1]), 3);
            out.append(':').append(stateChar(r.u8(o[2]))).append(' ').append(delimiter).append(" [");
            int cpu = r.s32(o[3]);
            if (cpu >= 0 && cpu < 1000) {
                Digits.appendDecimal(out, cpu, 3, '0');
            } else {
                out.append(String.format(java.util.Locale.ROOT, "%03d", cpu));
            }
            out.append("] ");
            pad(out, nextPid, 7);
            out.append(':');
            pad(out, r.u8(o[5]), 3);
            out.append(':').append(stateChar(r.u8(o[6]))).append(' ').append(comms.comm(nextPid));
        }

        private static void pad(StringBuilder out, int value, int width) {
            int start = out.length();
            out.append(value);
            int n = width - (out.length() - start);
            if (n > 0) {
                out.insert(start, " ".repeat(n));
            }
        }
    }

    /**
     * {@code trace_hwlat_print}: {@code #seq inner/outer(us): inner/outer ts:sec.nsec count:n}, then
     * {@code  nmi-total:t nmi-count:n} when NMIs were counted. The NMI total follows architectures
     * without {@code CONFIG_GENERIC_SCHED_CLOCK} (x86), which print it; arm64 kernels leave it out.
     */
    private record Hwlat(int[] o) implements InfoPrinter.OwnForm {
        @Override
        public void append(EventRecord r, StringBuilder out) {
            out.append('#');
            appendLeft(out, r.u32(o[0]), true, 5);
            out.append(" inner/outer(us): ");
            appendUnsigned(out, r.u64(o[1]), 4);
            out.append('/');
            appendLeft(out, r.u64(o[2]), true, 5);
            out.append(" ts:").append(r.s64(o[3])).append('.');
            long nsec = r.s64(o[4]);
            if (nsec >= 0) {
                Digits.appendDecimal(out, nsec, 9, '0');
            } else {
                out.append(String.format(java.util.Locale.ROOT, "%09d", nsec));
            }
            out.append(" count:").append(r.s32(o[5]));
            long nmiCount = r.u32(o[6]);
            if (nmiCount != 0) {
                out.append(" nmi-total:");
                appendUnsigned(out, r.u64(o[7]), 0);
                out.append(" nmi-count:").append(nmiCount);
            }
        }
    }

    /**
     * {@code trace_osnoise_print}: runtime, noise, the available CPU share with five decimals,
     * the largest sample and the interference counts. The share is computed as the kernel does it,
     * {@code (runtime - noise) * 10000000} in 64 bits divided by {@code do_div}'s 32-bit divisor
     * (the runtime's low 32 bits); a zero divisor (which would fault the kernel) is an error here.
     */
    private record Osnoise(int[] o) implements InfoPrinter.OwnForm {
        @Override
        public void append(EventRecord r, StringBuilder out) {
            long runtime = r.u64(o[0]);
            long noise = r.u64(o[1]);
            long divisor = runtime & 0xFFFF_FFFFL;
            if (divisor == 0) {
                throw new IllegalStateException("osnoise runtime " + Long.toUnsignedString(runtime)
                        + " divides by zero");
            }
            long ratio = Long.divideUnsigned((runtime - noise) * 10_000_000L, divisor);
            long ratioDec = Long.remainderUnsigned(ratio, 100_000);
            ratio = Long.divideUnsigned(ratio, 100_000);
            appendUnsigned(out, runtime, 0);
            out.append(' ');
            appendUnsigned(out, noise, 10);
            out.append(' ');
            appendUnsigned(out, ratio, 3);
            out.append('.');
            Digits.appendDecimal(out, ratioDec, 5, '0');
            out.append(' ');
            appendUnsigned(out, r.u64(o[2]), 7);
            for (int i = 3; i < 8; i++) {
                out.append(' ');
                appendUnsigned(out, r.u32(o[i]), 6);
            }
        }
    }

    /**
     * {@code trace_timerlat_print}: {@code #seq context irq|thread timer_latency n ns}. Context 2
     * ({@code user-ret}, 6.6+) prints as 6.6+ does; a context no kernel writes prints as 6.1 would
     * (anything but 0 is {@code thread}).
     */
    private record Timerlat(int[] o) implements InfoPrinter.OwnForm {
        @Override
        public void append(EventRecord r, StringBuilder out) {
            out.append('#');
            appendLeft(out, r.u32(o[0]), true, 5);
            int context = r.s32(o[1]);
            String name = context == 0 ? "irq" : context == 2 ? "user-ret" : "thread";
            out.append(" context ").repeat(' ', Math.max(0, 6 - name.length())).append(name)
                    .append(" timer_latency ");
            appendUnsigned(out, r.u64(o[2]), 9);
            out.append(" ns");
        }
    }

    /**
     * {@code trace_func_repeats_print}: the function and its caller as for {@code function}, then
     * {@code  (repeats: n, last_ts: t)} with the time of the last repeat (the entry's time stamp
     * minus the 48-bit delta it stores).
     */
    private record FuncRepeats(int[] o, KernelSymbols symbols, boolean nanosecondClock)
            implements InfoPrinter.OwnForm {
        @Override
        public void append(EventRecord r, StringBuilder out) {
            appendFunction(out, r.u64(o[0]), r.u64(o[1]), symbols);
            out.append(" (repeats: ").append(r.u16(o[2])).append(", last_ts:");
            long delta = ((long) r.u16(o[3]) << 32) | r.u32(o[4]);
            LinePrefix.appendTime(r.timestamp() - delta, nanosecondClock, out);
            out.append(')');
        }
    }

    /** {@code trace_branch_print}: {@code [  ok  ] func:file:line} or {@code [ MISS ] ...}. */
    private record Branch(int[] o, int funcSize, int fileSize) implements InfoPrinter.OwnForm {
        @Override
        public void append(EventRecord r, StringBuilder out) {
            out.append(r.u8(o[3]) != 0 ? "[  ok  ] " : "[ MISS ] ");
            RenderNodes.appendCString(r, o[1], funcSize, out);
            out.append(':');
            RenderNodes.appendCString(r, o[2], fileSize, out);
            out.append(':').append(r.s32(o[0]));
        }
    }

    /** The time column of mmiotrace lines: {@code sec.usec} of the rounded microseconds. */
    private static void appendMmioTime(EventRecord r, StringBuilder out) {
        long usecs = Long.divideUnsigned(r.timestamp() + 500, 1000);
        out.append(Long.divideUnsigned(usecs, 1_000_000) & 0xFFFF_FFFFL).append('.');
        Digits.appendDecimal(out, Long.remainderUnsigned(usecs, 1_000_000), 6, '0');
    }

    /**
     * {@code mmio_print_rw} (kernel/trace/trace_mmiotrace.c, the same in 6.1 and 6.18): a whole line
     * {@code R|W width sec.usec map_id 0xphys 0xvalue 0xpc 0}, or {@code UNKNOWN ...} with the
     * instruction bytes.
     */
    private record MmioRw(int[] o) implements InfoPrinter.WholeLine {
        @Override
        public void append(EventRecord r, StringBuilder out) {
            int opcode = r.u8(o[4]);
            long value = r.u64(o[1]);
            switch (opcode) {
                case 1, 2 -> { // MMIO_READ, MMIO_WRITE
                    out.append(opcode == 1 ? "R " : "W ").append(r.u8(o[5])).append(' ');
                    appendMmioTime(r, out);
                    out.append(' ').append(r.s32(o[3])).append(" 0x").append(Long.toHexString(r.u64(o[0])))
                            .append(" 0x").append(Long.toHexString(value)).append(" 0x")
                            .append(Long.toHexString(r.u64(o[2]))).append(" 0");
                }
                case 5 -> { // MMIO_UNKNOWN_OP
                    out.append("UNKNOWN ");
                    appendMmioTime(r, out);
                    out.append(' ').append(r.s32(o[3])).append(" 0x").append(Long.toHexString(r.u64(o[0])))
                            .append(' ');
                    hex2(out, (value >>> 16) & 0xFF).append(',');
                    hex2(out, (value >>> 8) & 0xFF).append(',');
                    hex2(out, value & 0xFF).append(" 0x").append(Long.toHexString(r.u64(o[2]))).append(" 0");
                }
                default -> out.append("rw what?");
            }
        }

        private static StringBuilder hex2(StringBuilder out, long b) {
            return out.append(Character.forDigit((int) (b >> 4), 16)).append(Character.forDigit((int) (b & 0xF), 16));
        }
    }

    /**
     * {@code mmio_print_map}: a whole line {@code MAP sec.usec map_id 0xphys 0xvirt 0xlen 0x0 0} for a
     * mapping, {@code UNMAP sec.usec map_id 0x0 0} for its removal.
     */
    private record MmioMap(int[] o) implements InfoPrinter.WholeLine {
        @Override
        public void append(EventRecord r, StringBuilder out) {
            switch (r.u8(o[4])) {
                case 3 -> { // MMIO_PROBE
                    out.append("MAP ");
                    appendMmioTime(r, out);
                    out.append(' ').append(r.s32(o[3])).append(" 0x").append(Long.toHexString(r.u64(o[0])))
                            .append(" 0x").append(Long.toHexString(r.u64(o[1]))).append(" 0x")
                            .append(Long.toHexString(r.u64(o[2]))).append(" 0x0 0");
                }
                case 4 -> { // MMIO_UNPROBE
                    out.append("UNMAP ");
                    appendMmioTime(r, out);
                    out.append(' ').append(r.s32(o[3])).append(" 0x0 0");
                }
                default -> out.append("map what?");
            }
        }
    }
}
