package dev.jtrace.traceevent.internal;

import dev.jtrace.traceevent.KernelSymbols;
import dev.jtrace.traceevent.printfmt.Conversion;
import java.lang.foreign.MemorySegment;

/** Temporary stand-in; replaced by the full kernel vsprintf implementation. */
public final class KernelPrintf {
    private KernelPrintf() {
    }

    /**
     * Appends an integer conversion.
     *
     * @param out where to append
     * @param c the conversion
     * @param width the width or -1
     * @param precision the precision or -1
     * @param value the value
     */
    public static void appendInteger(StringBuilder out, Conversion c, int width, int precision, long value) {
        out.append(value);
    }

    /**
     * Appends a string conversion.
     *
     * @param out where to append
     * @param c the conversion
     * @param width the width or -1
     * @param precision the precision or -1
     * @param s the string
     */
    public static void appendString(StringBuilder out, Conversion c, int width, int precision, CharSequence s) {
        out.append(s);
    }

    /**
     * Appends a pointer conversion whose argument is the value.
     *
     * @param out where to append
     * @param c the conversion
     * @param width the width or -1
     * @param precision the precision or -1
     * @param value the value
     * @param symbols kernel symbols
     */
    public static void appendPointer(StringBuilder out, Conversion c, int width, int precision, long value,
            KernelSymbols symbols) {
        out.append(Long.toHexString(value));
    }

    /**
     * Appends a pointer conversion whose argument points to data in the record.
     *
     * @param out where to append
     * @param c the conversion
     * @param width the width or -1
     * @param precision the precision or -1
     * @param seg the memory
     * @param offset the data offset
     * @param availableLength the data length
     */
    public static void appendPointerData(StringBuilder out, Conversion c, int width, int precision,
            MemorySegment seg, long offset, int availableLength) {
        out.append("?");
    }
}
