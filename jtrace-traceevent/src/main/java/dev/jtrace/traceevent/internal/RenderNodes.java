package dev.jtrace.traceevent.internal;

import dev.jtrace.traceevent.EventRecord;
import dev.jtrace.traceevent.FieldFormat;
import dev.jtrace.traceevent.printfmt.BinaryOp;
import dev.jtrace.traceevent.printfmt.UnaryOp;

/** The node kinds of a compiled print fmt. */
final class RenderNodes {
    private RenderNodes() {
    }

    /** Converts a value to a C integer type of {@code size} bytes: truncate, then sign- or zero-extend. */
    static long normalize(long v, int size, boolean unsigned) {
        return switch (size) {
            case 1 -> unsigned ? v & 0xFFL : (byte) v;
            case 2 -> unsigned ? v & 0xFFFFL : (short) v;
            case 4 -> unsigned ? v & 0xFFFF_FFFFL : (int) v;
            default -> v;
        };
    }

    /** The size after C's integer promotion: anything narrower than int becomes int. */
    static int promotedSize(RenderNode n) {
        return Math.max(4, n.cSize());
    }

    /** Signedness after integer promotion: narrow types become (signed) int. */
    static boolean promotedUnsigned(RenderNode n) {
        return n.cSize() >= 4 && n.isUnsigned();
    }

    /** Reads a scalar field (1, 2, 4 or 8 bytes). */
    static final class Scalar extends RenderNode {
        private final int offset;
        private final int size;
        private final boolean signed;

        Scalar(int offset, int size, boolean signed) {
            this.offset = offset;
            this.size = size;
            this.signed = signed;
        }

        @Override
        public long evalLong(EventRecord r) {
            return switch (size) {
                case 1 -> signed ? r.s8(offset) : r.u8(offset);
                case 2 -> signed ? r.s16(offset) : r.u16(offset);
                case 4 -> signed ? r.s32(offset) : r.u32(offset);
                default -> r.s64(offset);
            };
        }

        @Override
        public boolean isUnsigned() {
            return !signed;
        }

        @Override
        public int cSize() {
            return size;
        }
    }

    /**
     * The bytes of a field: a fixed-size array ({@code REC->arr}: text for {@code %s}, bytes for the
     * {@code %p} extensions) or any field taken by address ({@code &REC->field}: bytes only).
     */
    static final class FieldBytes extends RenderNode {
        private final int offset;
        private final int size;
        private final boolean text;

        FieldBytes(FieldFormat field, boolean text) {
            this.offset = field.offset();
            this.size = field.size();
            this.text = text;
        }

        @Override
        public long evalLong(EventRecord r) {
            return offset; // an array decays to its address; only its truth value is ever used
        }

        @Override
        public boolean isString() {
            return text;
        }

        @Override
        public void appendString(EventRecord r, StringBuilder out) {
            appendCString(r, offset, size, out);
        }

        @Override
        public boolean isData() {
            return true;
        }

        @Override
        public int dataOffset(EventRecord r) {
            return offset;
        }

        @Override
        public int dataLength(EventRecord r) {
            return size;
        }
    }

    /** A {@code __data_loc} / {@code __rel_loc} field: __get_str, __get_dynamic_array and kin. */
    static final class Dynamic extends RenderNode {
        private final int fieldOffset;
        private final boolean relative;

        Dynamic(FieldFormat field) {
            this.fieldOffset = field.offset();
            this.relative = field.isRelativeDynamic();
        }

        @Override
        public long evalLong(EventRecord r) {
            return dataOffset(r);
        }

        @Override
        public boolean isString() {
            return true;
        }

        @Override
        public void appendString(EventRecord r, StringBuilder out) {
            appendCString(r, dataOffset(r), dataLength(r), out);
        }

        @Override
        public boolean isData() {
            return true;
        }

        @Override
        public int dataOffset(EventRecord r) {
            return relative ? r.relLocOffset(fieldOffset) : r.dataLocOffset(fieldOffset);
        }

        @Override
        public int dataLength(EventRecord r) {
            return relative ? r.relLocLength(fieldOffset) : r.dataLocLength(fieldOffset);
        }
    }

    /** Appends a NUL-terminated string of at most {@code max} bytes. */
    static void appendCString(EventRecord r, int offset, int max, StringBuilder out) {
        appendText(r, offset, r.cStringLength(offset, max), out);
    }

