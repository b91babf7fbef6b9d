package dev.jtrace.traceevent;

import dev.jtrace.core.MalformedDataException;
import dev.jtrace.traceevent.internal.PageCommit;
import java.util.Objects;

/**
 * The layout of a ring-buffer sub-buffer ("page") header, as the kernel describes it in
 * {@code events/header_page} ({@code struct buffer_data_page} in {@code kernel/trace/ring_buffer.c}).
 *
 * <pre>
 *  0                8                16 (dataOffset)                         subBufferSize
 *  +----------------+----------------+---------------------------------------+
 *  | u64 timestamp  | long commit    | events ...           | unused (zero)  |
 *  +----------------+----------------+---------------------------------------+
 *                    bits 0..26  data length in bytes (from dataOffset)
 *                    bit  30     the missed-event count is stored as a long after the data
 *                    bit  31     events were lost before this page
 * </pre>
 *
 * <p>The text looks like this on x86-64 with 4 KiB sub-buffers:
 * <pre>
 * 	field: u64 timestamp;	offset:0;	size:8;	signed:0;
 * 	field: local_t commit;	offset:8;	size:8;	signed:1;
 * 	field: int overwrite;	offset:8;	size:1;	signed:1;
 * 	field: char data;	offset:16;	size:4080;	signed:0;
 * </pre>
 * The {@code data} size follows {@code buffer_subbuf_size_kb}, and each tracefs instance has its
 * own {@code events/header_page}: read the file of the buffer whose pages you decode, never assume
 * 4096. The {@code overwrite} line is a leftover the kernel still prints; it is accepted and
 * ignored.
 */
public final class HeaderPage {
    private final int timestampOffset;
    private final int commitOffset;
    private final int commitSize;
    private final int dataOffset;
    private final int dataSize;

    private HeaderPage(int timestampOffset, int commitOffset, int commitSize, int dataOffset, int dataSize) {
        this.timestampOffset = timestampOffset;
        this.commitOffset = commitOffset;
        this.commitSize = commitSize;
        this.dataOffset = dataOffset;
        this.dataSize = dataSize;
    }

    /**
     * Creates a layout from known values, for tests and for sources that carry the layout in
     * another form (a trace.dat header, for example).
     *
     * @param timestampOffset offset of the 8-byte page timestamp
     * @param commitOffset offset of the commit word
     * @param commitSize size of the commit word: 8 on 64-bit kernels, 4 on 32-bit ones
     * @param dataOffset offset of the first event
     * @param dataSize bytes available for events; {@code dataOffset + dataSize} is the sub-buffer size
     * @return the layout
     * @throws IllegalArgumentException if the values cannot describe a sub-buffer: overlapping or
     *     negative fields, a commit size other than 4 or 8, or a data size beyond the 27-bit commit
     *     length
     */
    public static HeaderPage of(int timestampOffset, int commitOffset, int commitSize, int dataOffset, int dataSize) {
        String problem = check(timestampOffset, commitOffset, commitSize, dataOffset, dataSize);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
        return new HeaderPage(timestampOffset, commitOffset, commitSize, dataOffset, dataSize);
    }

    /**
     * Parses the text of an {@code events/header_page} file.
     *
     * @param text the file's content
     * @param source where the text came from, for error messages (a path, for example)
     * @return the layout
     * @throws MalformedDataException if a line cannot be parsed, the {@code timestamp}, {@code commit}
     *     or {@code data} field is missing, or the values do not describe a sub-buffer; the
     *     exception's offset is a character offset into {@code text}
     */
    public static HeaderPage parse(String text, String source) {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(source, "source");
        int timestampOffset = -1;
        int timestampSize = -1;
        int commitOffset = -1;
        int commitSize = -1;
        int dataOffset = -1;
        int dataSize = -1;
        int lineStart = 0;
        while (lineStart < text.length()) {
            int lineEnd = text.indexOf('\n', lineStart);
            if (lineEnd < 0) {
                lineEnd = text.length();
            }
            String line = text.substring(lineStart, lineEnd);
            if (!line.isBlank()) {
                Field field = Field.parse(line, lineStart, source);
                switch (field.name) {
                    case "timestamp" -> {
                        timestampOffset = field.offset;
                        timestampSize = field.size;
                    }
                    case "commit" -> {
                        commitOffset = field.offset;
                        commitSize = field.size;
                    }
                    case "data" -> {
                        dataOffset = field.offset;
                        dataSize = field.size;
                    }
                    default -> {
                        // "overwrite" and anything a later kernel adds: not needed to walk a page.
                    }
                }
            }
            lineStart = lineEnd + 1;
        }
        if (timestampOffset < 0) {
            throw new MalformedDataException(source, text.length(), "no 'timestamp' field");
        }
        if (commitOffset < 0) {
            throw new MalformedDataException(source, text.length(), "no 'commit' field");
        }
        if (dataOffset < 0) {
            throw new MalformedDataException(source, text.length(), "no 'data' field");
        }
        if (timestampSize != Long.BYTES) {
            throw new MalformedDataException(source, MalformedDataException.UNKNOWN_OFFSET,
                    "timestamp size is " + timestampSize + ", expected 8");
        }
        String problem = check(timestampOffset, commitOffset, commitSize, dataOffset, dataSize);
        if (problem != null) {
            throw new MalformedDataException(source, MalformedDataException.UNKNOWN_OFFSET, problem);
        }
        return new HeaderPage(timestampOffset, commitOffset, commitSize, dataOffset, dataSize);
    }

