package dev.jtrace.traceevent.internal;

import dev.jtrace.core.MalformedDataException;
import dev.jtrace.traceevent.KernelSymbols;
import dev.jtrace.traceevent.printfmt.Conversion;
import java.lang.foreign.MemorySegment;
import java.util.Objects;

/**
 * One printf conversion at a time, formatted the way the kernel's {@code vsnprintf}
 * (lib/vsprintf.c) formats it for the {@code trace} file, appended to a {@link StringBuilder}.
 *
 * <p>This is not C's printf. The differences that show in trace text (all checked against the
 * running kernel or its source):
 * <ul>
 * <li>{@code %#x} of 0 prints {@code 0x0} (C: {@code 0}); {@code %#o} of 0 prints {@code 0}.</li>
 * <li>A precision never hides a zero: {@code %.0d} of 0 prints {@code 0} (C: nothing).</li>
 * <li>The {@code 0} flag still pads with zeros when a precision is given ({@code %08.3d} of 5 is
 *     {@code 00000005}; C: {@code "     005"}).</li>
 * <li>{@code %c} ignores the {@code 0} flag and the precision; {@code %s} pads with spaces only.</li>
 * <li>{@code %p} and its extensions are the kernel's ({@code %pS}, {@code %pI4}, {@code %pM} ...).</li>
 * </ul>
 *
 * <p>Pointers in the {@code trace} file: with {@code options/hash-ptr} off, kernel/trace/trace.c
 * ({@code trace_event_format}) rewrites only a bare {@code %p} (the {@code p} right after the
 * {@code %} and not followed by a letter or digit) to {@code %px}. {@code %*p}, {@code %8p},
 * {@code %pK} (with {@code kptr_restrict} 0) and extensions this kernel no longer knows (such as
 * {@code %pF}, removed in 5.x) stay hashed there and cannot be reproduced; {@link #appendPointer}
 * prints them as {@code %px} (and {@code %pF}/{@code %pf} as the older kernels' {@code %pS}/{@code %ps}).
 *
 * <p>Width and precision are passed already resolved (a {@code *} taken from its argument):
 * {@link Conversion#NONE} means "not given". A negative width other than {@code NONE} left-justifies
 * with its absolute value, as the kernel does for a negative {@code *} argument (use
 * {@link #starWidth(long)} and {@link #starPrecision(long)} to convert {@code *} arguments). Widths
 * are clamped to the kernel's 23-bit field and precisions to its 15-bit field, so a hostile format
 * cannot make the output huge.
 *
 * <p>Nothing here allocates except through the {@code StringBuilder} growing. Stateless; all methods
 * are static and thread-safe.
 */
public final class KernelPrintf {
    /** The kernel's {@code FIELD_WIDTH_MAX}: widths are 24-bit signed fields in {@code printf_spec}. */
    public static final int FIELD_WIDTH_MAX = (1 << 23) - 1;
    /** The kernel's {@code PRECISION_MAX}: precisions are 16-bit signed fields. */
    public static final int PRECISION_MAX = (1 << 15) - 1;

    // The kernel's number() flags (lib/vsprintf.c); SMALL selects lower-case hex digits.
    static final int SIGN = 1;
    static final int LEFT = 2;
    static final int PLUS = 4;
    static final int SPACE = 8;
    static final int ZEROPAD = 16;
    static final int SMALL = 32;
    static final int SPECIAL = 64;

    private static final char[] HEX_LOWER = "0123456789abcdef".toCharArray();
    private static final char[] HEX_UPPER = "0123456789ABCDEF".toCharArray();

    private KernelPrintf() {
    }

    /**
     * Converts a {@code *} width argument the way the kernel's {@code set_field_width} does (clamped
     * to {@link #FIELD_WIDTH_MAX}); a negative result means "left-justify".
     *
     * @param argument the {@code int} argument
     * @return the width to pass to the {@code append} methods
     */
    public static int starWidth(long argument) {
        int w = (int) argument;
        if (w == -1) {
            // The kernel left-justifies in width 1, but -1 is NONE here. Width 1 pads only an empty
            // output, to one space whichever side it goes, and LEFT's only other effect (dropping
            // ZEROPAD) cannot show in width 1 either: plain width 1 prints the same text.
            return 1;
        }
        return Math.clamp(w, -FIELD_WIDTH_MAX, FIELD_WIDTH_MAX);
    }

