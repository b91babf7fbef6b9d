package dev.jtrace.tracedat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Finds and patches parts of a trace.dat file's bytes for the bad-input tests, following the
 * layout independently of the reader (a v7 walk: header, then the options section chain).
 */
final class FileSurgery {
    final byte[] bytes;
    final ByteBuffer buf;

    FileSurgery(byte[] bytes) {
        this.bytes = bytes;
        this.buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    }

    /** Offset of the v7 field holding the first options section's offset. */
    int optionsPointer() {
        int p = 10;
        p = skipString(p); // version
        p += 2 + 4;
        p = skipString(p); // compression name
        p = skipString(p); // compression version
        return p;
    }

    private int skipString(int p) {
        while (bytes[p] != 0) {
            p++;
        }
        return p + 1;
    }

    long u64(int at) {
        return buf.getLong(at);
    }

    void u64(int at, long v) {
        buf.putLong(at, v);
    }

    void u32(int at, int v) {
        buf.putInt(at, v);
    }

    /** The offset of the data of the v7 option {@code id} in the first options section, or -1. */
    int option(int id) {
        int section = (int) u64(optionsPointer());
        int p = section + 16;
        for (;;) {
            int oid = Short.toUnsignedInt(buf.getShort(p));
            int size = buf.getInt(p + 2);
            if (oid == id) {
                return p + 6;
            }
            if (oid == 0) {
                return -1;
            }
            p += 6 + size;
        }
    }

    /** Where a v6 file's kallsyms size field is: after headers, ftrace and event formats. */
    int v6KallsymsSize() {
        int p = 10;
        p = skipString(p) + 2 + 4;
        p += 12;
        p += 8 + (int) u64(p);
        p += 13;
        p += 8 + (int) u64(p);
        int count = buf.getInt(p);
        p += 4;
        for (int i = 0; i < count; i++) {
            p += 8 + (int) u64(p);
        }
        int systems = buf.getInt(p);
        p += 4;
        for (int i = 0; i < systems; i++) {
            p = skipString(p);
            int n = buf.getInt(p);
            p += 4;
            for (int j = 0; j < n; j++) {
                p += 8 + (int) u64(p);
            }
        }
        return p;
    }

    int indexOf(String s, int from) {
        byte[] needle = s.getBytes(StandardCharsets.ISO_8859_1);
        outer:
        for (int i = from; i <= bytes.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (bytes[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
