package dev.jtrace.traceevent.internal;

import dev.jtrace.traceevent.printfmt.Conversion;
import dev.jtrace.traceevent.printfmt.Segment;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits a format string into literal text and conversion specifications following the decoding
 * rules of the kernel's {@code format_decode()} in lib/vsprintf.c: flags {@code -+ #0}, a width
 * (digits or {@code *}), a precision ({@code .} then digits or {@code *}; a bare {@code .} means
 * 0), a length modifier ({@code hh h l ll L z Z t j}) and one conversion character. After
 * {@code %p} the kernel skips every alphanumeric character as the pointer extension, so that is
 * what {@link Conversion#pointerExt()} holds.
 */
public final class PrintFmtSegments {
    private PrintFmtSegments() {
    }

    /**
     * Splits {@code format}.
     *
     * @param format the format string, escapes resolved
     * @return the segments, adjacent text merged
     */
    public static List<Segment> split(String format) {
        List<Segment> out = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        int n = format.length();
        int i = 0;
        while (i < n) {
            char c = format.charAt(i);
            if (c != '%') {
                text.append(c);
                i++;
                continue;
            }
            int start = i++;
            int flagsStart = i;
            while (i < n && isFlag(format.charAt(i))) {
                i++;
            }
            String flags = format.substring(flagsStart, i);
            int width = Conversion.NONE;
            if (i < n && format.charAt(i) == '*') {
                width = Conversion.STAR;
                i++;
            } else if (i < n && isDigit(format.charAt(i))) {
                width = 0;
                while (i < n && isDigit(format.charAt(i))) {
                    width = saturatingDecimal(width, format.charAt(i++));
                }
            }
            int precision = Conversion.NONE;
            if (i < n && format.charAt(i) == '.') {
                i++;
                precision = 0;
                if (i < n && format.charAt(i) == '*') {
                    precision = Conversion.STAR;
                    i++;
                } else {
                    while (i < n && isDigit(format.charAt(i))) {
                        precision = saturatingDecimal(precision, format.charAt(i++));
                    }
                }
            }
            int lengthStart = i;
            if (i < n) {
                char q = format.charAt(i);
                if (q == 'h' || q == 'l') {
                    i++;
                    if (i < n && format.charAt(i) == q) {
                        i++;
                    }
                } else if (q == 'L' || q == 'z' || q == 'Z' || q == 't' || q == 'j') {
                    i++;
                }
            }
            String length = format.substring(lengthStart, i);
            if (i >= n) {
                // A specification cut off by the end of the string prints nothing useful in the
                // kernel; keep it as text so nothing is lost.
                text.append(format, start, n);
                break;
            }
            char conversion = format.charAt(i++);
            if (conversion == '%') {
                text.append('%');
                continue;
            }
            String pointerExt = "";
            if (conversion == 'p') {
                int extStart = i;
                while (i < n && isAlnum(format.charAt(i))) {
                    i++;
                }
                pointerExt = format.substring(extStart, i);
            }
            if (!text.isEmpty()) {
                out.add(new Segment.Text(text.toString()));
                text.setLength(0);
            }
            out.add(new Conversion(flags, width, precision, length, conversion, pointerExt,
                    format.substring(start, i)));
        }
        if (!text.isEmpty()) {
            out.add(new Segment.Text(text.toString()));
        }
        return out;
    }

    private static int saturatingDecimal(int value, char digit) {
        int next = value * 10 + (digit - '0');
        return value > 100_000_000 ? value : next;
    }

    private static boolean isFlag(char c) {
        return c == '-' || c == '+' || c == ' ' || c == '#' || c == '0';
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isAlnum(char c) {
        return isDigit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }
}