    /**
     * Converts a {@code .*} precision argument the way the kernel does: a negative value becomes 0
     * (C would treat it as absent), large values are clamped to {@link #PRECISION_MAX}.
     *
     * @param argument the {@code int} argument
     * @return the precision to pass to the {@code append} methods
     */
    public static int starPrecision(long argument) {
        int p = (int) argument;
        return Math.clamp(p, 0, PRECISION_MAX);
    }

    /**
     * Appends an integer conversion: {@code d i u x X o} (and {@code c}, which goes to
     * {@link #appendChar}). The value is first cut to the conversion's C type: {@code hh} 8 bits,
     * {@code h} 16, none 32, {@code l ll L z Z t j} 64 (x86-64), sign-extended for {@code d}/{@code i}
     * and zero-extended otherwise.
     *
     * @param out where to append
     * @param c the conversion
     * @param width the resolved width or {@link Conversion#NONE}
     * @param precision the resolved precision or {@link Conversion#NONE}
     * @param value the argument's bits
     * @throws IllegalArgumentException if the conversion character is not an integer conversion
     */
    public static void appendInteger(StringBuilder out, Conversion c, int width, int precision, long value) {
        int base;
        int flags = flags(c);
        switch (c.conversion()) {
            case 'd', 'i' -> {
                base = 10;
                flags |= SIGN;
            }
            case 'u' -> base = 10;
            case 'x' -> {
                base = 16;
                flags |= SMALL;
            }
            case 'X' -> base = 16;
            case 'o' -> base = 8;
            case 'c' -> {
                appendChar(out, c, width, (int) value);
                return;
            }
            default -> throw new IllegalArgumentException("not an integer conversion: " + c.text());
        }
        long v = truncate(c.length(), value, (flags & SIGN) != 0);
        int w = width;
        if (w != Conversion.NONE && w < 0) {
            flags |= LEFT;
            w = -w;
        }
        number(out, v, base, flags, clampWidth(w), clampPrecision(precision));
    }

    /**
     * Cuts a value to the C type a length modifier names.
     *
     * @param length the length modifier ({@code ""}, {@code hh}, {@code h}, {@code l} ...)
     * @param value the bits
     * @param signed whether to sign-extend (for {@code d}/{@code i})
     * @return the value as the kernel's {@code number()} receives it
     */
    static long truncate(String length, long value, boolean signed) {
        return switch (length) {
            case "hh" -> signed ? (byte) value : value & 0xFFL;
            case "h" -> signed ? (short) value : value & 0xFFFFL;
            case "" -> signed ? (int) value : value & 0xFFFF_FFFFL;
            default -> value; // l, ll, L, z, Z, t, j: 64 bits on x86-64
        };
    }

    /**
     * Appends a {@code %c} conversion: the low byte of the value as one character (0..255), padded
     * with spaces to the width ({@code -} pads on the right); the {@code 0} flag and the precision
     * have no effect, as in the kernel.
     *
     * @param out where to append
     * @param c the conversion (for its flags)
     * @param width the resolved width or {@link Conversion#NONE}
     * @param value the argument; only its low 8 bits are used
     */
    public static void appendChar(StringBuilder out, Conversion c, int width, int value) {
        boolean left = c.hasFlag('-');
        int w = width;
        if (w != Conversion.NONE && w < 0) {
            left = true;
            w = -w;
        }
        w = clampWidth(w);
        int pad = w > 1 ? w - 1 : 0;
        if (!left) {
            repeat(out, ' ', pad);
        }
        out.append((char) (value & 0xFF));
        if (left) {
            repeat(out, ' ', pad);
        }
    }

    /**
     * Appends a {@code %s} conversion: the characters of {@code s} up to the first NUL, at most
     * {@code precision} of them, padded with spaces to the width. {@code null} prints
     * {@code (null)} (cut to the precision, or to 16 characters when none is given, as the
     * kernel's {@code error_string} does).
     *
     * @param out where to append
     * @param c the conversion (for its flags)
     * @param width the resolved width or {@link Conversion#NONE}
     * @param precision the resolved precision or {@link Conversion#NONE}
     * @param s the string, or {@code null}
     */
    public static void appendString(StringBuilder out, Conversion c, int width, int precision, CharSequence s) {
        int flags = flags(c);
        int w = width;
        if (w != Conversion.NONE && w < 0) {
            flags |= LEFT;
            w = -w;
        }
        int p = clampPrecision(precision);
        if (s == null) {
            s = "(null)";
            if (p < 0) {
                p = 16;
            }
        }
        int start = out.length();
        int limit = p < 0 ? Integer.MAX_VALUE : p;
        int n = s.length();
        for (int i = 0; i < n && i < limit; i++) {
            char ch = s.charAt(i);
            if (ch == 0) {
                break;
            }
            out.append(ch);
        }
        widen(out, start, clampWidth(w), flags);
    }

