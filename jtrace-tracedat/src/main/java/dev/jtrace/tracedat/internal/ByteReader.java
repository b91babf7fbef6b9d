package dev.jtrace.tracedat.internal;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT_UNALIGNED;
import static java.lang.foreign.ValueLayout.JAVA_LONG_UNALIGNED;
import static java.lang.foreign.ValueLayout.JAVA_SHORT_UNALIGNED;

import dev.jtrace.core.MalformedDataException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * A cursor over file bytes (the mapping, or a decompressed section) that checks every read against
 * its limit and reports a short read as a {@link MalformedDataException} naming the source, the
 * byte offset and what was being read. Numbers are read in the file's byte order.
 */
public final class ByteReader {
    private final MemorySegment data;
    private final String source;
    private final ValueLayout.OfShort u16;
    private final ValueLayout.OfInt u32;
    private final ValueLayout.OfLong u64;
    private long position;
    private long limit;

    /**
     * Creates a reader over all of {@code data}.
     *
     * @param data the bytes
     * @param order the file's byte order
     * @param source what the bytes are, for messages (a path, or a path and a section)
     */
    public ByteReader(MemorySegment data, ByteOrder order, String source) {
        this.data = data;
        this.source = source;
        this.u16 = JAVA_SHORT_UNALIGNED.withOrder(order);
        this.u32 = JAVA_INT_UNALIGNED.withOrder(order);
        this.u64 = JAVA_LONG_UNALIGNED.withOrder(order);
        this.limit = data.byteSize();
    }

    /**
     * Returns the bytes read from.
     *
     * @return the bytes read from
     */
    public MemorySegment data() {
        return data;
    }

    /**
     * Returns the source name used in messages.
     *
     * @return the source name used in messages
     */
    public String source() {
        return source;
    }

    /**
     * Returns the offset of the next read.
     *
     * @return the offset of the next read
     */
    public long position() {
        return position;
    }

    /**
     * Returns the offset reads may not pass.
     *
     * @return the offset reads may not pass
     */
    public long limit() {
        return limit;
    }

    /**
     * Returns bytes left before the limit.
     *
     * @return bytes left before the limit
     */
    public long remaining() {
        return limit - position;
    }

    /**
     * Moves to an offset, which must lie within the limit.
     *
     * @param offset the new position
     * @param what what is expected there, for the message
     * @return this reader
     */
    public ByteReader seek(long offset, String what) {
        if (offset < 0 || offset > limit) {
            throw error(position, what + " at offset " + offset + " is outside the " + limit + " bytes available");
        }
        position = offset;
        return this;
    }

    /**
     * Narrows the limit, for reading a structure that must end before it.
     *
     * @param newLimit the new limit, not beyond the current one
     * @param what the structure, for the message
     * @return this reader
     */
    public ByteReader limitTo(long newLimit, String what) {
        if (newLimit < position || newLimit > limit) {
            throw error(position, what + " ends at " + newLimit + ", outside [" + position + ", " + limit + "]");
        }
        limit = newLimit;
        return this;
    }

    /**
     * Checks that {@code n} bytes remain.
     *
     * @param n the byte count
     * @param what what is to be read, for the message
     */
    public void need(long n, String what) {
        if (n < 0 || n > limit - position) {
            throw error(position, "truncated " + what + ": needs " + n + " bytes, " + (limit - position) + " left");
        }
    }

    /**
     * Skips bytes.
     *
     * @param n how many
     * @param what what is skipped, for the message
     */
    public void skip(long n, String what) {
        need(n, what);
        position += n;
    }

    /**
     * Reads an unsigned byte.
     *
     * @param what the field, for the message
     * @return 0..255
     */
    public int u8(String what) {
        need(1, what);
        return Byte.toUnsignedInt(data.get(JAVA_BYTE, position++));
    }

    /**
     * Reads an unsigned 16-bit number.
     *
     * @param what the field, for the message
     * @return 0..65535
     */
    public int u16(String what) {
        need(2, what);
        int v = Short.toUnsignedInt(data.get(u16, position));
        position += 2;
        return v;
    }

