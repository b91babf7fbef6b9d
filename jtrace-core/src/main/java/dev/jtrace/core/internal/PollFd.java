package dev.jtrace.core.internal;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;

/**
 * {@code struct pollfd} ({@code include/uapi/asm-generic/poll.h}), the element of {@link LibC#poll}'s
 * array.
 *
 * <pre>
 *  0      4        6         8
 *  +------+--------+---------+
 *  |  fd  | events | revents |
 *  +------+--------+---------+
 * </pre>
 */
public final class PollFd {
    /** The layout of one element. */
    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
            JAVA_INT.withName("fd"), JAVA_SHORT.withName("events"), JAVA_SHORT.withName("revents"));
    /** Offset of {@code fd}. */
    public static final long FD = 0;
    /** Offset of {@code events}. */
    public static final long EVENTS = 4;
    /** Offset of {@code revents}. */
    public static final long REVENTS = 6;

    /** Data to read. */
    public static final short POLLIN = 0x1;
    /** Urgent data to read. */
    public static final short POLLPRI = 0x2;
    /** Writing will not block. */
    public static final short POLLOUT = 0x4;
    /** Error condition (output only). */
    public static final short POLLERR = 0x8;
    /** Hung up (output only). */
    public static final short POLLHUP = 0x10;
    /** The descriptor is not open (output only). */
    public static final short POLLNVAL = 0x20;

    private PollFd() {
    }

    /**
     * Fills element {@code index} of a pollfd array.
     *
     * @param array the array
     * @param index the element
     * @param fd the descriptor
     * @param events the events to wait for
     */
    public static void set(MemorySegment array, int index, int fd, short events) {
        long base = elementOffset(array, index);
        array.set(JAVA_INT, base + FD, fd);
        array.set(JAVA_SHORT, base + EVENTS, events);
        array.set(JAVA_SHORT, base + REVENTS, (short) 0);
    }

    /**
     * Reads the returned events of element {@code index}.
     *
     * @param array the array
     * @param index the element
     * @return the {@code revents} bits
     */
    public static short revents(MemorySegment array, int index) {
        return array.get(JAVA_SHORT, elementOffset(array, index) + REVENTS);
    }

    private static long elementOffset(MemorySegment array, int index) {
        long count = array.byteSize() / LAYOUT.byteSize();
        if (index < 0 || index >= count) {
            throw new IllegalArgumentException("pollfd index " + index + " outside an array of " + count);
        }
        return index * LAYOUT.byteSize();
    }
}
