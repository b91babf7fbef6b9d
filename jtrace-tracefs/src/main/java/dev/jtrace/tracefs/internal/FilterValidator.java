package dev.jtrace.tracefs.internal;

import dev.jtrace.core.MalformedDataException;
import dev.jtrace.traceevent.EventFormat;
import dev.jtrace.traceevent.FieldFormat;
import java.util.Set;

/**
 * Checks an event filter against the event's format before it is written, so that the common
 * mistakes (a misspelt field, {@code ~} on a number, {@code <} on a string) are reported with the
 * field list and the position, without a round trip to the kernel.
 *
 * <p>The grammar ({@code Documentation/trace/events.rst}, section 5): predicates
 * {@code field op value} joined by {@code &&} and {@code ||}, grouped by parentheses, negated by
 * {@code !}. Numeric fields take {@code == != < <= > >= &}, string fields {@code == != ~}. Besides
 * the format's own fields the kernel accepts {@code common_cpu}, {@code CPU}, {@code cpu} (numbers)
 * and {@code common_comm}, {@code COMM}, {@code comm} (strings) on every event; a field may carry a
 * suffix such as {@code .ustring} or {@code .function}. The kernel remains the judge of everything
 * else (balanced parentheses, values, suffixes): its refusal comes back with the error_log entry.
 */
public final class FilterValidator {
    private static final Set<String> GENERIC_NUMERIC = Set.of("common_cpu", "CPU", "cpu");
    private static final Set<String> GENERIC_STRING = Set.of("common_comm", "COMM", "comm");

    private FilterValidator() {
    }

    /**
     * Validates a filter for an event.
     *
     * @param format the event's format
     * @param filter the filter text
     * @throws MalformedDataException naming the filter, the character offset and what is wrong
     */
    public static void validate(EventFormat format, String filter) {
        String source = "filter for " + format.system() + ":" + format.name() + " " + Names.printable(filter);
        int i = 0;
        int n = filter.length();
        String lastWord = null;
        int lastWordAt = -1;
        boolean lastWasWord = false;
        while (i < n) {
            char c = filter.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
                continue;
            }
            if (c == '"' || c == '\'') {
                int end = filter.indexOf(c, i + 1);
                while (end > 0 && filter.charAt(end - 1) == '\\') {
                    end = filter.indexOf(c, end + 1);
                }
                if (end < 0) {
                    throw new MalformedDataException(source, i, "unterminated " + c + "-quoted string");
                }
                i = end + 1;
                lastWasWord = false;
                continue;
            }
            if (c == '(' || c == ')') {
                i++;
                lastWasWord = false;
                continue;
            }
            if (filter.startsWith("&&", i) || filter.startsWith("||", i)) {
                i += 2;
                lastWasWord = false;
                continue;
            }
            String op = operatorAt(filter, i);
            if (op != null) {
                if (op.equals("!")) {
                    i++;
                    lastWasWord = false;
                    continue;
                }
                if (!lastWasWord) {
                    throw new MalformedDataException(source, i, "operator '" + op + "' has no field name before it");
                }
                checkPredicate(format, source, lastWord, lastWordAt, op);
                i += op.length();
                lastWasWord = false;
                continue;
            }
            int start = i;
            while (i < n && !Character.isWhitespace(filter.charAt(i)) && "()\"'&|!=<>~".indexOf(filter.charAt(i)) < 0) {
                i++;
            }
            if (i == start) {
                // A character no rule above takes (a lone '=' or '|'): the kernel's parser judges it.
                i++;
                lastWasWord = false;
                continue;
            }
            lastWord = filter.substring(start, i);
            lastWordAt = start;
            lastWasWord = true;
        }
    }

    private static String operatorAt(String s, int i) {
        for (String op : new String[] {"==", "!=", "<=", ">=", "<", ">", "&", "~", "!"}) {
            if (s.startsWith(op, i)) {
                return op;
            }
        }
        return null;
    }

    private static void checkPredicate(EventFormat format, String source, String word, int at, String op) {
        int dot = word.indexOf('.');
        String name = dot < 0 ? word : word.substring(0, dot);
        String suffix = dot < 0 ? "" : word.substring(dot + 1);
        boolean string;
        FieldFormat field = format.field(name);
        if (field != null) {
            string = field.isString() || (field.isPointer() && field.cType().contains("char"));
        } else if (GENERIC_NUMERIC.contains(name)) {
            string = false;
        } else if (GENERIC_STRING.contains(name)) {
            string = true;
        } else {
            StringBuilder names = new StringBuilder();
            for (FieldFormat f : format.allFields()) {
                names.append(names.isEmpty() ? "" : ", ").append(f.name());
            }
            throw new MalformedDataException(source, at, "no field '" + name + "' in " + format.system() + ":"
                    + format.name() + "; its fields are " + names + " (and common_cpu, common_comm)");
        }
        if (suffix.equals("ustring")) {
            string = true;
        }
        if (string && !(op.equals("==") || op.equals("!=") || op.equals("~"))) {
            throw new MalformedDataException(source, at, "field '" + name + "' is a string: it takes ==, != or ~, not "
                    + op);
        }
        if (!string && op.equals("~")) {
            throw new MalformedDataException(source, at, "field '" + name + "' is a number: ~ (glob) is for strings");
        }
    }
}