    /**
     * Pads what was appended since {@code start} with spaces up to {@code width}: in front of it,
     * or after it with the {@code -} flag (the kernel's {@code widen_string}).
     */
    static void widen(StringBuilder out, int start, int width, int flags) {
        int n = out.length() - start;
        if (width <= n) {
            return;
        }
        int spaces = width - n;
        if ((flags & LEFT) != 0) {
            repeat(out, ' ', spaces);
        } else {
            // Grow once, shift the text right, fill the gap: no temporary string.
            int end = out.length();
            out.setLength(end + spaces);
            for (int i = end - 1; i >= start; i--) {
                out.setCharAt(i + spaces, out.charAt(i));
            }
            for (int i = start; i < start + spaces; i++) {
                out.setCharAt(i, ' ');
            }
        }
    }

    /**
     * Tells whether a {@code %p} conversion prints memory the pointer points to (so the renderer
     * must hand its bytes to {@link #appendPointerData}) rather than the pointer value itself.
     *
     * @param c a {@code %p} conversion
     * @return {@code true} for {@code %pI4 %pI6 %pIS %pi.. %pM %pm %pU %ph %pb %pa %pNF}
     */
    public static boolean readsMemory(Conversion c) {
        String ext = c.pointerExt();
        if (c.conversion() != 'p' || ext.isEmpty()) {
            return false;
        }
        return switch (ext.charAt(0)) {
            case 'I', 'i' -> ext.length() > 1 && (ext.charAt(1) == '4' || ext.charAt(1) == '6' || ext.charAt(1) == 'S');
            case 'M', 'm', 'U', 'h', 'b', 'a' -> true;
            case 'N' -> ext.length() > 1 && ext.charAt(1) == 'F';
            default -> false;
        };
    }

    /**
     * Appends a {@code %p} conversion that prints the pointer value: plain {@code %p} and
     * {@code %px} as 16 zero-padded hex digits (the {@code trace} file shows plain {@code %p} as
     * {@code %px} when the {@code hash-ptr} option is off; hashed values cannot be reproduced);
     * {@code %pK} likewise (its output depends on {@code kptr_restrict} and the reader);
     * {@code %pS %pSR %pSb %pF} as {@code name+0xoff/0xsize [module]}, {@code %ps %pf} as
     * {@code name [module]}, {@code %pB %pBb} as a backtrace address (looked up one byte earlier),
     * all padded or cut by width and precision like a string. Extensions the kernel would apply
     * to kernel memory (dentries, resources, clocks ...) cannot be reproduced and print as
     * {@code %px}.
     *
     * @param out where to append
     * @param c the conversion ({@code %p...})
     * @param width the resolved width or {@link Conversion#NONE}
     * @param precision the resolved precision or {@link Conversion#NONE}
     * @param value the pointer
     * @param symbols kernel symbols for the symbolic extensions
     */
    public static void appendPointer(StringBuilder out, Conversion c, int width, int precision, long value,
            KernelSymbols symbols) {
        Objects.requireNonNull(symbols, "symbols");
        int flags = flags(c);
        int w = width;
        if (w != Conversion.NONE && w < 0) {
            flags |= LEFT;
            w = -w;
        }
        w = clampWidth(w);
        int p = clampPrecision(precision);
        String ext = c.pointerExt();
        char first = ext.isEmpty() ? 0 : ext.charAt(0);
        switch (first) {
            case 'S', 's', 'F', 'f', 'B' -> {
                int start = out.length();
                if (first == 'B') {
                    symbols.appendBacktraceSymbol(out, value);
                } else {
                    symbols.appendSymbol(out, value, first == 'S' || first == 'F', true);
                }
                if (p >= 0 && out.length() - start > p) {
                    out.setLength(start + p);
                }
                widen(out, start, w, flags);
            }
            default -> pointerString(out, value, flags, w, p);
        }
    }

    /** The kernel's {@code pointer_string}: hex, 16 zero-padded digits unless a width is given. */
    static void pointerString(StringBuilder out, long value, int flags, int width, int precision) {
        int f = flags | SMALL;
        int w = width;
        if (w == Conversion.NONE) {
            w = 16;
            f |= ZEROPAD;
        }
        number(out, value, 16, f & ~SIGN, w, precision);
    }

