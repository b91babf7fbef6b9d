package dev.jtrace.tracefs;

import dev.jtrace.core.MalformedDataException;

/**
 * The counters of one CPU's ring buffer, from {@code per_cpu/cpuN/stats}.
 *
 * @param cpu the CPU
 * @param entries events in the buffer now
 * @param overrun events lost because the buffer was full and overwrote them (overwrite mode)
 * @param commitOverrun events lost because an interrupt nested too deep during a write
 * @param bytes bytes of event data in the buffer
 * @param oldestEventTs the time stamp of the oldest event, as printed (seconds.microseconds, or
 *     the raw count for counter clocks)
 * @param nowTs the buffer clock's current time, as printed
 * @param dropped events dropped because the buffer was full (no-overwrite mode)
 * @param read events read (consumed) so far
 */
public record CpuStats(int cpu, long entries, long overrun, long commitOverrun, long bytes, String oldestEventTs,
        String nowTs, long dropped, long read) {

    /**
     * Parses the {@code stats} file of a CPU.
     *
     * @param cpu the CPU
     * @param text the file's contents
     * @param source the file's path, for messages
     * @return the counters
     * @throws MalformedDataException if a counter line is missing or not a number
     */
    public static CpuStats parse(int cpu, String text, String source) {
        return new CpuStats(cpu, number(text, "entries", source), number(text, "overrun", source),
                number(text, "commit overrun", source), number(text, "bytes", source),
                value(text, "oldest event ts", source), value(text, "now ts", source),
                number(text, "dropped events", source), number(text, "read events", source));
    }

    private static long number(String text, String key, String source) {
        String v = value(text, key, source);
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new MalformedDataException(source, text.indexOf(key + ":"), "'" + key + "' is not a number: " + v);
        }
    }

    private static String value(String text, String key, String source) {
        int at = 0;
        while (true) {
            at = text.indexOf(key + ":", at);
            if (at < 0) {
                throw new MalformedDataException(source, MalformedDataException.UNKNOWN_OFFSET, "no '" + key
                        + ":' line");
            }
            if (at == 0 || text.charAt(at - 1) == '\n') {
                break;
            }
            at++;
        }
        int end = text.indexOf('\n', at);
        return text.substring(at + key.length() + 1, end < 0 ? text.length() : end).strip();
    }
}
