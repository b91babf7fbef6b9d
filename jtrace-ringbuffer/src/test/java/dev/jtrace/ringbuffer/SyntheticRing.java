package dev.jtrace.ringbuffer;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT_UNALIGNED;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT_UNALIGNED;

import dev.jtrace.core.internal.LibC;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * A perf ring laid out in ordinary native memory (control page + 2 data pages), written the way
 * the kernel writes one, for tests of the reader's bookkeeping without perf_event_open.
 */
final class SyntheticRing {
    final MemorySegment mapping;
    final MemorySegment data;
    final long pageSize = LibC.sysconf(LibC.SC_PAGESIZE);
    final long dataSize = 2 * pageSize;

    SyntheticRing(Arena arena) {
        mapping = arena.allocate(3 * pageSize, pageSize);
        mapping.set(JAVA_LONG, 1040, pageSize); // data_offset
        mapping.set(JAVA_LONG, 1048, dataSize); // data_size
        data = mapping.asSlice(pageSize, dataSize);
    }

    void head(long head) {
        mapping.set(JAVA_LONG, 1024, head);
    }

    void tail(long tail) {
        mapping.set(JAVA_LONG, 1032, tail);
    }

    long tail() {
        return mapping.get(JAVA_LONG, 1032);
    }

    /** Writes a record at ring counter {@code position}: header, then body bytes {@code (position + i) & 0xff}. */
    void record(long position, int type, int size) {
        byte[] bytes = new byte[size];
        for (int i = 8; i < size; i++) {
            bytes[i] = (byte) (position + i);
        }
        MemorySegment header = MemorySegment.ofArray(bytes);
        header.set(JAVA_INT_UNALIGNED, 0, type);
        header.set(JAVA_SHORT_UNALIGNED, 6, (short) size);
        for (int i = 0; i < size; i++) {
            data.set(JAVA_BYTE, (position + i) & (dataSize - 1), bytes[i]);
        }
    }
}