    private static String check(int timestampOffset, int commitOffset, int commitSize, int dataOffset, int dataSize) {
        if (timestampOffset < 0 || commitOffset < 0 || dataOffset < 0 || dataSize <= 0) {
            return "negative offset or non-positive data size";
        }
        if (commitSize != Integer.BYTES && commitSize != Long.BYTES) {
            return "commit size is " + commitSize + ", expected 4 or 8";
        }
        if (timestampOffset + Long.BYTES > dataOffset || commitOffset + commitSize > dataOffset) {
            return "timestamp or commit overlaps the data at offset " + dataOffset;
        }
        if (timestampOffset < commitOffset + commitSize && commitOffset < timestampOffset + Long.BYTES) {
            return "timestamp and commit overlap";
        }
        if (dataSize > PageCommit.LENGTH_MASK || (long) dataOffset + dataSize > PageCommit.LENGTH_MASK) {
            return "data size " + dataSize + " exceeds what the 27-bit commit length can describe";
        }
        return null;
    }

    /**
     * Returns the offset of the page timestamp (a u64 in the trace clock's units).
     *
     * @return the byte offset in the sub-buffer
     */
    public int timestampOffset() {
        return timestampOffset;
    }

    /**
     * Returns the offset of the commit word.
     *
     * @return the byte offset in the sub-buffer
     */
    public int commitOffset() {
        return commitOffset;
    }

    /**
     * Returns the size of the commit word, a kernel {@code long}.
     *
     * @return 8 on 64-bit kernels, 4 on 32-bit ones
     */
    public int commitSize() {
        return commitSize;
    }

    /**
     * Returns where events start; the commit length counts from here.
     *
     * @return the byte offset in the sub-buffer
     */
    public int dataOffset() {
        return dataOffset;
    }

    /**
     * Returns the bytes available for events in one sub-buffer.
     *
     * @return the data area's size
     */
    public int dataSize() {
        return dataSize;
    }

    /**
     * Returns the size of one sub-buffer: the unit {@code trace_pipe_raw} reads and maps.
     *
     * @return {@code dataOffset() + dataSize()}
     */
    public int subBufferSize() {
        return dataOffset + dataSize;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof HeaderPage h && h.timestampOffset == timestampOffset && h.commitOffset == commitOffset
                && h.commitSize == commitSize && h.dataOffset == dataOffset && h.dataSize == dataSize;
    }

    @Override
    public int hashCode() {
        return Objects.hash(timestampOffset, commitOffset, commitSize, dataOffset, dataSize);
    }

    @Override
    public String toString() {
        return "HeaderPage[timestamp@" + timestampOffset + ", commit@" + commitOffset + "/" + commitSize
                + ", data@" + dataOffset + "/" + dataSize + ", subBufferSize=" + subBufferSize() + "]";
    }

    /** One {@code field: <type> <name>; offset:N; size:N; signed:N;} line. */
    private record Field(String name, int offset, int size) {
        static Field parse(String line, int lineStart, String source) {
            int field = line.indexOf("field:");
            if (field < 0) {
                throw new MalformedDataException(source, lineStart, "expected 'field:' in line '" + line.strip() + "'");
            }
            int semicolon = line.indexOf(';', field);
            if (semicolon < 0) {
                throw new MalformedDataException(source, lineStart + field, "no ';' after the field declaration");
            }
            String declaration = line.substring(field + "field:".length(), semicolon).strip();
            int space = declaration.lastIndexOf(' ');
            String name = space < 0 ? declaration : declaration.substring(space + 1);
            if (name.isEmpty()) {
                throw new MalformedDataException(source, lineStart + field, "field without a name");
            }
            int offset = number(line, "offset:", semicolon, lineStart, source);
            int size = number(line, "size:", semicolon, lineStart, source);
            return new Field(name, offset, size);
        }

        private static int number(String line, String key, int from, int lineStart, String source) {
            int at = line.indexOf(key, from);
            if (at < 0) {
                throw new MalformedDataException(source, lineStart + from, "no '" + key + "' in the field line");
            }
            int start = at + key.length();
            int end = start;
            while (end < line.length() && Character.isDigit(line.charAt(end))) {
                end++;
            }
            if (end == start || end - start > 9) {
                throw new MalformedDataException(source, lineStart + start,
                        "'" + key + "' is not followed by a decimal number of at most 9 digits");
            }
            return Integer.parseInt(line, start, end, 10);
        }
    }
}
