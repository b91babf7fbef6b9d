package dev.jtrace.traceevent;

import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Builds a sub-buffer event by event for unit tests of cases the kernel here cannot be made to
 * produce on demand (absolute time stamps, corrupt lengths). Words are in native order, as the
 * kernel writes them. Captured pages, not these, are the fixtures.
 */
final class PageBuilder {
    static final HeaderPage LAYOUT_4K = HeaderPage.of(0, 8, 8, 16, 4080);

    private final ByteBuffer page;

    PageBuilder(int subBufferSize, long pageTimestamp) {
        page = ByteBuffer.allocate(subBufferSize).order(ByteOrder.nativeOrder());
        page.putLong(0, pageTimestamp);
        page.position(16);
    }

    PageBuilder(long pageTimestamp) {
        this(4096, pageTimestamp);
    }

    /** A data event with type_len = payload words (payload length must be a multiple of 4, 4..112). */
    PageBuilder data(int delta, byte[] payload) {
        page.putInt(header(payload.length / 4, delta));
        page.put(payload);
        return this;
    }

    /** A data event with type_len 0: the length word counts itself. */
    PageBuilder bigData(int delta, byte[] payload) {
        page.putInt(header(0, delta));
        page.putInt(payload.length + 4);
        page.put(payload);
        return this;
    }

    PageBuilder timeExtend(long delta) {
        page.putInt(header(30, (int) (delta & ((1 << 27) - 1))));
        page.putInt((int) (delta >>> 27));
        return this;
    }

    PageBuilder timeStamp(long abs) {
        page.putInt(header(31, (int) (abs & ((1 << 27) - 1))));
        page.putInt((int) (abs >>> 27));
        return this;
    }

    /** Padding (a discarded event) of {@code size} bytes in all. */
    PageBuilder padding(int delta, int size) {
        page.putInt(header(29, delta));
        page.putInt(size - 4);
        page.position(page.position() - 8 + size);
        return this;
    }

    PageBuilder word(int value) {
        page.putInt(value);
        return this;
    }

    int position() {
        return page.position();
    }

    /** Sets the commit word to the bytes written so far plus {@code flags}. */
    PageBuilder commit(long flags) {
        page.putLong(8, (page.position() - 16) | flags);
        return this;
    }

    PageBuilder commitRaw(long commit) {
        page.putLong(8, commit);
        return this;
    }

    PageBuilder putLongAt(int offset, long value) {
        page.putLong(offset, value);
        return this;
    }

    MemorySegment segment() {
        return MemorySegment.ofArray(page.array());
    }

    byte[] bytes() {
        return page.array();
    }

    static int header(int typeLen, int delta) {
        return typeLen | delta << 5;
    }

    /** A payload of {@code length} bytes starting with common fields for {@code id} and {@code pid}. */
    static byte[] payload(int id, int pid, int length) {
        ByteBuffer b = ByteBuffer.allocate(length).order(ByteOrder.nativeOrder());
        b.putShort(0, (short) id);
        b.put(2, (byte) 0x81);
        b.put(3, (byte) 0x21);
        if (length >= 8) {
            b.putInt(4, pid);
        }
        for (int i = 8; i < length; i++) {
            b.put(i, (byte) i);
        }
        return b.array();
    }
}
