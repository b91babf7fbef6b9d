package dev.jtrace.traceevent.internal;

import dev.jtrace.core.MalformedDataException;
import dev.jtrace.traceevent.printfmt.Conversion;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * The byte-oriented {@code %p} extensions of {@link KernelPrintf}: MAC addresses ({@code %pM}),
 * UUIDs ({@code %pU}), hex dumps ({@code %ph}) and bitmaps ({@code %pb}, {@code %pbl}), as the
 * kernel's {@code mac_address_string}, {@code uuid_string}, {@code hex_string},
 * {@code bitmap_string} and {@code bitmap_list_string} print them. Also the bounds checks and
 * little-endian reads every memory-reading extension uses.
 */
final class KernelPrintfBytes {
    /** Byte order of a big-endian UUID ({@code %pU}, {@code %pUb}, {@code %pUB}). */
    private static final byte[] UUID_INDEX = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15};
    /** Byte order of a little-endian GUID ({@code %pUl}, {@code %pUL}). */
    private static final byte[] GUID_INDEX = {3, 2, 1, 0, 5, 4, 7, 6, 8, 9, 10, 11, 12, 13, 14, 15};
    /** The kernel's limit for {@code %ph}: longer dumps are cut to 64 bytes. */
    private static final int HEX_DUMP_MAX = 64;
    private static final int BITMAP_CHUNK_BITS = 32;

    private KernelPrintfBytes() {
    }

    /** Fails unless {@code need} bytes are available for the conversion's argument. */
    static void require(Conversion c, long offset, int available, long need) {
        if (need > available) {
            throw new MalformedDataException("argument of " + c.text(), offset,
                    c.text() + " needs " + need + " bytes, only " + available + " available");
        }
    }

    static int u8(MemorySegment seg, long offset) {
        return seg.get(ValueLayout.JAVA_BYTE, offset) & 0xFF;
    }

    static int u16be(MemorySegment seg, long offset) {
        return (u8(seg, offset) << 8) | u8(seg, offset + 1);
    }

    static long u32le(MemorySegment seg, long offset) {
        return seg.get(ValueLayout.JAVA_INT_UNALIGNED.withOrder(java.nio.ByteOrder.LITTLE_ENDIAN), offset)
                & 0xFFFF_FFFFL;
    }

    static long u64(MemorySegment seg, long offset) {
        return seg.get(ValueLayout.JAVA_LONG_UNALIGNED.withOrder(java.nio.ByteOrder.LITTLE_ENDIAN), offset);
    }

    /** {@code %pM} (colons), {@code %pMF} (dashes), {@code %pm} (none); {@code R} reverses the bytes. */
    static void mac(StringBuilder out, Conversion c, MemorySegment seg, long offset, int available) {
        require(c, offset, available, 6);
        String ext = c.pointerExt();
        char second = ext.length() > 1 ? ext.charAt(1) : 0;
        boolean reversed = second == 'R';
        char separator = second == 'F' ? '-' : ':';
        boolean separate = ext.charAt(0) == 'M';
        for (int i = 0; i < 6; i++) {
            KernelPrintf.hexByte(out, u8(seg, offset + (reversed ? 5 - i : i)), false);
            if (separate && i != 5) {
                out.append(separator);
            }
        }
    }

    /** {@code %pU[bBlL]}: 16 bytes as 8-4-4-4-12 hex digits. */
    static void uuid(StringBuilder out, Conversion c, MemorySegment seg, long offset, int available) {
        require(c, offset, available, 16);
        String ext = c.pointerExt();
        char second = ext.length() > 1 ? ext.charAt(1) : 0;
        boolean upper = second == 'L' || second == 'B';
        byte[] index = second == 'L' || second == 'l' ? GUID_INDEX : UUID_INDEX;
        for (int i = 0; i < 16; i++) {
            KernelPrintf.hexByte(out, u8(seg, offset + index[i]), upper);
            if (i == 3 || i == 5 || i == 7 || i == 9) {
                out.append('-');
            }
        }
    }

    /**
     * {@code %ph[CDN]}: {@code width} bytes (1 without a width, none for width 0, at most 64) as hex
     * pairs separated by a space, {@code :} ({@code C}), {@code -} ({@code D}) or nothing
     * ({@code N}). The kernel applies no padding to the result.
     */
    static void hex(StringBuilder out, Conversion c, MemorySegment seg, long offset, int available, int width) {
        if (width == 0) {
            return;
        }
        int len = width > 0 ? Math.min(width, HEX_DUMP_MAX) : 1;
        require(c, offset, available, len);
        String ext = c.pointerExt();
        char separator = switch (ext.length() > 1 ? ext.charAt(1) : 0) {
            case 'C' -> ':';
            case 'D' -> '-';
            case 'N' -> 0;
            default -> ' ';
        };
        for (int i = 0; i < len; i++) {
            KernelPrintf.hexByte(out, u8(seg, offset + i), false);
            if (separator != 0 && i != len - 1) {
                out.append(separator);
            }
        }
    }

    /**
     * {@code %*pb} / {@code %*pbl}: the first {@code width} bits of an array of little-endian 64-bit
     * words, as 32-bit hex chunks from the highest (the first one only as wide as needed) or as a
     * list of ranges ({@code 0-3,8}). Only the bytes holding those bits must be available.
     */
    static void bitmap(StringBuilder out, Conversion c, MemorySegment seg, long offset, int available, int width) {
        int bits = Math.max(width, 0);
        require(c, offset, available, (bits + 7L) / 8);
        String ext = c.pointerExt();
        if (ext.length() > 1 && ext.charAt(1) == 'l') {
            bitmapList(out, seg, offset, bits);
        } else {
            bitmapMask(out, seg, offset, bits);
        }
    }

    private static boolean bit(MemorySegment seg, long offset, int bit) {
        return (u8(seg, offset + (bit >>> 3)) & (1 << (bit & 7))) != 0;
    }

    private static void bitmapList(StringBuilder out, MemorySegment seg, long offset, int bits) {
        boolean first = true;
        int i = 0;
        while (i < bits) {
            if (!bit(seg, offset, i)) {
                i++;
                continue;
            }
            int low = i;
            while (i + 1 < bits && bit(seg, offset, i + 1)) {
                i++;
            }
            if (!first) {
                out.append(',');
            }
            first = false;
            out.append(low);
            if (i > low) {
                out.append('-').append(i);
            }
            i++;
        }
    }

    private static void bitmapMask(StringBuilder out, MemorySegment seg, long offset, int bits) {
        int chunk = bits & (BITMAP_CHUNK_BITS - 1);
        if (chunk == 0) {
            chunk = BITMAP_CHUNK_BITS;
        }
        boolean first = true;
        int aligned = (int) (((long) bits + BITMAP_CHUNK_BITS - 1) / BITMAP_CHUNK_BITS * BITMAP_CHUNK_BITS);
        for (int i = aligned - BITMAP_CHUNK_BITS; i >= 0; i -= BITMAP_CHUNK_BITS) {
            long value = 0;
            for (int b = 0; b < chunk; b += 8) {
                value |= (long) u8(seg, offset + ((i + b) >>> 3)) << b;
            }
            value &= (1L << chunk) - 1;
            if (!first) {
                out.append(',');
            }
            first = false;
            KernelPrintf.number(out, value, 16, KernelPrintf.SMALL | KernelPrintf.ZEROPAD, (chunk + 3) / 4, 0);
            chunk = BITMAP_CHUNK_BITS;
        }
    }
}
