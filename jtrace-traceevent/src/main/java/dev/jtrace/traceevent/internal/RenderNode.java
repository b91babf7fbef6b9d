package dev.jtrace.traceevent.internal;

import dev.jtrace.traceevent.EventRecord;

/**
 * One compiled print-fmt argument expression, evaluated against a record. Field references are
 * resolved to offsets when the print fmt is compiled, so evaluation only reads memory.
 *
 * <p>A node is an integer (the default), a string ({@link #isString()}) or a reference to bytes
 * of the record ({@link #isData()}: arrays, dynamic arrays, {@code &REC->field}), which the
 * {@code %p} extensions such as {@code %pI4} and the array helpers read.
 */
public abstract class RenderNode {
    /** Creates a node. */
    protected RenderNode() {
    }

    /**
     * Evaluates the node as a 64-bit integer.
     *
     * @param record the record
     * @return the value
     */
    public abstract long evalLong(EventRecord record);

    /**
     * Tells whether the value is unsigned in C terms (for division, shifts and comparisons).
     *
     * @return {@code true} if unsigned
     */
    public boolean isUnsigned() {
        return false;
    }

    /**
     * Returns the size in bytes of the value's C type (4 for {@code int}, 8 for {@code long} and
     * pointers), for C's integer promotions and usual arithmetic conversions.
     *
     * @return 1, 2, 4 or 8
     */
    public int cSize() {
        return 8;
    }

    /**
     * Tells whether the node yields text.
     *
     * @return {@code true} for string nodes
     */
    public boolean isString() {
        return false;
    }

    /**
     * Appends the node's text; only for {@link #isString()} nodes.
     *
     * @param record the record
     * @param out where to append
     */
    public void appendString(EventRecord record, StringBuilder out) {
        throw new IllegalStateException(getClass().getSimpleName() + " is not a string");
    }

    /**
     * Tells whether the node refers to bytes of the record.
     *
     * @return {@code true} for data nodes
     */
    public boolean isData() {
        return false;
    }

    /**
     * Returns where the referenced bytes start, relative to the payload; only for
     * {@link #isData()} nodes.
     *
     * @param record the record
     * @return the payload offset
     */
    public int dataOffset(EventRecord record) {
        throw new IllegalStateException(getClass().getSimpleName() + " is not data");
    }

    /**
     * Returns how many bytes are referenced; only for {@link #isData()} nodes.
     *
     * @param record the record
     * @return the length
     */
    public int dataLength(EventRecord record) {
        throw new IllegalStateException(getClass().getSimpleName() + " is not data");
    }

    /**
     * Tells whether the value is the same for every record (literals and arithmetic on them).
     *
     * @return {@code true} if constant
     */
    public boolean isConstant() {
        return false;
    }
}
