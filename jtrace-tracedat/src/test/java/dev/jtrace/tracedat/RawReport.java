package dev.jtrace.tracedat;

import dev.jtrace.traceevent.EventFormat;
import dev.jtrace.traceevent.EventRecord;
import dev.jtrace.traceevent.FieldFormat;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One line of {@code trace-cmd report -R -t} (raw fields, full time stamps), and its comparison
 * with the record jtrace reads at the same position.
 *
 * <p>libtraceevent's "raw" field values are not all raw: a field its print fmt prints directly is
 * printed with that conversion ({@code %x}, {@code %lu}, {@code %p} ...), the others by type
 * (pointers and longs in hex, {@code %2d} for shorts, strings as text or {@code ARRAY[..]}). So a
 * number is accepted in any of the forms libtraceevent can give it: signed or unsigned decimal, or
 * hex with or without {@code 0x} and zero padding. Values printed symbolically (a {@code %pS} name)
 * are counted as unverified.
 */
record RawReport(String buffer, String comm, int pid, int cpu, long timestamp, String event, String fields) {
    private static final Pattern LINE = Pattern.compile(
            "^ *(.*)-(\\d+) +\\[(\\d{3})\\] +(\\d+)\\.(\\d{9}): (\\S+): *(.*)$");

    /** Parses the lines; {@code nameWidth} is the buffer-name column width (0 if the file has no instances). */
    static List<RawReport> parse(List<String> lines, int nameWidth) {
        List<RawReport> out = new ArrayList<>();
        for (String line : lines) {
            if (line.startsWith("cpus=")) {
                continue;
            }
            if (line.contains("EVENTS DROPPED]")) {
                throw new IllegalStateException("trace-cmd reports lost events: " + line);
            }
            String buffer = "";
            String rest = line;
            if (nameWidth > 0) {
                buffer = line.substring(0, nameWidth).strip();
                rest = line.substring(nameWidth + 2);
            }
            Matcher m = LINE.matcher(rest);
            if (!m.matches()) {
                throw new IllegalStateException("unparsed trace-cmd line: '" + line + "'");
            }
            long ts = Long.parseLong(m.group(4)) * 1_000_000_000L + Long.parseLong(m.group(5));
            out.add(new RawReport(buffer, m.group(1), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)), ts,
                    m.group(6), " " + m.group(7)));
        }
        return out;
    }

    /** Counts of checked and unverifiable fields, and the first mismatch. */
    static final class Tally {
        long records;
        long fields;
        long unverified;
        final List<String> mismatches = new ArrayList<>();

        void mismatch(String s) {
            if (mismatches.size() < 20) {
                mismatches.add(s);
            }
        }
    }

    /** Compares this line with a record of jtrace; adds mismatches to the tally. */
    void compare(int index, RecordCursor cursor, Tally tally) {
        tally.records++;
        EventRecord r = cursor.record();
        EventFormat f = cursor.format();
        String where = "record " + index + " (" + this + ")";
        if (!buffer.equals(cursor.buffer().name())) {
            tally.mismatch(where + ": buffer '" + cursor.buffer().name() + "'");
        }
        if (cpu != cursor.cpu() || pid != r.commonPid() || timestamp != cursor.timestamp()) {
            tally.mismatch(where + ": jtrace has cpu " + cursor.cpu() + " pid " + r.commonPid() + " ts "
                    + cursor.timestamp());
            return;
        }
        if (f == null || !f.name().equals(event)) {
            tally.mismatch(where + ": jtrace has event " + (f == null ? "id " + r.id() : f.name()));
            return;
        }
        List<FieldFormat> list = f.fields();
        int at = 0;
        for (int i = 0; i < list.size(); i++) {
            FieldFormat field = list.get(i);
            String key = " " + field.name() + "=";
            if (!fields.startsWith(key, at)) {
                tally.mismatch(where + ": expected '" + key + "' at " + at);
                return;
            }
            int start = at + key.length();
            int end = fields.length();
            if (i + 1 < list.size()) {
                end = fields.indexOf(" " + list.get(i + 1).name() + "=", start);
                if (end < 0) {
                    tally.mismatch(where + ": no field " + list.get(i + 1).name());
                    return;
                }
            }
            String value = fields.substring(start, end);
            tally.fields++;
            Boolean ok = matches(field, r, value);
            if (ok == null) {
                tally.unverified++;
            } else if (!ok) {
                tally.mismatch(where + ": field " + field.name() + " is '" + value + "' in trace-cmd, jtrace reads "
                        + describe(field, r));
            }
            at = end;
        }
    }

    private static String describe(FieldFormat field, EventRecord r) {
        if (field.isArray() || field.isString()) {
            return "'" + text(field, r) + "'";
        }
        return Long.toString(number(field, r));
    }

    private static long number(FieldFormat field, EventRecord r) {
        return switch (field.size()) {
            case 1 -> field.isSigned() ? r.s8(field.offset()) : r.u8(field.offset());
            case 2 -> field.isSigned() ? r.s16(field.offset()) : r.u16(field.offset());
            case 4 -> field.isSigned() ? r.s32(field.offset()) : r.u32(field.offset());
            default -> r.s64(field.offset());
        };
    }

    private static byte[] bytes(FieldFormat field, EventRecord r) {
        int off = field.offset();
        int len = field.isFlexibleArray() ? r.payloadLength() - off : field.size();
        if (field.isDynamic()) {
            off = field.isRelativeDynamic() ? r.relLocOffset(field.offset()) : r.dataLocOffset(field.offset());
            len = field.isRelativeDynamic() ? r.relLocLength(field.offset()) : r.dataLocLength(field.offset());
        }
        byte[] b = new byte[len];
        r.bytes(off, b, 0, len);
        return b;
    }

    private static String text(FieldFormat field, EventRecord r) {
        byte[] b = bytes(field, r);
        int n = 0;
        while (n < b.length && b[n] != 0) {
            n++;
        }
        return new String(b, 0, n, StandardCharsets.UTF_8);
    }

    /** true/false when checkable, null when trace-cmd printed something symbolic. */
    private static Boolean matches(FieldFormat field, EventRecord r, String value) {
        if (field.isArray() || field.isString()) {
            if (value.startsWith("ARRAY[")) {
                byte[] b = bytes(field, r);
                StringBuilder sb = new StringBuilder("ARRAY[");
                for (int i = 0; i < b.length; i++) {
                    sb.append(i == 0 ? "" : ", ").append(String.format("%02x", b[i] & 0xff));
                }
                return value.equals(sb.append(']').toString());
            }
            if (field.isString() || field.elementSize() == 1) {
                // trace-cmd drops the newline that ends a line's text (a marker's own newline).
                String t = text(field, r);
                return value.equals(t) || t.endsWith("\n") && value.equals(t.substring(0, t.length() - 1));
            }
            return null;
        }
        long v = number(field, r);
        long mask = field.size() >= 8 ? -1L : (1L << (8 * field.size())) - 1;
        String s = value.strip();
        boolean negative = s.startsWith("-");
        String digits = negative ? s.substring(1) : s;
        if (digits.startsWith("0x")) {
            return parseHex(digits.substring(2)) == (v & mask) && !negative;
        }
        if (digits.matches("[0-9]+")) {
            long dec = parseDec(digits, negative);
            long hex = negative ? Long.MIN_VALUE : parseHex(digits);
            return dec == v || (dec & mask) == (v & mask) || hex == (v & mask);
        }
        if (digits.matches("[0-9a-f]+")) {
            return parseHex(digits) == (v & mask);
        }
        return null;
    }

    private static long parseDec(String digits, boolean negative) {
        try {
            return negative ? -Long.parseUnsignedLong(digits) : Long.parseUnsignedLong(digits);
        } catch (NumberFormatException e) {
            return Long.MIN_VALUE;
        }
    }

    private static long parseHex(String digits) {
        try {
            return Long.parseUnsignedLong(digits, 16);
        } catch (NumberFormatException e) {
            return Long.MIN_VALUE;
        }
    }
}