    /**
     * Appends bytes of the record as text. The kernel copies the bytes as they are; decoding them
     * as UTF-8 shows the same characters a terminal shows. ASCII, by far the common case, is
     * appended without allocating.
     */
    static void appendText(EventRecord r, int offset, int length, StringBuilder out) {
        for (int i = 0; i < length; i++) {
            int b = r.u8(offset + i);
            if (b >= 0x80) {
                byte[] bytes = new byte[length - i];
                r.bytes(offset + i, bytes, 0, bytes.length);
                out.append(new String(bytes, java.nio.charset.StandardCharsets.UTF_8));
                return;
            }
            out.append((char) b);
        }
    }

    /** An integer constant. */
    static final class Constant extends RenderNode {
        private final long value;
        private final int size;
        private final boolean unsigned;

        /** A constant of C type {@code int}/{@code unsigned int} when it fits 32 bits, else 64-bit. */
        Constant(long value, boolean unsigned) {
            this(value, unsigned ? (value >= 0 && value <= 0xFFFF_FFFFL ? 4 : 8)
                    : (value >= Integer.MIN_VALUE && value <= Integer.MAX_VALUE ? 4 : 8), unsigned);
        }

        Constant(long value, int size, boolean unsigned) {
            this.size = size;
            this.unsigned = unsigned;
            this.value = normalize(value, size, unsigned);
        }

        @Override
        public int cSize() {
            return size;
        }

        @Override
        public long evalLong(EventRecord r) {
            return value;
        }

        @Override
        public boolean isUnsigned() {
            return unsigned;
        }

        @Override
        public boolean isConstant() {
            return true;
        }
    }

    /** A string literal. */
    static final class Text extends RenderNode {
        private final String text;

        Text(String text) {
            this.text = text;
        }

        @Override
        public long evalLong(EventRecord r) {
            return 1; // a literal's address is never null
        }

        @Override
        public boolean isString() {
            return true;
        }

        @Override
        public void appendString(EventRecord r, StringBuilder out) {
            out.append(text);
        }

        @Override
        public boolean isConstant() {
            return true;
        }
    }

    /** A C cast to an integer type: truncates and sign- or zero-extends. */
    static final class Cast extends RenderNode {
        private final RenderNode operand;
        private final int size;
        private final boolean signed;
        private final boolean bool;

        Cast(RenderNode operand, int size, boolean signed, boolean bool) {
            this.operand = operand;
            this.size = size;
            this.signed = signed;
            this.bool = bool;
        }

        @Override
        public long evalLong(EventRecord r) {
            long v = operand.evalLong(r);
            if (bool) {
                return v != 0 ? 1 : 0;
            }
            return switch (size) {
                case 1 -> signed ? (byte) v : v & 0xFFL;
                case 2 -> signed ? (short) v : v & 0xFFFFL;
                case 4 -> signed ? (int) v : v & 0xFFFF_FFFFL;
                default -> v;
            };
        }

        @Override
        public boolean isUnsigned() {
            return !signed;
        }

        @Override
        public int cSize() {
            return bool ? 1 : size;
        }

        @Override
        public boolean isConstant() {
            return operand.isConstant();
        }
    }

    /** A cast to a pointer type; remembers the pointee size for pointer arithmetic. */
    static final class PointerCast extends RenderNode {
        private final RenderNode operand;
        private final int elementSize;

        PointerCast(RenderNode operand, int elementSize) {
            this.operand = operand;
            this.elementSize = elementSize;
        }

        int elementSize() {
            return elementSize;
        }

        @Override
        public long evalLong(EventRecord r) {
            return operand.evalLong(r);
        }

        @Override
        public boolean isUnsigned() {
            return true;
        }

        @Override
        public boolean isConstant() {
            return operand.isConstant();
        }
    }

    /**
     * {@code %s} of a {@code char *} into the kernel ({@code tracepoint_string()}): the text comes
     * from {@code printk_formats}; an address it does not list prints as {@code (0x...)}.
     */
    static final class KernelString extends RenderNode {
        private final RenderNode address;
        private final java.util.Map<Long, String> strings;

        KernelString(RenderNode address, java.util.Map<Long, String> strings) {
            this.address = address;
            this.strings = strings;
        }