    /**
     * Appends a {@code %p} conversion that prints the memory it points to, read from
     * {@code seg} at {@code offset} (for trace events: the array field in the record).
     *
     * <ul>
     * <li>{@code %pI4} / {@code %pi4} [{@code hnbl}]: 4 bytes, dotted decimal ({@code i}: 3 digits
     *     each).</li>
     * <li>{@code %pI6} / {@code %pi6} / {@code %pI6c}: 16 bytes, 8 colon-separated 4-digit groups,
     *     32 digits, or compressed (RFC 5952, IPv4-mapped and ISATAP as dotted quads).</li>
     * <li>{@code %pIS} / {@code %piS} [{@code pfsc}] [{@code hnbl}]: a {@code struct sockaddr}
     *     ({@code sa_family} native at 0; AF_INET: port at 2, address at 4; AF_INET6: port at 2,
     *     flowinfo at 4, address at 8, scope id at 24); {@code p} adds {@code :port} (IPv6 in
     *     brackets), {@code f} {@code /flowinfo}, {@code s} {@code %scope}; another family prints
     *     {@code (einval)}.</li>
     * <li>{@code %pM %pMR %pMF %pm %pmR}: 6-byte MAC address.</li>
     * <li>{@code %pU} [{@code bBlL}]: 16-byte UUID / GUID.</li>
     * <li>{@code %ph} [{@code CDN}]: hex dump of {@code width} bytes (1 if none, at most 64).</li>
     * <li>{@code %pb} / {@code %pbl}: bitmap of {@code width} bits from an array of 64-bit words,
     *     as comma-separated 32-bit hex chunks or as a range list.</li>
     * <li>{@code %pa} [{@code pd}] and {@code %pNF}: a 64-bit value as {@code 0x} + 16 hex digits.</li>
     * </ul>
     *
     * @param out where to append
     * @param c the conversion ({@link #readsMemory(Conversion)} must be true)
     * @param width the resolved width or {@link Conversion#NONE}
     * @param precision the resolved precision or {@link Conversion#NONE}
     * @param seg the memory holding the data
     * @param offset where the data starts in {@code seg}
     * @param availableLength how many bytes from {@code offset} belong to the data
     * @throws MalformedDataException if the conversion needs more bytes than are available
     * @throws IllegalArgumentException if the conversion does not read memory
     */
    public static void appendPointerData(StringBuilder out, Conversion c, int width, int precision,
            MemorySegment seg, long offset, int availableLength) {
        Objects.requireNonNull(seg, "seg");
        if (!readsMemory(c)) {
            throw new IllegalArgumentException("conversion does not read memory: " + c.text());
        }
        int flags = flags(c);
        int w = width;
        if (w != Conversion.NONE && w < 0) {
            flags |= LEFT;
            w = -w;
        }
        w = clampWidth(w);
        int p = clampPrecision(precision);
        int avail = (int) Math.max(0, Math.min(availableLength, seg.byteSize() - Math.max(0, offset)));
        if (offset < 0 || offset > seg.byteSize()) {
            avail = 0;
        }
        String ext = c.pointerExt();
        int start = out.length();
        switch (ext.charAt(0)) {
            case 'I', 'i' -> {
                KernelPrintfNet.append(out, c, seg, offset, avail, flags, w, p);
                finishString(out, start, flags, w, p);
            }
            case 'M', 'm' -> {
                KernelPrintfBytes.mac(out, c, seg, offset, avail);
                finishString(out, start, flags, w, p);
            }
            case 'U' -> {
                KernelPrintfBytes.uuid(out, c, seg, offset, avail);
                finishString(out, start, flags, w, p);
            }
            case 'h' -> KernelPrintfBytes.hex(out, c, seg, offset, avail, w);
            case 'b' -> KernelPrintfBytes.bitmap(out, c, seg, offset, avail, w);
            default -> {
                // %pa[pd], %pNF: the kernel's special_hex_number of a 64-bit value
                KernelPrintfBytes.require(c, offset, avail, 8);
                number(out, KernelPrintfBytes.u64(seg, offset), 16, SPECIAL | SMALL | ZEROPAD, 18, -1);
            }
        }
    }

    /** Applies a string conversion's precision and width to text appended since {@code start}. */
    static void finishString(StringBuilder out, int start, int flags, int width, int precision) {
        if (precision >= 0 && out.length() - start > precision) {
            out.setLength(start + precision);
        }
        widen(out, start, width, flags);
    }

    /** The kernel's flag bits for the conversion's flag characters. */
    static int flags(Conversion c) {
        String f = c.flags();
        int flags = 0;
        for (int i = 0; i < f.length(); i++) {
            switch (f.charAt(i)) {
                case '-' -> flags |= LEFT;
                case '+' -> flags |= PLUS;
                case ' ' -> flags |= SPACE;
                case '#' -> flags |= SPECIAL;
                case '0' -> flags |= ZEROPAD;
                default -> {
                    // not a flag; the parser never puts one here
                }
            }
        }
        return flags;
    }

