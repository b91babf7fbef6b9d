package dev.jtrace.core;

import java.io.Serial;
import java.util.Objects;

/**
 * Bytes or text from the kernel or from a file do not have the expected format.
 *
 * <p>Names the source (a file, a CPU's buffer, a page), the byte offset within it where the problem
 * was found, and what was wrong, for example:
 * <pre>{@code
 * /sys/kernel/tracing/per_cpu/cpu1/trace_pipe_raw page 3 at byte 4088: event length 64 runs past the page end (4096)
 * }</pre>
 */
public final class MalformedDataException extends JtraceException {
    @Serial
    private static final long serialVersionUID = 1L;

    /** Offset value meaning "the offset is not known or does not apply". */
    public static final long UNKNOWN_OFFSET = -1;

    /** What was parsed. */
    private final String source;
    /** Where in the source, or UNKNOWN_OFFSET. */
    private final long offset;
    /** What was wrong. */
    private final String detail;

    /**
     * Creates the exception.
     *
     * @param source what was being parsed: a path, a CPU buffer, a page or a string's origin
     * @param offset the byte (or character) offset within the source, or {@link #UNKNOWN_OFFSET}
     * @param detail what was wrong there
     */
    public MalformedDataException(String source, long offset, String detail) {
        this(source, offset, detail, null);
    }

    /**
     * Creates the exception with an underlying cause.
     *
     * @param source what was being parsed
     * @param offset the byte (or character) offset within the source, or {@link #UNKNOWN_OFFSET}
     * @param detail what was wrong there
     * @param cause the underlying failure, or {@code null}
     */
    public MalformedDataException(String source, long offset, String detail, Throwable cause) {
        super(message(source, offset, detail), cause);
        this.source = Objects.requireNonNull(source, "source");
        this.offset = offset;
        this.detail = Objects.requireNonNull(detail, "detail");
    }

    private static String message(String source, long offset, String detail) {
        return offset == UNKNOWN_OFFSET ? source + ": " + detail : source + " at byte " + offset + ": " + detail;
    }

    /**
     * Returns what was being parsed.
     *
     * @return the source description
     */
    public String source() {
        return source;
    }

    /**
     * Returns where in the source the problem was found.
     *
     * @return the byte offset, or {@link #UNKNOWN_OFFSET}
     */
    public long offset() {
        return offset;
    }

    /**
     * Returns what was wrong.
     *
     * @return the detail, without source and offset
     */
    public String detail() {
        return detail;
    }
}
