package dev.jtrace.traceevent;

import java.util.Objects;

/**
 * One field of a trace event's record layout, as a {@code format} file describes it:
 * <pre>{@code
 *     field:char prev_comm[16];   offset:8;   size:16;    signed:0;
 *     field:__data_loc char[] name;   offset:12;  size:4; signed:0;
 * }</pre>
 *
 * <p>The declaration is split into the C type ({@link #cType()}, for example {@code "char[16]"}
 * for {@code char prev_comm[16]}) and the name. Arrays come in four kinds:
 * <ul>
 *   <li>fixed: {@code char comm[16]}; {@link #arrayLength()} elements of {@link #elementSize()}
 *       bytes. When the kernel printed a macro instead of the count ({@code u8 buf[TASK_COMM_LEN]})
 *       the count is derived from {@link #size()} and the element type's size;</li>
 *   <li>flexible: {@code char buf[]} (ftrace {@code print}), {@code size} 0, the data runs to the
 *       end of the record;</li>
 *   <li>{@code __data_loc T[] name}: a 32-bit locator, offset in the low 16 bits and length in the
 *       high 16 bits, offset counted from the start of the record ({@link #isDynamic()}). The
 *       brackets may be missing ({@code __data_loc cpumask_t cpumask} in {@code ipi_send_cpumask});</li>
 *   <li>{@code __rel_loc T[] name}: the same locator, offset counted from the end of the locator
 *       field ({@link #isRelativeDynamic()}).</li>
 * </ul>
 * Instances are immutable and come from {@link FormatParser}.
 */
public final class FieldFormat {
    private final String name;
    private final String cType;
    private final String elementType;
    private final int offset;
    private final int size;
    private final boolean signed;
    private final int arrayLength;
    private final int elementSize;
    private final int bitWidth;
    private final Kind kind;
    private final boolean string;

    /** How the field stores its value. */
    enum Kind { SCALAR, FIXED_ARRAY, FLEXIBLE_ARRAY, DATA_LOC, REL_LOC }

    FieldFormat(String name, String cType, String elementType, int offset, int size, boolean signed, Kind kind,
            int arrayLength, int elementSize, int bitWidth) {
        this.name = Objects.requireNonNull(name, "name");
        this.cType = Objects.requireNonNull(cType, "cType");
        this.elementType = Objects.requireNonNull(elementType, "elementType");
        this.offset = offset;
        this.size = size;
        this.signed = signed;
        this.kind = kind;
        this.arrayLength = arrayLength;
        this.elementSize = elementSize;
        this.bitWidth = bitWidth;
        this.string = kind != Kind.SCALAR && isCharType(elementType);
    }

    private static boolean isCharType(String type) {
        String t = type.startsWith("const ") ? type.substring(6) : type;
        return t.equals("char") || t.equals("unsigned char") || t.equals("signed char");
    }

    /**
     * Returns the field name.
     *
     * @return the name, for example {@code prev_comm}
     */
    public String name() {
        return name;
    }

    /**
     * Returns the declared C type without the field name, whitespace normalized.
     *
     * @return for example {@code "unsigned long"}, {@code "const char *"}, {@code "char[16]"} (for
     *     {@code char comm[16]}), {@code "u8[TASK_COMM_LEN]"}, {@code "char[]"},
     *     {@code "__data_loc char[]"}, {@code "__rel_loc u8[]"}
     */
    public String cType() {
        return cType;
    }

    /**
     * Returns the type of one element: the C type without array brackets and without the
     * {@code __data_loc}/{@code __rel_loc} marker; for a scalar the C type itself.
     *
     * @return for example {@code "char"} for {@code char comm[16]} and for
     *     {@code __data_loc char[] name}
     */
    public String elementType() {
        return elementType;
    }

    /**
     * Returns the byte offset of the field from the start of the record (the common fields
     * included).
     *
     * @return the offset
     */
    public int offset() {
        return offset;
    }

    /**
     * Returns the size in bytes the field occupies in the fixed part of the record: the whole array
     * for a fixed array, 4 for a {@code __data_loc}/{@code __rel_loc} locator, 0 for a flexible
     * array.
     *
     * @return the size
     */
    public int size() {
        return size;
    }

