package dev.jtrace.ringbuffer;

import dev.jtrace.core.MalformedDataException;
import java.util.Objects;

/**
 * The counters of one CPU's ring buffer, from {@code per_cpu/cpuN/stats}.
 *
 * <p>{@code overrun} counts events overwritten before anyone read them (the buffer is in overwrite
 * mode, the default): the losses a reader sees as missed-event flags on its sub-buffers, so the
 * lost events a {@link CpuBufferReader} reports add up to it. {@code droppedEvents} counts events
 * refused because the buffer was full in non-overwrite mode ({@code options/overwrite} = 0); those
 * never show up in the sub-buffers. A counter the kernel does not print is -1.
 *
 * @param entries events in the buffer, not yet read
 * @param overrun events overwritten before being read
 * @param commitOverrun events lost because an interrupt filled the buffer during a commit
 * @param bytes bytes of events in the buffer
 * @param droppedEvents events dropped because the buffer was full (non-overwrite mode)
 * @param readEvents events read so far
 */
public record CpuBufferStats(long entries, long overrun, long commitOverrun, long bytes, long droppedEvents,
        long readEvents) {

    /**
     * Parses the text of a {@code per_cpu/cpuN/stats} file.
     *
     * @param text the file's content ({@code "entries: 12\noverrun: 0\n..."})
     * @param source where the text came from, for error messages
     * @return the counters
     * @throws MalformedDataException if {@code entries} or {@code overrun} is missing, or a counter
     *     is not a decimal number
     */
    public static CpuBufferStats parse(String text, String source) {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(source, "source");
        long entries = -1;
        long overrun = -1;
        long commitOverrun = -1;
        long bytes = -1;
        long dropped = -1;
        long read = -1;
        int lineStart = 0;
        while (lineStart < text.length()) {
            int lineEnd = text.indexOf('\n', lineStart);
            if (lineEnd < 0) {
                lineEnd = text.length();
            }
            int colon = text.indexOf(':', lineStart);
            if (colon > lineStart && colon < lineEnd) {
                String key = text.substring(lineStart, colon);
                switch (key) {
                    case "entries" -> entries = number(text, colon + 1, lineEnd, source);
                    case "overrun" -> overrun = number(text, colon + 1, lineEnd, source);
                    case "commit overrun" -> commitOverrun = number(text, colon + 1, lineEnd, source);
                    case "bytes" -> bytes = number(text, colon + 1, lineEnd, source);
                    case "dropped events" -> dropped = number(text, colon + 1, lineEnd, source);
                    case "read events" -> read = number(text, colon + 1, lineEnd, source);
                    default -> {
                        // time stamps and counters a later kernel adds
                    }
                }
            }
            lineStart = lineEnd + 1;
        }
        if (entries < 0 || overrun < 0) {
            throw new MalformedDataException(source, MalformedDataException.UNKNOWN_OFFSET,
                    "no 'entries' or 'overrun' line in " + text.length() + " characters");
        }
        return new CpuBufferStats(entries, overrun, commitOverrun, bytes, dropped, read);
    }

    private static long number(String text, int from, int to, String source) {
        String value = text.substring(from, to).strip();
        if (value.isEmpty() || !value.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new MalformedDataException(source, from, "'" + value + "' is not a decimal counter");
        }
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new MalformedDataException(source, from, "counter " + value + " does not fit 63 bits", e);
        }
    }
}
