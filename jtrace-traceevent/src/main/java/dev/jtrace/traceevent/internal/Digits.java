package dev.jtrace.traceevent.internal;

/** Appends numbers to a StringBuilder without creating Strings (the rendering hot path). */
public final class Digits {
    private Digits() {
    }

    /**
     * Appends {@code value} as unsigned lowercase hex, without prefix or padding.
     *
     * @param out where to append
     * @param value the value
     */
    public static void appendHex(StringBuilder out, long value) {
        int digits = value == 0 ? 1 : (67 - Long.numberOfLeadingZeros(value)) / 4;
        for (int shift = (digits - 1) * 4; shift >= 0; shift -= 4) {
            out.append(Character.forDigit((int) (value >>> shift) & 0xF, 16));
        }
    }

    /**
     * Appends a non-negative {@code value} in decimal, left-padded with {@code pad} to {@code width}.
     *
     * @param out where to append
     * @param value the value, not negative
     * @param width the minimum width
     * @param pad the padding character
     */
    public static void appendDecimal(StringBuilder out, long value, int width, char pad) {
        if (width > 1) {
            int digits = 1;
            for (long limit = 10; digits < 19 && value >= limit; limit *= 10) {
                digits++;
            }
            if (width > digits) {
                out.repeat(pad, width - digits);
            }
        }
        out.append(value); // writes the digits straight into the builder, no String
    }
}
