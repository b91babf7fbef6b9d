package dev.jtrace.core;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.BitSet;
import java.util.stream.IntStream;

/**
 * An immutable set of CPU numbers, in the two text forms the kernel uses.
 *
 * <ul>
 *   <li>CPU lists, as in {@code /sys/devices/system/cpu/online} and {@code set_event_pid}-style
 *       files: {@code "0-3,8,10-11"}; the group form {@code "0-15:2/4"} (the first 2 of every 4
 *       CPUs in 0..15) is accepted too. See {@link #parseList(String)} and {@link #toList()}.
 *   <li>Hex masks, as in {@code tracing_cpumask}: 32-bit groups separated by commas, most
 *       significant first, such as {@code "ff,00000001"} (CPUs 0 and 32-39). See
 *       {@link #parseMask(String, int)} and {@link #toMask(int)}.
 * </ul>
 *
 * <p>CPU numbers are 0 to {@link #MAX_CPUS}{@code - 1}; larger numbers in input are rejected rather
 * than allocated, so hostile input cannot exhaust memory.
 */
public final class CpuSet {
    /** Upper bound (exclusive) on CPU numbers: above the kernel's largest NR_CPUS (8192). */
    public static final int MAX_CPUS = 1 << 16;

    private static final CpuSet EMPTY = new CpuSet(new BitSet());
    private static final Path ONLINE = Path.of("/sys/devices/system/cpu/online");
    private static final Path POSSIBLE = Path.of("/sys/devices/system/cpu/possible");

    private final BitSet bits;

    private CpuSet(BitSet bits) {
        this.bits = bits;
    }

    /**
     * Returns the empty set.
     *
     * @return a set with no CPU
     */
    public static CpuSet empty() {
        return EMPTY;
    }

    /**
     * Returns a set of the given CPUs.
     *
     * @param cpus CPU numbers, in any order, duplicates allowed
     * @return the set
     * @throws IllegalArgumentException if a number is negative or not below {@link #MAX_CPUS}
     */
    public static CpuSet of(int... cpus) {
        BitSet b = new BitSet();
        for (int cpu : cpus) {
            checkCpu(cpu);
            b.set(cpu);
        }
        return new CpuSet(b);
    }

    /**
     * Returns the set of CPUs {@code first} to {@code last}, both included.
     *
     * @param first the lowest CPU
     * @param last the highest CPU, not below {@code first}
     * @return the set
     * @throws IllegalArgumentException if the range is empty or out of bounds
     */
    public static CpuSet range(int first, int last) {
        checkCpu(first);
        checkCpu(last);
        if (last < first) {
            throw new IllegalArgumentException("CPU range " + first + "-" + last + " ends before it starts");
        }
        BitSet b = new BitSet();
        b.set(first, last + 1);
        return new CpuSet(b);
    }

    private static void checkCpu(int cpu) {
        if (cpu < 0 || cpu >= MAX_CPUS) {
            throw new IllegalArgumentException("CPU " + cpu + " is outside 0.." + (MAX_CPUS - 1));
        }
    }

    /**
     * Returns the CPUs that are online now ({@code /sys/devices/system/cpu/online}).
     *
     * @return the set
     * @throws JtraceException if the file cannot be read or parsed
     */
    public static CpuSet online() {
        return readListFile(ONLINE);
    }

    /**
     * Returns the CPUs that can ever be online ({@code /sys/devices/system/cpu/possible}): the
     * CPUs that have a ring buffer in tracefs.
     *
     * @return the set
     * @throws JtraceException if the file cannot be read or parsed
     */
    public static CpuSet possible() {
        return readListFile(POSSIBLE);
    }