    /**
     * Reads a 32-bit number (its bits; use {@link Integer#toUnsignedLong} for the unsigned value).
     *
     * @param what the field, for the message
     * @return the value
     */
    public int s32(String what) {
        need(4, what);
        int v = data.get(u32, position);
        position += 4;
        return v;
    }

    /**
     * Reads an unsigned 32-bit number.
     *
     * @param what the field, for the message
     * @return 0..2^32-1
     */
    public long u32(String what) {
        return Integer.toUnsignedLong(s32(what));
    }

    /**
     * Reads a 64-bit number (its bits).
     *
     * @param what the field, for the message
     * @return the value
     */
    public long u64(String what) {
        need(8, what);
        long v = data.get(u64, position);
        position += 8;
        return v;
    }

    /**
     * Reads a size or offset stored as u64 that must fit the remaining bytes or the file.
     *
     * @param what the field, for the message
     * @param max the largest acceptable value
     * @return the value
     */
    public long u64AtMost(String what, long max) {
        long at = position;
        long v = u64(what);
        if (v < 0 || v > max) {
            throw error(at, what + " " + Long.toUnsignedString(v) + " exceeds the " + max + " bytes available");
        }
        return v;
    }

    /**
     * Reads a NUL-terminated string (ISO-8859-1, so every byte maps to one char).
     *
     * @param what the field, for the message
     * @return the string without its NUL
     */
    public String cString(String what) {
        long start = position;
        for (long i = position; i < limit; i++) {
            if (data.get(JAVA_BYTE, i) == 0) {
                byte[] bytes = new byte[Math.toIntExact(i - start)];
                MemorySegment.copy(data, JAVA_BYTE, start, bytes, 0, bytes.length);
                position = i + 1;
                return new String(bytes, StandardCharsets.ISO_8859_1);
            }
        }
        throw error(start, "unterminated " + what + ": no NUL before the end at " + limit);
    }

    /**
     * Reads {@code n} bytes as ISO-8859-1 text (one char per byte, so offsets stay byte offsets).
     *
     * @param n the length
     * @param what the field, for the message
     * @return the text
     */
    public String text(long n, String what) {
        need(n, what);
        if (n > Integer.MAX_VALUE - 16) {
            throw error(position, what + " of " + n + " bytes is too large");
        }
        byte[] bytes = new byte[(int) n];
        MemorySegment.copy(data, JAVA_BYTE, position, bytes, 0, bytes.length);
        position += n;
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }

    /**
     * Reads {@code n} bytes as UTF-8 text (malformed bytes become U+FFFD), for texts the kernel
     * writes as raw bytes that are UTF-8 in practice: task names, printk formats.
     *
     * @param n the length
     * @param what the field, for the message
     * @return the text
     */
    public String utf8(long n, String what) {
        need(n, what);
        if (n > Integer.MAX_VALUE - 16) {
            throw error(position, what + " of " + n + " bytes is too large");
        }
        byte[] bytes = new byte[(int) n];
        MemorySegment.copy(data, JAVA_BYTE, position, bytes, 0, bytes.length);
        position += n;
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /**
     * Returns a slice of the next {@code n} bytes (sharing the memory) and moves past them.
     *
     * @param n the length
     * @param what the field, for the message
     * @return the slice
     */
    public MemorySegment slice(long n, String what) {
        need(n, what);
        MemorySegment s = data.asSlice(position, n);
        position += n;
        return s;
    }

    /**
     * Tells whether the next bytes equal {@code expected}, without moving.
     *
     * @param expected the bytes
     * @return whether they match (false if fewer remain)
     */
    public boolean lookingAt(byte[] expected) {
        if (limit - position < expected.length) {
            return false;
        }
        for (int i = 0; i < expected.length; i++) {
            if (data.get(JAVA_BYTE, position + i) != expected[i]) {
                return false;
            }
        }
        return true;
    }

    /**
     * Makes an exception for a problem at an offset of this reader's bytes.
     *
     * @param offset the byte offset
     * @param detail what is wrong
     * @return the exception, to throw
     */
    public MalformedDataException error(long offset, String detail) {
        return new MalformedDataException(source, offset, detail);
    }
}