        @Override
        public long evalLong(EventRecord r) {
            return address.evalLong(r);
        }

        @Override
        public boolean isString() {
            return true;
        }

        @Override
        public void appendString(EventRecord r, StringBuilder out) {
            long a = address.evalLong(r);
            String s = strings.get(a);
            if (s != null) {
                out.append(s);
            } else if (a == 0) {
                out.append("(null)");
            } else {
                out.append("(0x").append(Long.toHexString(a)).append(')');
            }
        }
    }

    /** A unary operator. */
    static final class Unary extends RenderNode {
        private final UnaryOp op;
        private final RenderNode operand;

        Unary(UnaryOp op, RenderNode operand) {
            this.op = op;
            this.operand = operand;
        }

        @Override
        public long evalLong(EventRecord r) {
            long v = operand.evalLong(r);
            long result = switch (op) {
                case NEGATE -> -v;
                case PLUS -> v;
                case NOT -> v == 0 ? 1 : 0;
                case COMPLEMENT -> ~v;
                default -> throw new IllegalStateException("unsupported operator " + op);
            };
            return op == UnaryOp.NOT ? result : normalize(result, cSize(), isUnsigned());
        }

        @Override
        public boolean isUnsigned() {
            return op != UnaryOp.NOT && promotedUnsigned(operand);
        }

        @Override
        public int cSize() {
            return op == UnaryOp.NOT ? 4 : promotedSize(operand);
        }

        @Override
        public boolean isConstant() {
            return operand.isConstant();
        }
    }

    /**
     * A binary operator with C's integer promotions and usual arithmetic conversions: operands
     * narrower than {@code int} become {@code int}; the wider operand's type wins, and between
     * equal widths unsigned wins; results wrap to that width.
     */
    static final class Binary extends RenderNode {
        private final BinaryOp op;
        private final RenderNode left;
        private final RenderNode right;
        private final int size;          // operand type the operation is done in
        private final boolean unsigned;

        Binary(BinaryOp op, RenderNode left, RenderNode right) {
            this.op = op;
            this.left = left;
            this.right = right;
            int ls = promotedSize(left);
            int rs = promotedSize(right);
            boolean lu = promotedUnsigned(left);
            boolean ru = promotedUnsigned(right);
            if (op == BinaryOp.SHIFT_LEFT || op == BinaryOp.SHIFT_RIGHT) {
                this.size = ls;
                this.unsigned = lu;
            } else {
                this.size = Math.max(ls, rs);
                this.unsigned = ls == rs ? lu || ru : ls > rs ? lu : ru;
            }
        }

        private boolean comparison() {
            return switch (op) {
                case LESS, LESS_EQUAL, GREATER, GREATER_EQUAL, EQUAL, NOT_EQUAL, LOGICAL_AND, LOGICAL_OR -> true;
                default -> false;
            };
        }

        @Override
        public long evalLong(EventRecord r) {
            if (op == BinaryOp.LOGICAL_AND) {
                return left.evalLong(r) != 0 && right.evalLong(r) != 0 ? 1 : 0;
            }
            if (op == BinaryOp.LOGICAL_OR) {
                return left.evalLong(r) != 0 || right.evalLong(r) != 0 ? 1 : 0;
            }
            long a = normalize(left.evalLong(r), size, unsigned);
            if (op == BinaryOp.SHIFT_LEFT || op == BinaryOp.SHIFT_RIGHT) {
                long count = right.evalLong(r);
                long shifted = op == BinaryOp.SHIFT_LEFT ? a << count : unsigned ? a >>> count : a >> count;
                return normalize(shifted, size, unsigned);
            }
            long b = normalize(right.evalLong(r), size, unsigned);
            // 32-bit unsigned values are normalized to non-negative longs, so only 64-bit unsigned
            // operands need the unsigned forms of division and comparison.
            boolean wide = unsigned && size == 8;
            long result = switch (op) {
                case MULTIPLY -> a * b;
                case DIVIDE -> b == 0 ? 0 : wide ? Long.divideUnsigned(a, b) : a / b;
                case REMAINDER -> b == 0 ? 0 : wide ? Long.remainderUnsigned(a, b) : a % b;
                case ADD -> a + b;
                case SUBTRACT -> a - b;
                case LESS -> (wide ? Long.compareUnsigned(a, b) : Long.compare(a, b)) < 0 ? 1 : 0;
                case LESS_EQUAL -> (wide ? Long.compareUnsigned(a, b) : Long.compare(a, b)) <= 0 ? 1 : 0;
                case GREATER -> (wide ? Long.compareUnsigned(a, b) : Long.compare(a, b)) > 0 ? 1 : 0;
                case GREATER_EQUAL -> (wide ? Long.compareUnsigned(a, b) : Long.compare(a, b)) >= 0 ? 1 : 0;
                case EQUAL -> a == b ? 1 : 0;
                case NOT_EQUAL -> a != b ? 1 : 0;
                case BIT_AND -> a & b;
                case BIT_XOR -> a ^ b;
                case BIT_OR -> a | b;
                default -> throw new IllegalStateException("unsupported operator " + op);
            };
            return comparison() ? result : normalize(result, size, unsigned);
        }

