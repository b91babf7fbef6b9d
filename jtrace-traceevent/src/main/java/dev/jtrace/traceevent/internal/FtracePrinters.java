package dev.jtrace.traceevent.internal;

import dev.jtrace.traceevent.EventFormat;
import dev.jtrace.traceevent.EventRecord;
import dev.jtrace.traceevent.FieldFormat;
import dev.jtrace.traceevent.KernelSymbols;

/**
 * ftrace's own entries, which the kernel prints with dedicated functions
 * ({@code kernel/trace/trace_output.c}) rather than their print fmts: {@code print}
 * ({@code trace_marker} text: {@code tracing_mark_write: text}) and {@code raw_data}
 * ({@code trace_marker_raw}: {@code # 2a buf: 01 02 ...}).
 */
final class FtracePrinters {
    private FtracePrinters() {
    }

    /** Returns the printer for an ftrace-internal event jtrace renders, or {@code null}. */
    static InfoPrinter forEvent(EventFormat format, KernelSymbols symbols, java.util.Map<Long, String> printkFormats) {
        if (!format.system().equals("ftrace")) {
            return null;
        }
        FieldFormat buf = format.field("buf");
        return switch (format.name()) {
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
                yield ip == null || parent == null ? null : new Function(ip.offset(), parent.offset(), symbols);
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
    private record Function(int ipOffset, int parentOffset, KernelSymbols symbols) implements InfoPrinter.OwnForm {

        @Override
        public void append(EventRecord r, StringBuilder out) {
            symbols.appendSymbol(out, r.u64(ipOffset), false, false);
            long parent = r.u64(parentOffset);
            if (parent != 0) {
                out.append(" <-");
                symbols.appendSymbol(out, parent, false, false);
            }
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
}
