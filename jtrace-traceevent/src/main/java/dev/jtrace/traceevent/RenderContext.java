package dev.jtrace.traceevent;

import java.util.Map;
import java.util.Objects;

/**
 * What rendering needs besides the records and formats: kernel symbols, {@code printk_formats}
 * (for bprint), task names, the buffer's trace clock and the options {@code hash-ptr} and
 * {@code record-tgid}.
 *
 * @param symbols kernel symbols for {@code %pS}-style output
 * @param printkFormats format strings by address, from {@code printk_formats}
 * @param comms task names from {@code saved_cmdlines} (and thread-group ids from
 *     {@code saved_tgids})
 * @param traceClock the buffer's {@code trace_clock} (e.g. {@code local}, {@code counter})
 * @param hashPointers whether the {@code hash-ptr} option is on (plain {@code %p} is then hashed,
 *     which cannot be reproduced; jtrace prints it as {@code %px})
 * @param types enum constants, struct sizes and kernel variables that print fmts name
 * @param recordTgid whether the buffer's {@code record-tgid} option is on: the kernel then prints
 *     the thread-group id after {@code comm-pid}, as {@code (   1234)}, or {@code (-------)} when
 *     {@code saved_tgids} does not know the pid
 */
public record RenderContext(KernelSymbols symbols, Map<Long, String> printkFormats, CommTable comms,
        String traceClock, boolean hashPointers, KernelTypes types, boolean recordTgid) {
    /**
     * Validates and copies.
     *
     * @param symbols kernel symbols
     * @param printkFormats format strings by address
     * @param comms task names and thread-group ids
     * @param traceClock the trace clock name
     * @param hashPointers the hash-ptr option
     * @param types enum constants, struct sizes and kernel variables
     * @param recordTgid the record-tgid option
     */
    public RenderContext {
        Objects.requireNonNull(symbols, "symbols");
        printkFormats = Map.copyOf(Objects.requireNonNull(printkFormats, "printkFormats"));
        Objects.requireNonNull(comms, "comms");
        Objects.requireNonNull(traceClock, "traceClock");
        Objects.requireNonNull(types, "types");
    }

    /**
     * Creates a context for a buffer with {@code record-tgid} off (the kernel's default).
     *
     * @param symbols kernel symbols
     * @param printkFormats format strings by address
     * @param comms task names
     * @param traceClock the trace clock name
     * @param hashPointers the hash-ptr option
     * @param types enum constants, struct sizes and kernel variables
     */
    public RenderContext(KernelSymbols symbols, Map<Long, String> printkFormats, CommTable comms,
            String traceClock, boolean hashPointers, KernelTypes types) {
        this(symbols, printkFormats, comms, traceClock, hashPointers, types, false);
    }

    /**
     * Returns this context with the {@code record-tgid} option set as given.
     * {@snippet :
     * RenderContext context = RenderContext.defaults()
     *         .withComms(CommTable.parse(savedCmdlines, savedTgids))
     *         .withRecordTgid(true);
     * }
     *
     * @param on whether the buffer's {@code options/record-tgid} is 1
     * @return the context
     */
    public RenderContext withRecordTgid(boolean on) {
        return new RenderContext(symbols, printkFormats, comms, traceClock, hashPointers, types, on);
    }

    /**
     * Returns this context with other task names and thread-group ids.
     *
     * @param table the table, from {@code saved_cmdlines} and {@code saved_tgids}
     * @return the context
     */
    public RenderContext withComms(CommTable table) {
        return new RenderContext(symbols, printkFormats, table, traceClock, hashPointers, types, recordTgid);
    }

    /**
     * Creates a context without kernel type information (events that name enums render as field
     * dumps).
     *
     * @param symbols kernel symbols
     * @param printkFormats format strings by address
     * @param comms task names
     * @param traceClock the trace clock name
     * @param hashPointers the hash-ptr option
     */
    public RenderContext(KernelSymbols symbols, Map<Long, String> printkFormats, CommTable comms,
            String traceClock, boolean hashPointers) {
        this(symbols, printkFormats, comms, traceClock, hashPointers, KernelTypes.empty());
    }

    /**
     * Parses the text of {@code printk_formats} ({@code 0xaddr : "text"} per line) into the map
     * this context takes: the strings that {@code tracepoint_string()} and {@code trace_printk()}
     * fields point to.
     *
     * @param text the file's text
     * @return address to string
     */
    public static Map<Long, String> parsePrintkFormats(String text) {
        Map<Long, String> map = new java.util.HashMap<>();
        for (String line : text.split("\n")) {
            int sep = line.indexOf(" : \"");
            if (!line.startsWith("0x") || sep < 0 || !line.endsWith("\"")) {
                continue;
            }
            try {
                long address = Long.parseUnsignedLong(line.substring(2, sep), 16);
                map.put(address, unescape(line.substring(sep + 4, line.length() - 1)));
            } catch (NumberFormatException e) {
                // not an entry
            }
        }
        return map;
    }

    /**
     * Undoes printk_formats' escapes: the kernel writes a newline as \n, a tab as \t and a quote
     * as \" ({@code kernel/trace/trace_printk.c}), and a backslash as itself.
     */
    private static String unescape(String s) {
        if (s.indexOf('\\') < 0) {
            return s;
        }
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            char n = i + 1 < s.length() ? s.charAt(i + 1) : 0;
            if (c == '\\' && (n == 'n' || n == 't' || n == '"')) {
                sb.append(n == 'n' ? '\n' : n == 't' ? '\t' : '"');
                i++;
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    /**
     * Returns a context with no symbols, formats or task names, the {@code local} clock, and
     * hash-ptr and record-tgid off.
     *
     * @return the context
     */
    public static RenderContext defaults() {
        return new RenderContext(KernelSymbols.empty(), Map.of(), CommTable.empty(), "local", false,
                KernelTypes.empty(), false);
    }
}
