package dev.jtrace.traceevent.internal;

import dev.jtrace.traceevent.EventRecord;
import dev.jtrace.traceevent.KernelSymbols;
import dev.jtrace.traceevent.printfmt.Conversion;
import dev.jtrace.traceevent.printfmt.Segment;
import java.util.List;

/**
 * An event's print fmt ready to render: the format's text and conversions with one compiled
 * argument node per argument.
 */
public final class CompiledPrintFmt {
    /**
     * Widths and precisions are clamped to this: the kernel renders into a {@code trace_seq} of
     * two pages, so a wider field never reaches the trace file, and a hostile {@code *} argument
     * must not make jtrace build a multi-megabyte line.
     */
    static final int MAX_FIELD = 8192;

    private final Segment[] segments;
    private final RenderNode[] args;
    private final StringBuilder scratch = new StringBuilder();

    CompiledPrintFmt(List<Segment> segments, RenderNode[] args) {
        this.segments = segments.toArray(Segment[]::new);
        this.args = args;
    }

    /**
     * Renders the record's text.
     *
     * @param record the record
     * @param symbols kernel symbols for {@code %pS}-style conversions
     * @param out where to append
     */
    public void render(EventRecord record, KernelSymbols symbols, StringBuilder out) {
        int arg = 0;
        for (Segment segment : segments) {
            if (segment instanceof Segment.Text text) {
                out.append(text.text());
                continue;
            }
            Conversion c = (Conversion) segment;
            int width = c.width();
            if (width == Conversion.STAR) {
                width = clampField(KernelPrintf.starWidth(args[arg++].evalLong(record)));
            }
            int precision = c.precision();
            if (precision == Conversion.STAR) {
                precision = Math.min(KernelPrintf.starPrecision(args[arg++].evalLong(record)), MAX_FIELD);
            }
            RenderNode node = args[arg++];
            switch (c.conversion()) {
                case 's' -> appendString(record, c, width, precision, node, out);
                case 'p' -> {
                    if (KernelPrintf.readsMemory(c)) {
                        int offset = node.dataOffset(record);
                        int length = node.dataLength(record);
                        if (offset < 0 || length < 0 || (long) offset + length > record.payloadLength()) {
                            throw new IllegalStateException("%p" + c.pointerExt() + " data at " + offset + " ("
                                    + length + " bytes) runs past the payload of " + record.payloadLength());
                        }
                        KernelPrintf.appendPointerData(out, c, width, precision, record.segment(),
                                record.payloadOffset() + offset, length);
                    } else {
                        KernelPrintf.appendPointer(out, c, width, precision, node.evalLong(record), symbols);
                    }
                }
                default -> KernelPrintf.appendInteger(out, c, width, precision, node.evalLong(record));
            }
        }
    }

    /** Clamps a width to +-{@link #MAX_FIELD}, keeping the left-justify sign. */
    static int clampField(int width) {
        return Math.clamp(width, -MAX_FIELD, MAX_FIELD);
    }

    private void appendString(EventRecord record, Conversion c, int width, int precision, RenderNode node,
            StringBuilder out) {
        if (width == -1 && precision < 0) {
            node.appendString(record, out);
            return;
        }
        scratch.setLength(0);
        node.appendString(record, scratch);
        KernelPrintf.appendString(out, c, width, precision, scratch);
    }
}