    /**
     * Reads a file holding a CPU list.
     *
     * @param file the file, such as {@code /sys/devices/system/cpu/online}
     * @return the set
     * @throws JtraceException if the file cannot be read, or {@link MalformedDataException} naming
     *     the file if its content is not a CPU list
     */
    public static CpuSet readListFile(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new JtraceException("cannot read CPU list " + file + ": " + e.getMessage(), e);
        } catch (UncheckedIOException e) {
            throw new JtraceException("cannot read CPU list " + file + ": " + e.getMessage(), e);
        }
        return parseList(text, 0, file.toString());
    }

    /**
     * Parses a kernel CPU list such as {@code "0-3,8,10-11"}, as the kernel's
     * {@code bitmap_parselist} does: regions are separated by commas or white space (empty regions
     * are skipped, so an empty list is the empty set); each region is {@code N}, {@code A-B} with
     * {@code A <= B}, or {@code A-B:U/G} (in A..B, the first U CPUs of every group of G). The
     * symbolic forms {@code N} (last CPU) and {@code all} need a CPU count: see
     * {@link #parseList(String, int)}.
     *
     * @param list the text
     * @return the set
     * @throws MalformedDataException naming the character offset if the text is not a CPU list
     */
    public static CpuSet parseList(String list) {
        return parseList(list, 0, "CPU list");
    }

    /**
     * Parses a kernel CPU list for a machine with {@code cpuCount} CPU numbers: like
     * {@link #parseList(String)}, and also accepts {@code N} for the last CPU
     * ({@code cpuCount - 1}) and {@code all}, and rejects CPUs at or above {@code cpuCount}.
     *
     * @param list the text
     * @param cpuCount how many CPU numbers exist (e.g. the size of {@link #possible()})
     * @return the set
     * @throws MalformedDataException naming the character offset if the text is not a CPU list or
     *     names a CPU at or above {@code cpuCount}
     * @throws IllegalArgumentException if {@code cpuCount} is not in 1..{@link #MAX_CPUS}
     */
    public static CpuSet parseList(String list, int cpuCount) {
        if (cpuCount < 1 || cpuCount > MAX_CPUS) {
            throw new IllegalArgumentException("cpuCount " + cpuCount + " is outside 1.." + MAX_CPUS);
        }
        return parseList(list, cpuCount, "CPU list");
    }

    /** {@code cpuCount} 0 means unknown: no N/all, no upper bound but {@link #MAX_CPUS}. */
    private static CpuSet parseList(String text, int cpuCount, String sourceName) {
        BitSet b = new BitSet();
        ListParser p = new ListParser(text, sourceName, cpuCount);
        while (p.skipSeparators()) {
            int elementStart = p.pos;
            if (p.acceptWord("all")) {
                b.set(0, p.lastCpu(elementStart) + 1);
                p.expectEndOfRegion();
                continue;
            }
            int first = p.number();
            int last = first;
            if (p.accept('-')) {
                last = p.number();
                if (last < first) {
                    throw p.error(elementStart, "range " + first + "-" + last + " ends before it starts");
                }
                if (p.accept(':')) {
                    int groupStart = p.pos;
                    int used = p.number();
                    p.expect('/');
                    int group = p.number();
                    if (group == 0 || used > group) {
                        throw p.error(groupStart, "group " + used + "/" + group + " must satisfy used <= group, group > 0");
                    }
                    for (int base = first; base <= last; base += group) {
                        b.set(base, Math.min(base + used, last + 1));
                    }
                    p.expectEndOfRegion();
                    continue;
                }
            }
            b.set(first, last + 1);
            p.expectEndOfRegion();
        }
        return b.isEmpty() ? EMPTY : new CpuSet(b);
    }

    /** A cursor over a CPU list that produces errors naming the offset. */
    private static final class ListParser {
        private final String text;
        private final String sourceName;
        private final int cpuCount;
        private int pos;

        ListParser(String text, String sourceName, int cpuCount) {
            this.text = text;
            this.sourceName = sourceName;
            this.cpuCount = cpuCount;
        }

        private static boolean isSeparator(char c) {
            return c == ',' || c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == 0x0B;
        }

        /** Skips commas and white space; tells whether a region follows. */
        boolean skipSeparators() {
            while (pos < text.length() && isSeparator(text.charAt(pos))) {
                pos++;
            }
            return pos < text.length();
        }

        boolean accept(char c) {
            if (pos < text.length() && text.charAt(pos) == c) {
                pos++;
                return true;
            }
            return false;
        }

        boolean acceptWord(String word) {
            if (text.startsWith(word, pos)
                    && (pos + word.length() == text.length() || isSeparator(text.charAt(pos + word.length())))) {
                pos += word.length();
                return true;
            }
            return false;
        }

        void expect(char c) {
            if (!accept(c)) {
                throw error(pos, pos == text.length() ? "expected '" + c + "' but the list ends"
                        : "expected '" + c + "' but found '" + text.charAt(pos) + "'");
            }
        }

        void expectEndOfRegion() {
            if (pos < text.length() && !isSeparator(text.charAt(pos))) {
                throw error(pos, "expected ',' but found '" + text.charAt(pos) + "'");
            }
        }

        int lastCpu(int at) {
            if (cpuCount == 0) {
                throw error(at, "'N' and 'all' need the CPU count: use parseList(list, cpuCount)");
            }
            return cpuCount - 1;
        }

        int number() {
            int start = pos;
            if (accept('N')) {
                return lastCpu(start);
            }
            long value = 0;
            int limit = cpuCount == 0 ? MAX_CPUS : cpuCount;
            while (pos < text.length() && text.charAt(pos) >= '0' && text.charAt(pos) <= '9') {
                value = value * 10 + (text.charAt(pos) - '0');
                if (value >= MAX_CPUS) {
                    throw error(start, "CPU number exceeds the limit of " + (MAX_CPUS - 1));
                }
                pos++;
            }
            if (pos == start) {
                throw error(pos, pos == text.length() ? "expected a CPU number but the list ends"
                        : "expected a CPU number but found '" + text.charAt(pos) + "'");
            }
            if (value >= limit) {
                throw error(start, "CPU " + value + " but there are only " + cpuCount + " CPUs");
            }
            return (int) value;
        }

        MalformedDataException error(int offset, String detail) {
            return new MalformedDataException(sourceName + " \"" + abbreviate(text.stripTrailing()) + "\"", offset,
                    detail);
        }
    }

    /**
     * Parses a hex cpumask such as {@code "ff,00000001"} without a CPU count to check against.
     *
     * @param mask the text: groups of at most 8 hex digits separated by commas, most significant
     *     first; a trailing newline is ignored
     * @return the set
     * @throws MalformedDataException naming the character offset if the text is not a mask
     */
    public static CpuSet parseMask(String mask) {
        return parseMask(mask, MAX_CPUS);
    }

    /**
     * Parses a hex cpumask such as {@code "ff,00000001"} for a machine with {@code cpuCount}
     * CPU numbers; a bit at or above {@code cpuCount} is an error, as the kernel refuses it.
     *
     * @param mask the text: groups of at most 8 hex digits separated by commas, most significant
     *     first; a trailing newline is ignored
     * @param cpuCount how many CPU numbers exist (e.g. the size of {@link #possible()})
     * @return the set
     * @throws MalformedDataException naming the character offset if the text is not a mask or sets
     *     a CPU at or above {@code cpuCount}
     * @throws IllegalArgumentException if {@code cpuCount} is not in 1..{@link #MAX_CPUS}
     */
    public static CpuSet parseMask(String mask, int cpuCount) {
        if (cpuCount < 1 || cpuCount > MAX_CPUS) {
            throw new IllegalArgumentException("cpuCount " + cpuCount + " is outside 1.." + MAX_CPUS);
        }
        // As the kernel's bitmap_parse: surrounding white space and trailing commas are ignored.
        int begin = 0;
        int end = mask.length();
        while (begin < end && isAsciiSpace(mask.charAt(begin))) {
            begin++;
        }
        while (end > begin && (isAsciiSpace(mask.charAt(end - 1)) || mask.charAt(end - 1) == ',')) {
            end--;
        }
        String text = mask.substring(begin, end);
        String source = "cpumask \"" + abbreviate(mask.strip()) + "\"";
        if (text.isEmpty()) {
            throw new MalformedDataException(source, begin, "the mask is empty");
        }
        String[] groups = text.split(",", -1);
        int maxGroups = (cpuCount + 31) / 32;
        if (groups.length > maxGroups) {
            throw new MalformedDataException(source, begin, groups.length + " groups of 32 bits exceed the "
                    + maxGroups + " that " + cpuCount + " CPUs need");
        }
        BitSet b = new BitSet();
        int offset = begin;
        for (int g = 0; g < groups.length; g++) {
            String group = groups[g];
            if (group.isEmpty() || group.length() > 8) {
                throw new MalformedDataException(source, offset, "group " + (g + 1) + " has " + group.length()
                        + " hex digits; expected 1 to 8");
            }
            long value = 0;
            for (int i = 0; i < group.length(); i++) {
                int digit = hexDigit(group.charAt(i));
                if (digit < 0) {
                    throw new MalformedDataException(source, offset + i, "'" + group.charAt(i)
                            + "' is not a hex digit");
                }
                value = (value << 4) | digit;
            }
            int baseCpu = (groups.length - 1 - g) * 32;
            for (int bit = 0; bit < 32; bit++) {
                if ((value & (1L << bit)) != 0) {
                    int cpu = baseCpu + bit;
                    if (cpu >= cpuCount) {
                        throw new MalformedDataException(source, offset, "sets CPU " + cpu + " but there are only "
                                + cpuCount + " CPUs");
                    }
                    b.set(cpu);
                }
            }
            offset += group.length() + 1;
        }
        return new CpuSet(b);
    }

    /**
     * Returns a set from the words of a kernel {@code cpumask} / {@code cpu_set_t} (bit {@code n}
     * of word {@code n / 64} is CPU {@code n}).
     *
     * @param words the mask words
     * @return the set
     * @throws IllegalArgumentException if a CPU at or above {@link #MAX_CPUS} is set
     */
    public static CpuSet fromWords(long[] words) {
        BitSet b = BitSet.valueOf(words);
        if (b.length() > MAX_CPUS) {
            throw new IllegalArgumentException("CPU " + (b.length() - 1) + " is outside 0.." + (MAX_CPUS - 1));
        }
        return b.isEmpty() ? EMPTY : new CpuSet(b);
    }

    /**
     * Returns this set as the words of a kernel cpumask (bit {@code n} of word {@code n / 64} is
     * CPU {@code n}), with at least {@code minWords} words.
     *
     * @param minWords the minimum number of words to return
     * @return the words, a fresh array
     */
    public long[] toWords(int minWords) {
        long[] w = bits.toLongArray();
        return w.length >= minWords ? w : Arrays.copyOf(w, minWords);
    }

    private static boolean isAsciiSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == 0x0B;
    }

    private static int hexDigit(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        return c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
    }

    private static String abbreviate(String s) {
        return s.length() <= 64 ? s : s.substring(0, 61) + "...";
    }

    /**
     * Tells whether a CPU is in the set.
     *
     * @param cpu the CPU number
     * @return {@code true} if present
     */
    public boolean contains(int cpu) {
        return cpu >= 0 && bits.get(cpu);
    }

    /**
     * Returns the number of CPUs in the set.
     *
     * @return the count
     */
    public int size() {
        return bits.cardinality();
    }

    /**
     * Tells whether the set is empty.
     *
     * @return {@code true} if it has no CPU
     */
    public boolean isEmpty() {
        return bits.isEmpty();
    }

    /**
     * Returns the highest CPU in the set.
     *
     * @return the highest CPU number, or -1 for the empty set
     */
    public int max() {
        return bits.length() - 1;
    }

    /**
     * Returns the next CPU in the set at or after {@code from}, for iteration without allocation:
     * {@code for (int c = s.next(0); c >= 0; c = s.next(c + 1))}.
     *
     * @param from the CPU number to start at
     * @return the next CPU, or -1 if there is none
     */
    public int next(int from) {
        return bits.nextSetBit(Math.max(from, 0));
    }

    /**
     * Returns the CPUs in ascending order.
     *
     * @return a fresh array
     */
    public int[] toArray() {
        return bits.stream().toArray();
    }

    /**
     * Returns the CPUs in ascending order.
     *
     * @return a stream of CPU numbers
     */
    public IntStream stream() {
        return bits.stream();
    }

    /**
     * Formats the set as a kernel CPU list, with ranges merged: {@code "0-3,8,10-11"}; the empty set
     * is the empty string.
     *
     * @return the list
     */
    public String toList() {
        StringBuilder sb = new StringBuilder();
        for (int first = bits.nextSetBit(0); first >= 0; ) {
            int end = bits.nextClearBit(first); // exclusive
            if (!sb.isEmpty()) {
                sb.append(',');
            }
            sb.append(first);
            if (end - 1 > first) {
                sb.append('-').append(end - 1);
            }
            first = bits.nextSetBit(end);
        }
        return sb.toString();
    }

    /**
     * Formats the set as the kernel prints a cpumask of {@code cpuCount} bits (as in
     * {@code tracing_cpumask}): 32-bit groups of 8 hex digits, most significant first, the first
     * group only as wide as its bits need. With 2 CPUs both set this is {@code "3"}; with 40 CPUs
     * and CPUs 0 and 32 set it is {@code "01,00000001"}.
     *
     * @param cpuCount the mask width in bits (CPU count)
     * @return the mask text
     * @throws IllegalArgumentException if the set has a CPU at or above {@code cpuCount}, or
     *     {@code cpuCount} is not positive
     */
    public String toMask(int cpuCount) {
        if (cpuCount < 1 || cpuCount > MAX_CPUS) {
            throw new IllegalArgumentException("cpuCount " + cpuCount + " is outside 1.." + MAX_CPUS);
        }
        if (max() >= cpuCount) {
            throw new IllegalArgumentException("CPU " + max() + " does not fit a mask of " + cpuCount + " CPUs");
        }
        StringBuilder sb = new StringBuilder();
        int groups = (cpuCount + 31) / 32;
        int firstWidthBits = cpuCount - (groups - 1) * 32;
        for (int g = groups - 1; g >= 0; g--) {
            long value = 0;
            for (int bit = 0; bit < 32; bit++) {
                if (bits.get(g * 32 + bit)) {
                    value |= 1L << bit;
                }
            }
            int digits = g == groups - 1 ? (firstWidthBits + 3) / 4 : 8;
            String hex = Long.toHexString(value);
            sb.repeat('0', Math.max(0, digits - hex.length())).append(hex);
            if (g > 0) {
                sb.append(',');
            }
        }
        return sb.toString();
    }

    /**
     * Returns the set of CPUs in this set or in {@code other}.
     *
     * @param other another set
     * @return the union
     */
    public CpuSet union(CpuSet other) {
        BitSet b = (BitSet) bits.clone();
        b.or(other.bits);
        return new CpuSet(b);
    }

    /**
     * Returns the set of CPUs in both this set and {@code other}.
     *
     * @param other another set
     * @return the intersection
     */
    public CpuSet intersection(CpuSet other) {
        BitSet b = (BitSet) bits.clone();
        b.and(other.bits);
        return new CpuSet(b);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CpuSet other && bits.equals(other.bits);
    }

    @Override
    public int hashCode() {
        return bits.hashCode();
    }

    /** Returns the CPU list form, as {@link #toList()}. */
    @Override
    public String toString() {
        return toList();
    }
}