    /**
     * Tells whether the kernel declared the field's type signed ({@code signed:1}).
     *
     * @return {@code true} if signed
     */
    public boolean isSigned() {
        return signed;
    }

    /**
     * Tells whether this is one of the fields every event starts with ({@code common_type},
     * {@code common_flags}, {@code common_preempt_count}, {@code common_pid}, ...).
     *
     * @return {@code true} if the name starts with {@code common_}
     */
    public boolean isCommon() {
        return name.startsWith("common_");
    }

    /**
     * Returns the element count of a fixed array.
     *
     * @return the count, 0 if the field is not a fixed array (scalars, flexible and dynamic arrays)
     */
    public int arrayLength() {
        return arrayLength;
    }

    /**
     * Returns the size of one element: the field size for a scalar; for arrays the element type's
     * size (for a fixed array {@code size / arrayLength}).
     *
     * @return the element size in bytes, 0 if it cannot be known (a dynamic or flexible array of
     *     an unknown typedef)
     */
    public int elementSize() {
        return elementSize;
    }

    /**
     * Returns the width of a bit field ({@code int x:3}); the kernel does not normally print these.
     *
     * @return the number of bits, 0 if the field is not a bit field
     */
    public int bitWidth() {
        return bitWidth;
    }

    /**
     * Tells whether the field is an array of any kind: fixed, flexible or dynamic.
     *
     * @return {@code true} for arrays
     */
    public boolean isArray() {
        return kind != Kind.SCALAR;
    }

    /**
     * Tells whether the field is a fixed-size array ({@code char comm[16]}).
     *
     * @return {@code true} for a fixed array
     */
    public boolean isFixedArray() {
        return kind == Kind.FIXED_ARRAY;
    }

    /**
     * Tells whether the field is a flexible array member ({@code char buf[]}) whose data runs to
     * the end of the record.
     *
     * @return {@code true} for a flexible array
     */
    public boolean isFlexibleArray() {
        return kind == Kind.FLEXIBLE_ARRAY;
    }

    /**
     * Tells whether the field is a {@code __data_loc} dynamic array (locator offset counted from
     * the start of the record). {@code __rel_loc} fields answer {@code false} here; see
     * {@link #isRelativeDynamic()} and {@link #isDynamicArray()}.
     *
     * @return {@code true} for {@code __data_loc}
     */
    public boolean isDynamic() {
        return kind == Kind.DATA_LOC;
    }

    /**
     * Tells whether the field is a {@code __rel_loc} dynamic array (locator offset counted from
     * the end of the locator).
     *
     * @return {@code true} for {@code __rel_loc}
     */
    public boolean isRelativeDynamic() {
        return kind == Kind.REL_LOC;
    }

    /**
     * Tells whether the field is a dynamic array of either kind.
     *
     * @return {@code true} for {@code __data_loc} and {@code __rel_loc}
     */
    public boolean isDynamicArray() {
        return kind == Kind.DATA_LOC || kind == Kind.REL_LOC;
    }

    /**
     * Tells whether the field holds text: an array (fixed, flexible or dynamic) of {@code char},
     * {@code signed char} or {@code unsigned char}.
     *
     * @return {@code true} for character arrays
     */
    public boolean isString() {
        return string;
    }

    /**
     * Tells whether the field is a pointer ({@code const char *}, {@code struct page *}): its
     * value is an address.
     *
     * @return {@code true} if the C type ends with {@code *}
     */
    public boolean isPointer() {
        return kind == Kind.SCALAR && cType.endsWith("*");
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FieldFormat f && f.name.equals(name) && f.cType.equals(cType) && f.offset == offset
                && f.size == size && f.signed == signed && f.kind == kind && f.arrayLength == arrayLength
                && f.elementSize == elementSize && f.bitWidth == bitWidth;
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, cType, offset, size);
    }

    /**
     * Describes the field in the notation of a format file, with the type written before the name.
     *
     * @return for example {@code field:char[16] prev_comm; offset:8; size:16; signed:0;}
     */
    @Override
    public String toString() {
        return "field:" + cType + " " + name + "; offset:" + offset + "; size:" + size + "; signed:"
                + (signed ? 1 : 0) + ";";
    }
}
