package dev.jtrace.traceevent.internal;

import dev.jtrace.traceevent.EventRecord;
import dev.jtrace.traceevent.KernelSymbols;
import dev.jtrace.traceevent.printfmt.Conversion;
import dev.jtrace.traceevent.printfmt.PrintFmt;
import dev.jtrace.traceevent.printfmt.Segment;
import java.util.HashMap;
import java.util.Map;

/**
 * ftrace's {@code bprint} entries ({@code trace_printk()} with a constant format): the kernel
 * stores a pointer to the format, which {@code printk_formats} lists, and the arguments packed by
 * {@code vbin_printf} ({@code lib/vsprintf.c}); {@code trace_bprint_print} shows
 * {@code caller: formatted text}.
 *
 * <p>Packing rules of {@code vbin_printf}, which this reads back: {@code char} arguments take 1
 * byte, {@code short} 2 bytes aligned to 2, {@code int} (and {@code *} widths) 4 bytes aligned to
 * 4, 64-bit values ({@code l}, {@code ll}, {@code z}, {@code t}, plain {@code %p} and the symbol
 * forms {@code %pS %ps %pF %pf %px %pK}) 8 bytes aligned to 4; {@code %s} strings and the other
 * {@code %p} extensions (already rendered by the kernel) are stored inline, NUL-terminated.
 */
final class BprintPrinter implements InfoPrinter.OwnForm {
    private final int ipOffset;
    private final int fmtOffset;
    private final int bufOffset;
    private final KernelSymbols symbols;
    private final Map<Long, String> formats;
    private final Map<Long, Segment[]> parsed = new HashMap<>();
    private final StringBuilder scratch = new StringBuilder();

    BprintPrinter(int ipOffset, int fmtOffset, int bufOffset, KernelSymbols symbols, Map<Long, String> formats) {
        this.ipOffset = ipOffset;
        this.fmtOffset = fmtOffset;
        this.bufOffset = bufOffset;
        this.symbols = symbols;
        this.formats = formats;
    }


    @Override
    public void append(EventRecord r, StringBuilder out) {
        symbols.appendSymbol(out, r.u64(ipOffset), false, false);
        out.append(": ");
        long fmtAddress = r.u64(fmtOffset);
        Segment[] segments = parsed.computeIfAbsent(fmtAddress, a -> {
            String fmt = formats.get(a);
            return fmt == null ? null : PrintFmt.segmentsOf(fmt).toArray(Segment[]::new);
        });
        if (segments == null) {
            throw new IllegalStateException("printk_formats has no format at 0x" + Long.toHexString(fmtAddress));
        }
        int start = out.length();
        int pos = bufOffset;
        int end = r.payloadLength();
        for (Segment segment : segments) {
            if (segment instanceof Segment.Text text) {
                out.append(text.text());
                continue;
            }
            Conversion c = (Conversion) segment;
            int width = c.width();
            if (width == Conversion.STAR) {
                pos = align(pos, 4);
                width = CompiledPrintFmt.clampField(KernelPrintf.starWidth(r.s32(pos)));
                pos += 4;
            }
            int precision = c.precision();
            if (precision == Conversion.STAR) {
                pos = align(pos, 4);
                precision = Math.min(KernelPrintf.starPrecision(r.s32(pos)), CompiledPrintFmt.MAX_FIELD);
                pos += 4;
            }
            switch (c.conversion()) {
                case 's' -> {
                    int length = r.cStringLength(pos, end - pos);
                    scratch.setLength(0);
                    RenderNodes.appendText(r, pos, length, scratch);
                    KernelPrintf.appendString(out, c, width, precision, scratch);
                    pos += length + 1;
                }
                case 'p' -> {
                    if (storesValue(c.pointerExt())) {
                        pos = align(pos, 4);
                        KernelPrintf.appendPointer(out, c, width, precision, r.u64(pos), symbols);
                        pos += 8;
                    } else { // rendered by the kernel when the event was written
                        int length = r.cStringLength(pos, end - pos);
                        RenderNodes.appendText(r, pos, length, out);
                        pos += length + 1;
                    }
                }
                case 'c' -> {
                    KernelPrintf.appendChar(out, c, width, r.u8(pos));
                    pos += 1;
                }
                default -> {
                    long value;
                    switch (c.length()) {
                        case "hh" -> {
                            value = r.s8(pos);
                            pos += 1;
                        }
                        case "h" -> {
                            pos = align(pos, 2);
                            value = r.s16(pos);
                            pos += 2;
                        }
                        case "l", "ll", "L", "z", "Z", "t", "j", "q" -> {
                            pos = align(pos, 4);
                            value = r.s64(pos);
                            pos += 8;
                        }
                        default -> {
                            pos = align(pos, 4);
                            value = r.s32(pos);
                            pos += 4;
                        }
                    }
                    KernelPrintf.appendInteger(out, c, width, precision, value);
                }
            }
        }
        // The text normally ends with the newline that ends the line in the trace file.
        if (out.length() > start && out.charAt(out.length() - 1) == '\n') {
            out.setLength(out.length() - 1);
        }
    }

    /** vbin_printf keeps the value for plain %p and the forms that print the value itself. */
    static boolean storesValue(String ext) {
        if (ext.isEmpty()) {
            return true;
        }
        return switch (ext.charAt(0)) {
            case 'S', 's', 'x', 'K', 'F', 'f', 'e' -> true;
            default -> !Character.isLetterOrDigit(ext.charAt(0));
        };
    }

    private static int align(int pos, int alignment) {
        return (pos + alignment - 1) & -alignment;
    }
}
