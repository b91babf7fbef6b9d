package dev.jtrace.traceevent.internal;

import dev.jtrace.traceevent.EventRecord;

/**
 * The kernel's print-fmt helpers that produce text ({@code __print_flags},
 * {@code __print_symbolic}, {@code __print_hex}, {@code __print_array}, {@code __get_bitmask}),
 * rendered as {@code kernel/trace/trace_output.c} does.
 */
final class HelperNodes {
    private HelperNodes() {
    }

    /** Base of the text-producing helpers. */
    abstract static class TextHelper extends RenderNode {
        @Override
        public final long evalLong(EventRecord r) {
            return 1; // the helpers return a non-null char *
        }

        @Override
        public final boolean isString() {
            return true;
        }
    }

    /**
     * {@code __print_flags(value, delim, {mask, "name"}, ...)}: matched names in table order, then
     * the leftover bits in hex, separated by the delimiter.
     */
    static final class PrintFlags extends TextHelper {
        private final RenderNode value;
        private final String delimiter;
        private final long[] masks;
        private final String[] names;

        PrintFlags(RenderNode value, String delimiter, long[] masks, String[] names) {
            this.value = value;
            this.delimiter = delimiter;
            this.masks = masks;
            this.names = names;
        }

        @Override
        public void appendString(EventRecord r, StringBuilder out) {
            long flags = value.evalLong(r);
            boolean first = true; // a matched empty name counts: the next name gets a delimiter
            for (int i = 0; i < masks.length && flags != 0; i++) {
                long mask = masks[i];
                if ((flags & mask) != mask) {
                    continue;
                }
                flags &= ~mask;
                if (!first) {
                    out.append(delimiter);
                }
                first = false;
                out.append(names[i]);
            }
            if (flags != 0) {
                if (!first) {
                    out.append(delimiter);
                }
                out.append("0x");
                Digits.appendHex(out, flags);
            }
        }
    }

    /**
     * {@code __print_symbolic(value, {key, "name"}, ...)}: the first matching name, or the value in
     * hex when none matches or the match is an empty name.
     */
    static final class PrintSymbolic extends TextHelper {
        private final RenderNode value;
        private final long[] keys;
        private final String[] names;

        PrintSymbolic(RenderNode value, long[] keys, String[] names) {
            this.value = value;
            this.keys = keys;
            this.names = names;
        }

        @Override
        public void appendString(EventRecord r, StringBuilder out) {
            long v = value.evalLong(r);
            for (int i = 0; i < keys.length; i++) {
                if (keys[i] == v && !names[i].isEmpty()) {
                    out.append(names[i]);
                    return;
                }
                if (keys[i] == v) {
                    break; // the kernel prints the value when the match printed nothing
                }
            }
            out.append("0x");
            Digits.appendHex(out, v);
        }
    }

    /** {@code __print_hex(buf, len)} and {@code __print_hex_str}: bytes in hex, 16 per chunk. */
    static final class PrintHex extends TextHelper {
        private final RenderNode data;
        private final RenderNode length;
        private final boolean concatenate;

        PrintHex(RenderNode data, RenderNode length, boolean concatenate) {
            this.data = data;
            this.length = length;
            this.concatenate = concatenate;
        }

        @Override
        public void appendString(EventRecord r, StringBuilder out) {
            int offset = data.dataOffset(r);
            long n = Math.min(length.evalLong(r), data.dataLength(r));
            for (int i = 0; i < n; i++) {
                if (i > 0 && !concatenate) {
                    out.append(' ');
                }
                int b = r.u8(offset + i);
                out.append(Character.forDigit(b >> 4, 16)).append(Character.forDigit(b & 0xF, 16));
            }
        }
    }

    /** {@code __print_array(array, count, el_size)}: {@code {0x1,0x2}}. */
    static final class PrintArray extends TextHelper {
        private final RenderNode data;
        private final RenderNode count;
        private final int elementSize;

        PrintArray(RenderNode data, RenderNode count, int elementSize) {
            this.data = data;
            this.count = count;
            this.elementSize = elementSize;
        }

        @Override
        public void appendString(EventRecord r, StringBuilder out) {
            int offset = data.dataOffset(r);
            long n = count.evalLong(r);
            long available = data.dataLength(r) / Math.max(elementSize, 1);
            if (n > available) {
                n = available;
            }
            out.append('{');
            for (int i = 0; i < n; i++) {
                if (i > 0) {
                    out.append(',');
                }
                int at = offset + i * elementSize;
                long v = switch (elementSize) {
                    case 1 -> r.u8(at);
                    case 2 -> r.u16(at);
                    case 4 -> r.u32(at);
                    default -> r.u64(at);
                };
                out.append("0x");
                Digits.appendHex(out, v);
            }
            out.append('}');
        }
    }

    /**
     * {@code __get_bitmask(field)} and {@code __get_cpumask(field)}: the bits as the kernel's
     * {@code %*pb} prints them (32-bit hex groups, most significant first, first group only as wide
     * as needed).
     */
    static final class Bitmask extends TextHelper {
        private final RenderNode data;

        Bitmask(RenderNode data) {
            this.data = data;
        }

        @Override
        public void appendString(EventRecord r, StringBuilder out) {
            int offset = data.dataOffset(r);
            int bytes = data.dataLength(r);
            int bits = bytes * 8;
            if (bits == 0) {
                return;
            }
            int groups = (bits + 31) / 32;
            int firstBits = bits - (groups - 1) * 32;
            for (int g = groups - 1; g >= 0; g--) {
                long word = 0;
                for (int b = Math.min(4, bytes - g * 4) - 1; b >= 0; b--) { // little-endian bytes of the group
                    word = (word << 8) | r.u8(offset + g * 4 + b);
                }
                int digits = g == groups - 1 ? (firstBits + 3) / 4 : 8;
                for (int d = digits - 1; d >= 0; d--) {
                    out.append(Character.forDigit((int) (word >>> (d * 4)) & 0xF, 16));
                }
                if (g > 0) {
                    out.append(',');
                }
            }
        }
    }

    /** {@code __get_dynamic_array_len(field)}. */
    static final class DataLength extends RenderNode {
        private final RenderNode data;

        DataLength(RenderNode data) {
            this.data = data;
        }

        @Override
        public long evalLong(EventRecord r) {
            return data.dataLength(r);
        }

        @Override
        public boolean isUnsigned() {
            return true;
        }

        @Override
        public int cSize() {
            return 4;
        }
    }
}