    private static int clampWidth(int w) {
        return w < 0 ? Conversion.NONE : Math.min(w, FIELD_WIDTH_MAX);
    }

    private static int clampPrecision(int p) {
        return p < 0 ? Conversion.NONE : Math.min(p, PRECISION_MAX);
    }

    /**
     * The kernel's {@code number()}: formats {@code num} (unsigned unless {@code SIGN}) in base
     * 8, 10 or 16 with its flag, width and precision rules.
     *
     * @param width the width, or negative for none
     * @param precision the minimum digit count, or negative for none
     */
    static void number(StringBuilder out, long num, int base, int flags, int width, int precision) {
        if ((flags & LEFT) != 0) {
            flags &= ~ZEROPAD;
        }
        boolean needPrefix = (flags & SPECIAL) != 0 && base != 10;
        boolean isZero = num == 0;
        int fieldWidth = width;
        char sign = 0;
        if ((flags & SIGN) != 0) {
            if (num < 0) {
                sign = '-';
                num = -num; // Long.MIN_VALUE stays; printed unsigned it is 9223372036854775808
                fieldWidth--;
            } else if ((flags & PLUS) != 0) {
                sign = '+';
                fieldWidth--;
            } else if ((flags & SPACE) != 0) {
                sign = ' ';
                fieldWidth--;
            }
        }
        if (needPrefix) {
            if (base == 16) {
                fieldWidth -= 2;
            } else if (!isZero) {
                fieldWidth--;
            }
        }
        int digits = digitCount(num, base);
        int prec = Math.max(precision, digits);
        fieldWidth -= prec;
        if ((flags & (ZEROPAD | LEFT)) == 0) {
            repeat(out, ' ', fieldWidth);
        }
        if (sign != 0) {
            out.append(sign);
        }
        if (needPrefix) {
            if (base == 16 || !isZero) {
                out.append('0');
            }
            if (base == 16) {
                out.append((flags & SMALL) != 0 ? 'x' : 'X');
            }
        }
        if ((flags & LEFT) == 0 && (flags & ZEROPAD) != 0) {
            repeat(out, '0', fieldWidth);
        }
        repeat(out, '0', prec - digits);
        appendDigits(out, num, base, digits, (flags & SMALL) != 0);
        if ((flags & LEFT) != 0) {
            repeat(out, ' ', fieldWidth);
        }
    }

    /** How many digits the unsigned value has in the base (at least 1). */
    static int digitCount(long num, int base) {
        if (base == 10) {
            if (num < 0) {
                return 20 - (Long.compareUnsigned(num, -8446744073709551616L) < 0 ? 1 : 0);
            }
            int n = 1;
            for (long v = num; v >= 10; v /= 10) {
                n++;
            }
            return n;
        }
        int shift = base == 16 ? 4 : 3;
        int bits = 64 - Long.numberOfLeadingZeros(num);
        return bits == 0 ? 1 : (bits + shift - 1) / shift;
    }

    private static void appendDigits(StringBuilder out, long num, int base, int digits, boolean small) {
        if (base == 10) {
            if (num >= 0) {
                out.append(num);
            } else {
                out.append(Long.divideUnsigned(num, 10)).append((char) ('0' + Long.remainderUnsigned(num, 10)));
            }
            return;
        }
        char[] table = small ? HEX_LOWER : HEX_UPPER;
        int shift = base == 16 ? 4 : 3;
        int mask = base - 1;
        for (int i = digits - 1; i >= 0; i--) {
            out.append(table[(int) (num >>> (i * shift)) & mask]);
        }
    }

    /** Appends {@code count} copies of {@code ch}; nothing if count is not positive. */
    static void repeat(StringBuilder out, char ch, int count) {
        if (count > 0) {
            out.repeat(ch, count);
        }
    }

    /** Appends the two lower-case hex digits of a byte (the kernel's {@code hex_byte_pack}). */
    static void hexByte(StringBuilder out, int b, boolean upper) {
        char[] table = upper ? HEX_UPPER : HEX_LOWER;
        out.append(table[(b >> 4) & 0xF]).append(table[b & 0xF]);
    }

    /** Appends a hex number without leading zeros, lower case. */
    static void hexNoPad(StringBuilder out, long v) {
        int digits = digitCount(v, 16);
        appendDigits(out, v, 16, digits, true);
    }
}
