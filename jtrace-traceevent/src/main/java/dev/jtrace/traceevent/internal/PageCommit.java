package dev.jtrace.traceevent.internal;

/**
 * The commit word of a ring-buffer sub-buffer header ({@code buffer_data_page.commit} in
 * {@code kernel/trace/ring_buffer.c}): a kernel {@code long} holding the data length in its low bits
 * and two flags that {@code ring_buffer_read_page()} adds when the page leaves the ring.
 *
 * <pre>
 *  31   30   29..27   26 ............................ 0
 * +----+----+--------+--------------------------------+
 * | ME | MS | unused |  length of the data in bytes   |
 * +----+----+--------+--------------------------------+
 *  ME = RB_MISSED_EVENTS: events were lost between the previous page read and this one
 *  MS = RB_MISSED_STORED: the number lost is stored as a long right after the data
 * </pre>
 *
 * <p>The length mask is libtraceevent's {@code COMMIT_MASK}; the kernel itself only clears the two
 * flag bits, and no sub-buffer is large enough to reach bit 27, so bits 27..29 are ignored.
 */
public final class PageCommit {
    /** Mask of the data length: {@code (1 << 27) - 1}. */
    public static final int LENGTH_MASK = (1 << 27) - 1;
    /** {@code RB_MISSED_EVENTS}: events were lost before this page. */
    public static final long MISSED_EVENTS = 1L << 31;
    /** {@code RB_MISSED_STORED}: the lost-event count follows the data. */
    public static final long MISSED_STORED = 1L << 30;

    private PageCommit() {
    }

    /**
     * Returns the data length encoded in a commit word.
     *
     * @param commit the commit word
     * @return the length in bytes, counted from the header's data offset
     */
    public static int length(long commit) {
        return (int) (commit & LENGTH_MASK);
    }
}
