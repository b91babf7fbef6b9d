package dev.jtrace.traceevent.internal;

import dev.jtrace.traceevent.printfmt.Conversion;
import java.lang.foreign.MemorySegment;

/**
 * The network-address {@code %p} extensions of {@link KernelPrintf}: {@code %pI4}, {@code %pI6},
 * {@code %pI6c}, {@code %pIS...} and their {@code %pi} forms, as the kernel's
 * {@code ip_addr_string} and helpers print them (lib/vsprintf.c).
 */
final class KernelPrintfNet {
    private static final int AF_INET = 2;
    private static final int AF_INET6 = 10;
    /** {@code sizeof(struct sockaddr_in)} up to the end of {@code sin_addr}. */
    private static final int SOCKADDR_IN_ADDR_END = 8;
    /** Where {@code sin6_addr} starts in {@code struct sockaddr_in6}. */
    private static final int SIN6_ADDR = 8;
    /** Where {@code sin6_scope_id} starts in {@code struct sockaddr_in6}. */
    private static final int SIN6_SCOPE_ID = 24;
    /** {@code IPV6_FLOWINFO_MASK} in host order. */
    private static final long FLOWINFO_MASK = 0x0FFF_FFFFL;

    private KernelPrintfNet() {
    }

    /** Appends the address text (before width/precision, which the caller applies). */
    static void append(StringBuilder out, Conversion c, MemorySegment seg, long offset, int available, int flags,
            int width, int precision) {
        String ext = c.pointerExt();
        char kind = ext.charAt(0); // 'I' or 'i'
        switch (ext.charAt(1)) {
            case '4' -> {
                KernelPrintfBytes.require(c, offset, available, 4);
                ip4(out, seg, offset, kind == 'i', ext.length() > 2 ? ext.charAt(2) : 0);
            }
            case '6' -> {
                KernelPrintfBytes.require(c, offset, available, 16);
                if (kind == 'I' && ext.length() > 2 && ext.charAt(2) == 'c') {
                    ip6Compressed(out, seg, offset);
                } else {
                    ip6(out, seg, offset, kind == 'I');
                }
            }
            default -> sockaddr(out, c, seg, offset, available, flags, width, precision);
        }
    }

    private static void sockaddr(StringBuilder out, Conversion c, MemorySegment seg, long offset, int available,
            int flags, int width, int precision) {
        KernelPrintfBytes.require(c, offset, available, 2);
        String ext = c.pointerExt();
        int family = KernelPrintfBytes.u8(seg, offset) | (KernelPrintfBytes.u8(seg, offset + 1) << 8);
        boolean port = false;
        boolean flow = false;
        boolean scope = false;
        boolean compress = false;
        char order = 0;
        for (int i = 2; i < ext.length() && Character.isLetter(ext.charAt(i)); i++) {
            switch (ext.charAt(i)) {
                case 'p' -> port = true;
                case 'f' -> flow = true;
                case 's' -> scope = true;
                case 'c' -> compress = true;
                case 'h', 'l', 'n', 'b' -> order = ext.charAt(i);
                default -> {
                    // the kernel ignores other letters
                }
            }
        }
        char kind = ext.charAt(0);
        if (family == AF_INET) {
            KernelPrintfBytes.require(c, offset, available, SOCKADDR_IN_ADDR_END);
            ip4(out, seg, offset + 4, kind == 'i', order);
            if (port) {
                out.append(':');
                KernelPrintf.number(out, KernelPrintfBytes.u16be(seg, offset + 2), 10, flags, width, precision);
            }
        } else if (family == AF_INET6) {
            KernelPrintfBytes.require(c, offset, available, scope ? SIN6_SCOPE_ID + 4 : SIN6_SCOPE_ID);
            boolean brackets = port || scope || flow;
            if (brackets) {
                out.append('[');
            }
            if (kind == 'I' && compress) {
                ip6Compressed(out, seg, offset + SIN6_ADDR);
            } else {
                ip6(out, seg, offset + SIN6_ADDR, kind == 'I');
            }
            if (brackets) {
                out.append(']');
            }
            if (port) {
                out.append(':');
                KernelPrintf.number(out, KernelPrintfBytes.u16be(seg, offset + 2), 10, flags, width, precision);
            }
            if (flow) {
                long be = ((long) KernelPrintfBytes.u16be(seg, offset + 4) << 16) | KernelPrintfBytes.u16be(seg, offset + 6);
                out.append('/');
                KernelPrintf.number(out, be & FLOWINFO_MASK, 10, flags, width, precision);
            }
            if (scope) {
                out.append('%');
                KernelPrintf.number(out, KernelPrintfBytes.u32le(seg, offset + SIN6_SCOPE_ID), 10, flags, width,
                        precision);
            }
        } else {
            out.append("(einval)");
        }
    }

