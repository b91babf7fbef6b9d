package dev.jtrace.tracefs.internal;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Encodes text to UTF-8 straight into native memory, without the byte array
 * {@code String.getBytes} would allocate: markers are written on hot paths. An unpaired surrogate
 * becomes {@code ?}, as {@code String.getBytes(UTF_8)} does.
 */
public final class Utf8 {
    private Utf8() {
    }

    /**
     * Encodes {@code text} into {@code out} from offset {@code at}.
     *
     * @param text the text
     * @param out the destination
     * @param at where to start writing
     * @return the offset after the last byte written, or -1 if the text does not fit
     */
    public static long encode(CharSequence text, MemorySegment out, long at) {
        long limit = out.byteSize();
        long p = at;
        int n = text.length();
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                if (p >= limit) {
                    return -1;
                }
                out.set(ValueLayout.JAVA_BYTE, p++, (byte) c);
            } else if (c < 0x800) {
                if (p + 2 > limit) {
                    return -1;
                }
                out.set(ValueLayout.JAVA_BYTE, p++, (byte) (0xc0 | (c >> 6)));
                out.set(ValueLayout.JAVA_BYTE, p++, (byte) (0x80 | (c & 0x3f)));
            } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(text.charAt(i + 1))) {
                int cp = Character.toCodePoint(c, text.charAt(++i));
                if (p + 4 > limit) {
                    return -1;
                }
                out.set(ValueLayout.JAVA_BYTE, p++, (byte) (0xf0 | (cp >> 18)));
                out.set(ValueLayout.JAVA_BYTE, p++, (byte) (0x80 | ((cp >> 12) & 0x3f)));
                out.set(ValueLayout.JAVA_BYTE, p++, (byte) (0x80 | ((cp >> 6) & 0x3f)));
                out.set(ValueLayout.JAVA_BYTE, p++, (byte) (0x80 | (cp & 0x3f)));
            } else if (Character.isSurrogate(c)) {
                if (p >= limit) {
                    return -1;
                }
                out.set(ValueLayout.JAVA_BYTE, p++, (byte) '?');
            } else {
                if (p + 3 > limit) {
                    return -1;
                }
                out.set(ValueLayout.JAVA_BYTE, p++, (byte) (0xe0 | (c >> 12)));
                out.set(ValueLayout.JAVA_BYTE, p++, (byte) (0x80 | ((c >> 6) & 0x3f)));
                out.set(ValueLayout.JAVA_BYTE, p++, (byte) (0x80 | (c & 0x3f)));
            }
        }
        return p;
    }
}
