package dev.jtrace.traceevent.internal;

import dev.jtrace.core.MalformedDataException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Reads the enum constants and struct sizes out of BTF type information
 * ({@code /sys/kernel/btf/vmlinux}; layout in {@code include/uapi/linux/btf.h}).
 *
 * <pre>
 * header: u16 magic 0xEB9F | u8 version | u8 flags | u32 hdr_len | u32 type_off | u32 type_len
 *         | u32 str_off | u32 str_len          (offsets count from the end of the header)
 * type:   u32 name_off | u32 info (vlen = bits 0-15, kind = bits 24-28, kind_flag = bit 31)
 *         | u32 size_or_type, followed by kind-specific data
 * </pre>
 * Only ENUM (6), ENUM64 (19) and STRUCT/UNION (4/5) are kept; every other kind is skipped by its
 * known trailing size, and an unknown kind stops the walk with an error naming its offset.
 */
public final class BtfReader {
    private static final int MAGIC = 0xEB9F;

    private BtfReader() {
    }

    /**
     * Collects enum constants ({@code name -> value}), struct/union sizes ({@code name -> bytes})
     * and integer typedefs ({@code name -> size in bytes, negated when signed}).
     *
     * @param btf the BTF blob
     * @param source its name, for errors
     * @param enums where enum constants go (first definition of a name wins)
     * @param structSizes where struct and union sizes go (first definition wins)
     * @param typedefs where typedefs of integers, enums and pointers go: the size in bytes,
     *     negative for signed types (first definition wins)
     * @throws MalformedDataException if the blob is not BTF or is cut short
     */
    public static void read(byte[] btf, String source, Map<String, Long> enums, Map<String, Integer> structSizes,
            Map<String, Integer> typedefs) {
        ByteBuffer b = ByteBuffer.wrap(btf).order(ByteOrder.LITTLE_ENDIAN);
        if (btf.length < 24 || (b.getShort(0) & 0xFFFF) != MAGIC) {
            throw new MalformedDataException(source, 0, "not BTF data (magic 0xeb9f, little-endian, expected)");
        }
        if (btf[2] != 1) {
            throw new MalformedDataException(source, 2, "BTF version " + btf[2] + " is not supported (expected 1)");
        }
        long hdrLen = b.getInt(4) & 0xFFFF_FFFFL;
        if (hdrLen < 24 || hdrLen > btf.length) {
            throw new MalformedDataException(source, 4, "header length " + hdrLen + " is not between 24 and "
                    + btf.length);
        }
        long typeStart = hdrLen + (b.getInt(8) & 0xFFFF_FFFFL);
        long typeEnd = typeStart + (b.getInt(12) & 0xFFFF_FFFFL);
        long strStart = hdrLen + (b.getInt(16) & 0xFFFF_FFFFL);
        long strEnd = strStart + (b.getInt(20) & 0xFFFF_FFFFL);
        if (typeEnd > btf.length || strEnd > btf.length) {
            throw new MalformedDataException(source, 0, "sections end past the data (" + btf.length + " bytes)");
        }
        // Type ids start at 1; remember each type's kind, size-or-type and (for INT) signedness so
        // typedef chains can be resolved after the walk.
        java.util.ArrayList<int[]> types = new java.util.ArrayList<>();
        types.add(new int[] {0, 0, 0, 0});
        java.util.List<int[]> typedefEntries = new java.util.ArrayList<>();
        int pos = (int) typeStart;
        while (pos + 12 <= typeEnd) {
            int nameOff = b.getInt(pos);
            int info = b.getInt(pos + 4);
            int sizeOrType = b.getInt(pos + 8);
            int vlen = info & 0xFFFF;
            int kind = (info >>> 24) & 0x1F;
            boolean kindFlag = info < 0;
            int data = pos + 12;
            int next = data + switch (kind) {
                case 1, 14, 17 -> 4;                 // INT, VAR, DECL_TAG
                case 3 -> 12;                        // ARRAY
                case 4, 5, 15, 19 -> 12 * vlen;      // STRUCT, UNION, DATASEC, ENUM64
                case 6, 13 -> 8 * vlen;              // ENUM, FUNC_PROTO
                case 0, 2, 7, 8, 9, 10, 11, 12, 16, 18 -> 0;
                default -> throw new MalformedDataException(source, pos, "unknown BTF kind " + kind);
            };
            if (next > typeEnd) {
                throw new MalformedDataException(source, pos, "type of kind " + kind + " runs past the type section");
            }
            int signedInt = kind == 1 && (b.getInt(data) & (1 << 24)) != 0 ? 1 : 0;
            types.add(new int[] {kind, sizeOrType, kind == 6 || kind == 19 ? (kindFlag ? 1 : 0) : signedInt, pos});
            if (kind == 8 && nameOff != 0) {
                typedefEntries.add(new int[] {types.size() - 1, nameOff, pos});
            }
            if (kind == 6) {
                for (int i = 0; i < vlen; i++) {
                    int e = data + 8 * i;
                    int raw = b.getInt(e + 4);
                    enums.putIfAbsent(string(btf, strStart, strEnd, b.getInt(e), source, e),
                            kindFlag ? (long) raw : raw & 0xFFFF_FFFFL);
                }
            } else if (kind == 19) {
                for (int i = 0; i < vlen; i++) {
                    int e = data + 12 * i;
                    long value = (b.getInt(e + 4) & 0xFFFF_FFFFL) | ((long) b.getInt(e + 8) << 32);
                    enums.putIfAbsent(string(btf, strStart, strEnd, b.getInt(e), source, e), value);
                }
            } else if ((kind == 4 || kind == 5) && nameOff != 0) {
                structSizes.putIfAbsent(string(btf, strStart, strEnd, nameOff, source, pos), sizeOrType);
            }
            pos = next;
        }
        for (int[] t : typedefEntries) {
            int size = resolveIntegerSize(types, t[0]);
            if (size != 0) {
                typedefs.putIfAbsent(string(btf, strStart, strEnd, t[1], source, t[2]), size);
            }
        }
    }

    /** Follows typedef/const/volatile/restrict to an INT, ENUM or PTR; 0 if it ends elsewhere. */
    private static int resolveIntegerSize(java.util.List<int[]> types, int id) {
        for (int hops = 0; hops < 32 && id > 0 && id < types.size(); hops++) {
            int[] t = types.get(id);
            switch (t[0]) {
                case 8, 9, 10, 11, 18 -> id = t[1];   // TYPEDEF, VOLATILE, CONST, RESTRICT, TYPE_TAG
                case 1, 6, 19 -> {
                    return t[2] == 1 ? -t[1] : t[1];  // INT/ENUM size in bytes, negative if signed
                }
                case 2 -> {
                    return 8;                           // PTR
                }
                default -> {
                    return 0;
                }
            }
        }
        return 0;
    }

    private static String string(byte[] btf, long strStart, long strEnd, int offset, String source, int referrer) {
        long start = strStart + (offset & 0xFFFF_FFFFL);
        if (start >= strEnd) {
            throw new MalformedDataException(source, referrer, "name offset " + (offset & 0xFFFF_FFFFL)
                    + " outside the string section");
        }
        int end = (int) start;
        while (end < strEnd && btf[end] != 0) {
            end++;
        }
        return new String(btf, (int) start, end - (int) start, StandardCharsets.ISO_8859_1);
    }
}