    /**
     * Dotted quad; {@code leadingZeros} pads each part to 3 digits ({@code %pi4}); {@code h} and
     * {@code l} read the bytes in reverse (host order is little-endian on x86-64).
     */
    static void ip4(StringBuilder out, MemorySegment seg, long offset, boolean leadingZeros, char order) {
        boolean reverse = order == 'h' || order == 'l';
        for (int i = 0; i < 4; i++) {
            int b = KernelPrintfBytes.u8(seg, offset + (reverse ? 3 - i : i));
            if (leadingZeros) {
                if (b < 100) {
                    out.append('0');
                }
                if (b < 10) {
                    out.append('0');
                }
            }
            out.append(b);
            if (i < 3) {
                out.append('.');
            }
        }
    }

    /** Full form: 8 groups of 4 hex digits, colon-separated if {@code colons} ({@code %pI6}). */
    static void ip6(StringBuilder out, MemorySegment seg, long offset, boolean colons) {
        for (int i = 0; i < 8; i++) {
            KernelPrintf.hexByte(out, KernelPrintfBytes.u8(seg, offset + 2L * i), false);
            KernelPrintf.hexByte(out, KernelPrintfBytes.u8(seg, offset + 2L * i + 1), false);
            if (colons && i != 7) {
                out.append(':');
            }
        }
    }

    /**
     * RFC 5952 form as the kernel's {@code ip6_compressed_string}: the first longest run of two or
     * more zero groups becomes {@code ::}; IPv4-mapped ({@code ::ffff:0:0/96}) and ISATAP addresses
     * end with a dotted quad.
     */
    static void ip6Compressed(StringBuilder out, MemorySegment seg, long offset) {
        boolean v4 = isV4Mapped(seg, offset) || isIsatap(seg, offset);
        int range = v4 ? 6 : 8;
        int longest = 1;
        int colonPos = -1;
        for (int i = 0; i < range; i++) {
            int run = 0;
            for (int j = i; j < range && word(seg, offset, j) == 0; j++) {
                run++;
            }
            if (run > longest) {
                longest = run;
                colonPos = i;
            }
        }
        boolean needColon = false;
        for (int i = 0; i < range; i++) {
            if (i == colonPos) {
                if (needColon || i == 0) {
                    out.append(':');
                }
                out.append(':');
                needColon = false;
                i += longest - 1;
                continue;
            }
            if (needColon) {
                out.append(':');
            }
            KernelPrintf.hexNoPad(out, word(seg, offset, i));
            needColon = true;
        }
        if (v4) {
            if (needColon) {
                out.append(':');
            }
            ip4(out, seg, offset + 12, false, 'n');
        }
    }

    private static int word(MemorySegment seg, long offset, int index) {
        return KernelPrintfBytes.u16be(seg, offset + 2L * index);
    }

    private static boolean isV4Mapped(MemorySegment seg, long offset) {
        for (int i = 0; i < 10; i++) {
            if (KernelPrintfBytes.u8(seg, offset + i) != 0) {
                return false;
            }
        }
        return KernelPrintfBytes.u8(seg, offset + 10) == 0xFF && KernelPrintfBytes.u8(seg, offset + 11) == 0xFF;
    }

    /** ISATAP interface id {@code [02]00:5efe} (the u/l bit ignored), as {@code ipv6_addr_is_isatap}. */
    private static boolean isIsatap(MemorySegment seg, long offset) {
        return (KernelPrintfBytes.u8(seg, offset + 8) | 0x02) == 0x02 && KernelPrintfBytes.u8(seg, offset + 9) == 0
                && KernelPrintfBytes.u8(seg, offset + 10) == 0x5E && KernelPrintfBytes.u8(seg, offset + 11) == 0xFE;
    }
}
