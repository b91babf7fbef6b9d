package dev.jtrace.traceevent.internal;

import dev.jtrace.traceevent.EventFormat;
import dev.jtrace.traceevent.EventRecord;
import dev.jtrace.traceevent.FieldFormat;

/**
 * The fallback text of an event jtrace cannot render exactly: a marker saying why, then every
 * field as {@code name=value} (integers in decimal, char arrays as text, other arrays in hex).
 */
public final class FieldDump {
    private FieldDump() {
    }

    /**
     * Appends the dump.
     *
     * @param format the event
     * @param reason why the print fmt is not used
     * @param r the record
     * @param out where to append
     */
    public static void append(EventFormat format, String reason, EventRecord r, StringBuilder out) {
        out.append("[jtrace: ").append(reason).append(']');
        for (FieldFormat f : format.fields()) {
            out.append(' ').append(f.name()).append('=');
            try {
                appendValue(f, r, out);
            } catch (RuntimeException e) {
                out.append("<unreadable>");
            }
        }
    }

    private static void appendValue(FieldFormat f, EventRecord r, StringBuilder out) {
        int offset = f.offset();
        int size = f.size();
        if (f.isDynamicArray()) {
            offset = f.isRelativeDynamic() ? r.relLocOffset(f.offset()) : r.dataLocOffset(f.offset());
            size = f.isRelativeDynamic() ? r.relLocLength(f.offset()) : r.dataLocLength(f.offset());
        } else if (f.isFlexibleArray()) {
            size = r.payloadLength() - offset;
        }
        if (f.isString()) {
            RenderNodes.appendCString(r, offset, size, out);
        } else if (f.isArray() || size > 8 || size == 0) {
            for (int i = 0; i < size; i++) {
                int b = r.u8(offset + i);
                out.append(Character.forDigit(b >> 4, 16)).append(Character.forDigit(b & 0xF, 16));
            }
        } else {
            out.append(switch (size) {
                case 1 -> f.isSigned() ? r.s8(offset) : r.u8(offset);
                case 2 -> f.isSigned() ? r.s16(offset) : r.u16(offset);
                case 4 -> f.isSigned() ? r.s32(offset) : r.u32(offset);
                default -> r.s64(offset);
            });
        }
    }
}
