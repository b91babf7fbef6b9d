package dev.jtrace.traceevent.printfmt;

import java.util.Objects;

/**
 * One conversion specification of a format string, decoded the way the kernel's
 * {@code vsnprintf} (lib/vsprintf.c) decodes it: {@code %[flags][width][.precision][length]conversion}
 * and, for {@code %p}, the extension letters that follow it.
 *
 * @param flags the flag characters among {@code -+ #0}, in the order written ({@code ""} if none)
 * @param width the field width, {@link #NONE} if absent, {@link #STAR} for {@code *} (taken from an
 *     argument)
 * @param precision the precision, {@link #NONE} if absent, {@link #STAR} for {@code .*}; a bare
 *     {@code .} is precision 0
 * @param length the length modifier: {@code ""}, {@code "hh"}, {@code "h"}, {@code "l"},
 *     {@code "ll"}, {@code "L"}, {@code "z"}, {@code "Z"}, {@code "t"} or {@code "j"}
 * @param conversion the conversion character, for example {@code 'd'}, {@code 's'}, {@code 'p'}
 * @param pointerExt for {@code %p}, the alphanumeric characters right after it which the kernel
 *     treats as the pointer extension ({@code "S"}, {@code "s"}, {@code "ISpc"}, {@code "I4"},
 *     {@code "M"}, {@code "U"}, {@code "hd"} ...); {@code ""} otherwise
 * @param text the specification as written, from {@code %} to its last character
 */
public record Conversion(String flags, int width, int precision, String length, char conversion,
        String pointerExt, String text) implements Segment {

    /** {@link #width()} or {@link #precision()} value meaning "not given". */
    public static final int NONE = -1;
    /** {@link #width()} or {@link #precision()} value meaning "{@code *}: read from an argument". */
    public static final int STAR = -2;

    /**
     * Checks the components.
     *
     * @param flags the flag characters
     * @param width the width, {@link #NONE} or {@link #STAR}
     * @param precision the precision, {@link #NONE} or {@link #STAR}
     * @param length the length modifier
     * @param conversion the conversion character
     * @param pointerExt the pointer extension
     * @param text the specification as written
     */
    public Conversion {
        Objects.requireNonNull(flags, "flags");
        Objects.requireNonNull(length, "length");
        Objects.requireNonNull(pointerExt, "pointerExt");
        Objects.requireNonNull(text, "text");
    }

    /**
     * Tells whether a flag character was given.
     *
     * @param flag one of {@code -+ #0}
     * @return {@code true} if the specification has it
     */
    public boolean hasFlag(char flag) {
        return flags.indexOf(flag) >= 0;
    }

    /**
     * Counts the arguments this conversion consumes: one for the value, plus one each for a
     * {@code *} width and a {@code *} precision.
     *
     * @return 1, 2 or 3
     */
    public int argumentCount() {
        return 1 + (width == STAR ? 1 : 0) + (precision == STAR ? 1 : 0);
    }
}
