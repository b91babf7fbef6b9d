package dev.jtrace.traceevent.internal;

import dev.jtrace.core.MalformedDataException;

/**
 * The compressed ring-buffer event header ({@code struct ring_buffer_event} in
 * {@code include/linux/ring_buffer.h}, described by {@code events/header_event}).
 *
 * <pre>
 *  31 ................................ 5  4 ..... 0
 * +--------------------------------------+---------+
 * |          time_delta (27 bits)        | type_len|   u32, CPU byte order
 * +--------------------------------------+---------+
 * |  array[0]: length, extend or payload ...       |
 * +------------------------------------------------+
 *
 * type_len 1..28  data: payload of type_len * 4 bytes starts at array[0]
 * type_len 0      data: array[0] = payload length + 4 (it counts itself); payload at array[1]
 * type_len 29     padding: array[0] = length after the header word; time_delta 0 = "null"
 *                 padding, nothing valid follows on the page
 * type_len 30     time extend: delta = (array[0] &lt;&lt; 27) + time_delta, 8 bytes
 * type_len 31     absolute time stamp: (array[0] &lt;&lt; 27) + time_delta holds the low 59 bits
 * </pre>
 */
public final class RecordHeader {
    /** Size of the header word. */
    public static final int HEADER_SIZE = 4;
    /** Bits of {@code type_len}. */
    public static final int TYPE_LEN_BITS = 5;
    /** Mask of {@code type_len}. */
    public static final int TYPE_LEN_MASK = (1 << TYPE_LEN_BITS) - 1;
    /** Bits of {@code time_delta} ({@code TS_SHIFT}): the shift of a time extend's high part. */
    public static final int TIME_DELTA_BITS = 27;
    /** Highest {@code type_len} of a data event ({@code RINGBUF_TYPE_DATA_TYPE_LEN_MAX}). */
    public static final int DATA_TYPE_LEN_MAX = 28;
    /** {@code RINGBUF_TYPE_PADDING}. */
    public static final int PADDING = 29;
    /** {@code RINGBUF_TYPE_TIME_EXTEND}. */
    public static final int TIME_EXTEND = 30;
    /** {@code RINGBUF_TYPE_TIME_STAMP}. */
    public static final int TIME_STAMP = 31;
    /** Size of a time extend or absolute time stamp ({@code RB_LEN_TIME_EXTEND}). */
    public static final int TIME_EVENT_SIZE = 8;
    /** Payload alignment ({@code RB_ALIGNMENT}). */
    public static final int ALIGNMENT = 4;
    /** The 5 timestamp bits an absolute time stamp cannot hold ({@code TS_MSB}). */
    public static final long TS_MSB = 0xf8L << 56;

    private static final String EXPECTED_HEADER_EVENT = """
            # compressed entry header
            \ttype_len    :    5 bits
            \ttime_delta  :   27 bits
            \tarray       :   32 bits

            \tpadding     : type == 29
            \ttime_extend : type == 30
            \ttime_stamp : type == 31
            \tdata max type_len  == 28
            """;

    private RecordHeader() {
    }

    /**
     * Completes a 59-bit absolute time stamp with the top bits of the running time, as the kernel's
     * {@code rb_fix_abs_ts()} does: the missing 5 bits are taken from {@code running}, and if that
     * makes the result smaller than {@code running} the low 59 bits wrapped, so one is carried.
     *
     * @param abs the low 59 bits read from the event
     * @param running the time stamp of the previous event (or the page)
     * @return the full time stamp
     */
    public static long fixAbsolute(long abs, long running) {
        long msb = running & TS_MSB;
        if (msb == 0) {
            return abs;
        }
        long fixed = abs | msb;
        if (Long.compareUnsigned(fixed, running) < 0) {
            fixed += 1L << 59;
        }
        return fixed;
    }

    /**
     * Checks that an {@code events/header_event} text describes the header this decoder knows.
     *
     * @param text the file's content
     * @param source where it came from
     * @throws MalformedDataException naming the first differing character if the text differs
     */
    public static void checkHeaderEvent(String text, String source) {
        String want = normalize(EXPECTED_HEADER_EVENT);
        String got = normalize(text);
        if (!got.equals(want)) {
            int at = 0;
            while (at < got.length() && at < want.length() && got.charAt(at) == want.charAt(at)) {
                at++;
            }
            throw new MalformedDataException(source, MalformedDataException.UNKNOWN_OFFSET,
                    "unexpected event header description near '"
                            + got.substring(Math.max(0, at - 10), Math.min(got.length(), at + 20)).strip() + "'");
        }
    }

    /** Collapses runs of white space so only the meaningful words and numbers are compared. */
    private static String normalize(String text) {
        return text.strip().replaceAll("\\s+", " ");
    }
}
