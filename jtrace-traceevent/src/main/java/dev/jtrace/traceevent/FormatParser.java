package dev.jtrace.traceevent;

import dev.jtrace.core.MalformedDataException;
import dev.jtrace.traceevent.internal.PrintFmtParser;
import dev.jtrace.traceevent.printfmt.PrintFmt;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Parses the text of an {@code events/<system>/<event>/format} file (written by the kernel's
 * {@code f_show()} in kernel/trace/trace_events.c):
 * <pre>{@code
 * name: <event>
 * ID: <decimal id>
 * format:
 * <TAB>field:<type> <name>[<n>];<TAB>offset:<n>;<TAB>size:<n>;<TAB>signed:<0|1>;   (common fields)
 * <blank line>
 * <TAB>field:...                                                                   (event fields)
 * <blank line>
 * print fmt: "<format string>", <arg>, <arg>, ...
 * }</pre>
 * The header lines and field lines must be well formed, or parsing fails with a
 * {@link MalformedDataException} giving the character offset; a print fmt that cannot be parsed
 * is recorded in {@link EventFormat#printFmtError()} instead, so one odd event never hides the
 * others. Hand-written scanning, no regular expressions: a whole tracefs parses in milliseconds.
 */
public final class FormatParser {
    /** What an {@code long} or a pointer is when a format gives no hint (64-bit kernels). */
    private static final int DEFAULT_LONG_SIZE = 8;

    private final String text;
    private final String source;
    private int pos;
    /** Where the value of the header line read last starts. */
    private int valueStart;

    private FormatParser(String text, String source) {
        this.text = text;
        this.source = source;
    }

    /**
     * Parses one format file.
     *
     * @param system the event's system (the name of its directory under {@code events/})
     * @param text the file's contents
     * @param source where the text comes from, for messages (usually the file path)
     * @return the event format
     * @throws MalformedDataException if the name, ID or format lines or a field line are missing
     *     or malformed, or the print fmt line is missing; the offset is the character index in
     *     {@code text}
     */
    public static EventFormat parse(String system, String text, String source) {
        Objects.requireNonNull(system, "system");
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(source, "source");
        return new FormatParser(text, source).format(system);
    }

    /**
     * Parses one field line such as {@code "\tfield:char comm[16];\toffset:8;\tsize:16;\tsigned:0;"}
     * on its own, for files that use the same notation (for example {@code events/header_page},
     * whose lines read {@code "\tfield: u64 timestamp;\toffset:0;\tsize:8;\tsigned:0;"}).
     * Pointers and {@code long} are taken to be 8 bytes when an element size must be inferred.
     *
     * @param line the line, without its newline; leading blanks are allowed
     * @param source where the line comes from, for messages
     * @param lineOffset the offset of the line within the source, added to error offsets
     * @return the field
     * @throws MalformedDataException if the line is not a well-formed field line
     */
    public static FieldFormat parseField(String line, String source, long lineOffset) {
        Objects.requireNonNull(line, "line");
        Objects.requireNonNull(source, "source");
        FormatParser p = new FormatParser(line, source);
        int start = p.skipBlanks(0, line.length());
        if (!line.startsWith("field:", start)) {
            throw new MalformedDataException(source, lineOffset + start, "expected 'field:'");
        }
        try {
            return p.field(start, line.length(), DEFAULT_LONG_SIZE);
        } catch (MalformedDataException e) {
            if (lineOffset == 0) {
                throw e;
            }
            throw new MalformedDataException(source, e.offset() + lineOffset, e.detail(), e);
        }
    }

    private EventFormat format(String system) {
        String name = headerValue("name:", "name");
        if (name.isEmpty() || hasBlank(name)) {
            throw error(valueStart, "bad event name '" + name + "'");
        }
        String idText = headerValue("ID:", "ID");
        int id = parseNumber(idText, valueStart, "ID");
        headerValue("format:", "format");

        List<FieldFormat> fields = new ArrayList<>();
        List<Integer> fieldLines = new ArrayList<>();
        Set<String> names = new HashSet<>();
        int longSize = 0;
        int printStart = -1;
        int n = text.length();
        while (pos < n) {
            int lineStart = pos;
            int lineEnd = lineEnd(pos);
            pos = lineEnd < n ? lineEnd + 1 : n;
            int at = skipBlanks(lineStart, lineEnd);
            if (at == lineEnd) {
                continue;
            }
            if (text.startsWith("field:", at)) {
                FieldFormat f = field(at, lineEnd, DEFAULT_LONG_SIZE);
                if (!names.add(f.name())) {
                    throw error(at, "duplicate field '" + f.name() + "'");
                }
                if (longSize == 0 && !f.isArray() && (f.isPointer() || isLong(f.cType()))) {
                    longSize = f.size();
                }
                fields.add(f);
                fieldLines.add(at);
                fieldLines.add(lineEnd);
            } else if (text.startsWith("print fmt:", at)) {
                printStart = at;
                break;
            } else {
                throw error(at, "expected a field line or 'print fmt:' but found '" + excerpt(at, lineEnd) + "'");
            }
        }
        if (printStart < 0) {
            throw error(n, "missing 'print fmt:' line");
        }
        int fmtStart = printStart + "print fmt:".length();
        if (fmtStart < n && text.charAt(fmtStart) == ' ') {
            fmtStart++;
        }
        // The print fmt runs to the end of the file: a format string may hold a raw newline (ext4's
        // fast-commit events do), so the line end is not its end.
        int fmtEnd = n;
        while (fmtEnd > fmtStart && (text.charAt(fmtEnd - 1) == '\n' || isBlank(text.charAt(fmtEnd - 1)))) {
            fmtEnd--;
        }
        if (longSize != 0 && longSize != DEFAULT_LONG_SIZE) {
            // A 32-bit kernel's format: element sizes inferred from long/pointer types change.
            for (int i = 0; i < fields.size(); i++) {
                fields.set(i, field(fieldLines.get(2 * i), fieldLines.get(2 * i + 1), longSize));
            }
        }
        String printFmtText = text.substring(fmtStart, fmtEnd);
        PrintFmt printFmt;
        String printFmtError = null;
        try {
            printFmt = PrintFmt.parse(printFmtText, source, fmtStart);
        } catch (MalformedDataException e) {
            String format = PrintFmtParser.formatStringOrNull(printFmtText);
            printFmt = PrintFmt.unparsed(format == null ? "" : format, printFmtText);
            printFmtError = e.getMessage();
        }
        return new EventFormat(system, name, id, fields, printFmtText, printFmt, printFmtError, source);
    }

    /** Reads the next non-blank line, which must start with {@code key}; returns its trimmed value. */
    private String headerValue(String key, String what) {
        int n = text.length();
        while (pos < n) {
            int lineStart = pos;
            int lineEnd = lineEnd(pos);
            int at = skipBlanks(lineStart, lineEnd);
            if (at == lineEnd) {
                pos = lineEnd < n ? lineEnd + 1 : n;
                continue;
            }
            if (!text.startsWith(key, at)) {
                throw error(at, "expected '" + key + "' line (the event's " + what + ") but found '"
                        + excerpt(at, lineEnd) + "'");
            }
            pos = lineEnd < n ? lineEnd + 1 : n;
            valueStart = skipBlanks(at + key.length(), lineEnd);
            return text.substring(valueStart, lineEnd).strip();
        }
        throw error(n, "missing '" + key + "' line (the event's " + what + ")");
    }

    /**
     * Parses {@code field:DECL;<blanks>key:value;...} from {@code start} (at "field:") to
     * {@code end}.
     */
    private FieldFormat field(int start, int end, int longSize) {
        int declStart = start + "field:".length();
        int semi = indexOf(';', declStart, end);
        if (semi < 0) {
            throw error(start, "truncated field line: no ';' after the declaration");
        }
        int offset = -1;
        int size = -1;
        int signed = -1;
        int at = semi + 1;
        while (true) {
            at = skipBlanks(at, end);
            if (at >= end) {
                break;
            }
            int colon = indexOf(':', at, end);
            int valueEnd = colon < 0 ? -1 : indexOf(';', colon + 1, end);
            if (colon < 0 || valueEnd < 0) {
                throw error(at, "truncated field line: expected 'key:value;' but found '" + excerpt(at, end) + "'");
            }
            String key = text.substring(at, colon);
            switch (key) {
                case "offset" -> offset = parseNumber(text.substring(colon + 1, valueEnd), colon + 1, "offset");
                case "size" -> size = parseNumber(text.substring(colon + 1, valueEnd), colon + 1, "size");
                case "signed" -> signed = parseNumber(text.substring(colon + 1, valueEnd), colon + 1, "signed");
                default -> {
                    // Attributes a newer kernel may add are skipped.
                }
            }
            at = valueEnd + 1;
        }
        if (offset < 0) {
            throw error(start, "field line has no offset");
        }
        if (size < 0) {
            throw error(start, "field line has no size");
        }
        return declaration(declStart, semi, offset, size, signed, longSize);
    }

    /** Splits {@code TYPE NAME}, {@code TYPE NAME[N]}, {@code __data_loc TYPE[] NAME}, {@code TYPE NAME:BITS}. */
    private FieldFormat declaration(int from, int to, int offset, int size, int signedValue, int longSize) {
        int s = skipBlanks(from, to);
        int e = to;
        while (e > s && isBlank(text.charAt(e - 1))) {
            e--;
        }
        if (s == e) {
            throw error(from, "field line has an empty declaration");
        }
        FieldFormat.Kind kind = FieldFormat.Kind.SCALAR;
        String marker = "";
        if (startsWithWord(s, e, "__data_loc")) {
            kind = FieldFormat.Kind.DATA_LOC;
            marker = "__data_loc ";
            s = skipBlanks(s + "__data_loc".length(), e);
        } else if (startsWithWord(s, e, "__rel_loc")) {
            kind = FieldFormat.Kind.REL_LOC;
            marker = "__rel_loc ";
            s = skipBlanks(s + "__rel_loc".length(), e);
        }
        int bitWidth = 0;
        int colon = indexOf(':', s, e);
        if (colon >= 0) {
            bitWidth = parseNumber(text.substring(colon + 1, e).strip(), colon + 1, "bit-field width");
            e = colon;
            while (e > s && isBlank(text.charAt(e - 1))) {
                e--;
            }
        }
        // Array dimensions written after the name: NAME[a][b]...
        List<String> dims = new ArrayList<>(1);
        while (e > s && text.charAt(e - 1) == ']') {
            int open = text.lastIndexOf('[', e - 1);
            if (open < s) {
                throw error(e - 1, "']' without '[' in field declaration");
            }
            dims.addFirst(text.substring(open + 1, e - 1).strip());
            e = open;
            while (e > s && isBlank(text.charAt(e - 1))) {
                e--;
            }
        }
        int nameStart = e;
        while (nameStart > s && isIdentChar(text.charAt(nameStart - 1))) {
            nameStart--;
        }
        if (nameStart == e || Character.isDigit(text.charAt(nameStart))) {
            throw error(e > s ? e - 1 : s, "field declaration has no name");
        }
        String name = text.substring(nameStart, e);
        String type = normalizeType(text, s, nameStart);
        if (type.isEmpty()) {
            throw error(s, "field '" + name + "' has no type");
        }
        boolean dynamic = kind != FieldFormat.Kind.SCALAR;
        String elementType = type;
        if (dynamic && type.endsWith("[]")) {
            elementType = type.substring(0, type.length() - 2).strip();
        }
        StringBuilder cType = new StringBuilder(marker).append(type);
        for (String d : dims) {
            cType.append('[').append(d).append(']');
        }
        boolean signed = signedValue >= 0 ? signedValue != 0 : guessSigned(elementType);
        int arrayLength = 0;
        int elementSize = size;
        if (!dims.isEmpty()) {
            if (dynamic) {
                throw error(s, "dynamic field '" + name + "' has array dimensions after its name");
            }
            boolean flexible = dims.size() == 1 && dims.getFirst().isEmpty();
            int base = typeSize(elementType, longSize);
            if (flexible) {
                kind = FieldFormat.Kind.FLEXIBLE_ARRAY;
                elementSize = base;
            } else {
                kind = FieldFormat.Kind.FIXED_ARRAY;
                long count = 1;
                boolean numeric = true;
                for (String d : dims) {
                    long v = decimalOrMinus(d);
                    if (v < 0) {
                        numeric = false;
                        break;
                    }
                    count *= v;
                    if (count > Integer.MAX_VALUE) {
                        throw error(s, "array '" + name + "' has more than " + Integer.MAX_VALUE + " elements");
                    }
                }
                if (numeric && count > 0) {
                    arrayLength = (int) count;
                    elementSize = size % arrayLength == 0 ? size / arrayLength : base;
                } else if (numeric) {
                    elementSize = base;
                } else if (base > 0 && size % base == 0) {
                    // The kernel printed a macro (u8 buf[TASK_COMM_LEN]): the size tells the count.
                    elementSize = base;
                    arrayLength = size / base;
                } else {
                    elementSize = size;
                    arrayLength = size == 0 ? 0 : 1;
                }
            }
        } else if (dynamic) {
            elementSize = typeSize(elementType, longSize);
        }
        return new FieldFormat(name, cType.toString(), elementType, offset, size, signed, kind, arrayLength,
                elementSize, bitWidth);
    }

    private static boolean isLong(String type) {
        return switch (type) {
            case "long", "unsigned long", "long int", "unsigned long int", "signed long" -> true;
            default -> false;
        };
    }

    /** Sizes of the C types and kernel typedefs that appear as array elements; 0 if unknown. */
    private static int typeSize(String type, int longSize) {
        String t = type.startsWith("const ") ? type.substring(6) : type;
        if (t.endsWith("*")) {
            return longSize;
        }
        return switch (t) {
            case "char", "signed char", "unsigned char", "u8", "s8", "__u8", "__s8", "bool", "_Bool", "uint8_t",
                 "int8_t" -> 1;
            case "short", "unsigned short", "short int", "unsigned short int", "u16", "s16", "__u16", "__s16",
                 "__le16", "__be16", "uint16_t", "int16_t" -> 2;
            case "int", "unsigned int", "unsigned", "signed", "signed int", "u32", "s32", "__u32", "__s32", "__le32",
                 "__be32", "uint32_t", "int32_t", "pid_t", "uid_t", "gid_t" -> 4;
            case "long long", "unsigned long long", "long long int", "unsigned long long int", "u64", "s64", "__u64",
                 "__s64", "__le64", "__be64", "uint64_t", "int64_t" -> 8;
            // A cpumask_t (__data_loc cpumask_t in ipi_send_cpumask) is a bitmap of unsigned longs.
            case "long", "unsigned long", "long int", "unsigned long int", "signed long", "size_t", "ssize_t",
                 "cpumask_t" -> longSize;
            default -> 0;
        };
    }

    /** For old kernels that did not print {@code signed:}. */
    private static boolean guessSigned(String type) {
        if (type.startsWith("unsigned") || type.endsWith("*") || type.startsWith("u") || type.startsWith("__u")) {
            return false;
        }
        return switch (type) {
            case "char", "short", "int", "long", "long long", "signed char", "s8", "s16", "s32", "s64", "__s8",
                 "__s16", "__s32", "__s64", "pid_t", "ssize_t" -> true;
            default -> false;
        };
    }

    /** Collapses blanks to single spaces and writes pointer stars as " *", " **". */
    private static String normalizeType(String text, int from, int to) {
        StringBuilder sb = new StringBuilder(to - from);
        boolean pendingSpace = false;
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (isBlank(c)) {
                pendingSpace = !sb.isEmpty();
                continue;
            }
            if (c == '*' && !sb.isEmpty() && sb.charAt(sb.length() - 1) != '*') {
                pendingSpace = true;
            } else if (c == '*') {
                pendingSpace = false;
            } else if (c == '[' || c == ']') {
                pendingSpace = false;
            }
            if (pendingSpace) {
                sb.append(' ');
                pendingSpace = false;
            }
            sb.append(c);
        }
        return sb.toString();
    }

    private int parseNumber(String value, int at, String what) {
        String v = value.strip();
        long result = decimalOrMinus(v);
        if (result < 0 || result > Integer.MAX_VALUE) {
            throw error(at, "bad " + what + " '" + v + "': expected a non-negative decimal number");
        }
        return (int) result;
    }

    /** Parses a non-negative decimal of at most 10 digits; -1 if {@code s} is not one. */
    private static long decimalOrMinus(String s) {
        if (s.isEmpty() || s.length() > 10) {
            return -1;
        }
        long v = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }

    private boolean startsWithWord(int from, int to, String word) {
        int end = from + word.length();
        return end < to && text.startsWith(word, from) && isBlank(text.charAt(end));
    }

    private int lineEnd(int from) {
        int nl = text.indexOf('\n', from);
        return nl < 0 ? text.length() : nl;
    }

    private int skipBlanks(int from, int to) {
        while (from < to && isBlank(text.charAt(from))) {
            from++;
        }
        return from;
    }

    private int indexOf(char c, int from, int to) {
        for (int i = from; i < to; i++) {
            if (text.charAt(i) == c) {
                return i;
            }
        }
        return -1;
    }

    private String excerpt(int from, int to) {
        int end = Math.min(to, from + 40);
        return text.substring(from, end) + (end < to ? "..." : "");
    }

    private static boolean hasBlank(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (isBlank(s.charAt(i))) {
                return true;
            }
        }
        return false;
    }

    private static boolean isBlank(char c) {
        return c == ' ' || c == '\t' || c == '\r';
    }

    private static boolean isIdentChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
    }

    private MalformedDataException error(int at, String detail) {
        return new MalformedDataException(source, at, detail);
    }
}