        @Override
        public boolean isUnsigned() {
            return !comparison() && unsigned;
        }

        @Override
        public int cSize() {
            return comparison() ? 4 : size;
        }

        @Override
        public boolean isConstant() {
            return left.isConstant() && right.isConstant();
        }
    }

    /** {@code cond ? a : b}, for integers or strings. */
    static final class Ternary extends RenderNode {
        private final RenderNode condition;
        private final RenderNode ifTrue;
        private final RenderNode ifFalse;

        Ternary(RenderNode condition, RenderNode ifTrue, RenderNode ifFalse) {
            this.condition = condition;
            this.ifTrue = ifTrue;
            this.ifFalse = ifFalse;
        }

        private RenderNode pick(EventRecord r) {
            return condition.evalLong(r) != 0 ? ifTrue : ifFalse;
        }

        @Override
        public long evalLong(EventRecord r) {
            return normalize(pick(r).evalLong(r), cSize(), isUnsigned());
        }

        @Override
        public boolean isUnsigned() {
            int ts = promotedSize(ifTrue);
            int fs = promotedSize(ifFalse);
            return ts == fs ? promotedUnsigned(ifTrue) || promotedUnsigned(ifFalse)
                    : ts > fs ? promotedUnsigned(ifTrue) : promotedUnsigned(ifFalse);
        }

        @Override
        public int cSize() {
            return Math.max(promotedSize(ifTrue), promotedSize(ifFalse));
        }

        @Override
        public boolean isString() {
            return ifTrue.isString() || ifFalse.isString();
        }

        @Override
        public void appendString(EventRecord r, StringBuilder out) {
            pick(r).appendString(r, out);
        }

        @Override
        public boolean isData() {
            return ifTrue.isData() && ifFalse.isData();
        }

        @Override
        public int dataOffset(EventRecord r) {
            return pick(r).dataOffset(r);
        }

        @Override
        public int dataLength(EventRecord r) {
            return pick(r).dataLength(r);
        }

        @Override
        public boolean isConstant() {
            return condition.isConstant() && ifTrue.isConstant() && ifFalse.isConstant();
        }
    }

    /** An element of an array field: {@code REC->arr[i]}. */
    static final class Element extends RenderNode {
        private final int offset;
        private final int elementSize;
        private final int count;
        private final boolean signed;
        private final RenderNode index;

        Element(FieldFormat array, RenderNode index) {
            this.offset = array.offset();
            this.elementSize = array.elementSize();
            this.count = array.elementSize() == 0 ? 0 : array.size() / array.elementSize();
            this.signed = array.isSigned();
            this.index = index;
        }

        @Override
        public long evalLong(EventRecord r) {
            long i = index.evalLong(r);
            if (i < 0 || i >= count) {
                throw new IllegalStateException("index " + i + " outside an array of " + count);
            }
            int at = offset + (int) i * elementSize;
            return switch (elementSize) {
                case 1 -> signed ? r.s8(at) : r.u8(at);
                case 2 -> signed ? r.s16(at) : r.u16(at);
                case 4 -> signed ? r.s32(at) : r.u32(at);
                default -> r.s64(at);
            };
        }

        @Override
        public boolean isUnsigned() {
            return !signed;
        }

        @Override
        public int cSize() {
            return elementSize;
        }
    }
}
