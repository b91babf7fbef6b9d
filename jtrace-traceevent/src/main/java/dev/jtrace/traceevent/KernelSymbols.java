package dev.jtrace.traceevent;

import dev.jtrace.core.MalformedDataException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

/**
 * Kernel symbols ({@code /proc/kallsyms} or a table given by the caller) for rendering code
 * addresses the way the kernel's {@code %pS} / {@code %ps} / {@code %pB} do:
 * {@code name+0xoff/0xsize [module]}.
 *
 * <p>The lookup follows kernel/kallsyms.c ({@code get_symbol_pos}, {@code __sprint_symbol}):
 * <ul>
 * <li>An address resolves to the symbol with the highest address not above it; among aliases
 *     (symbols at the same address) the first one in table order wins, as the kernel walks back to
 *     the first alias.</li>
 * <li>The size is the distance to the next symbol with a higher address. For the last core symbol
 *     the kernel uses the end of its section ({@code _einittext}, {@code _end} with
 *     {@code CONFIG_KALLSYMS_ALL}, else {@code _etext}); those are taken from the table when
 *     present.</li>
 * <li>A core-kernel address counts only inside {@code [_stext, _etext)} and
 *     {@code [_sinittext, _einittext)} (or up to {@code _end} when the table has it, as with
 *     {@code CONFIG_KALLSYMS_ALL}), when the table has those markers.</li>
 * <li>Module symbols ({@code name\t[module]} lines) print with {@code " [module]"}; symbols of
 *     BPF programs ({@code [bpf]}) print without it, as {@code bpf_address_lookup} clears the module
 *     name. Symbols of the pseudo-modules {@code __builtin__ftrace} and {@code __builtin__kprobes}
 *     (trampolines, kprobe slots) are listed by /proc/kallsyms but never found by the kernel's
 *     lookup, so they are ignored. The kernel sizes the last symbol of a module by the end of the
 *     module's memory, which kallsyms does not show; here it extends to the next symbol of any
 *     module (size 0 and a reach of one page when there is none).</li>
 * <li>Symbols at address 0 (what /proc/kallsyms shows a reader without {@code CAP_SYSLOG}) are
 *     dropped, so such a table resolves nothing.</li>
 * <li>An address no symbol covers prints as {@code 0x} and lower-case hex without padding (the
 *     kernel's {@code sprintf("0x%lx")} in {@code __sprint_symbol}).</li>
 * </ul>
 *
 * <p>Lookups are a binary search over a sorted {@code long[]}; appending allocates nothing but the
 * {@link StringBuilder}'s growth. Instances are immutable and thread-safe.
 */
public final class KernelSymbols {
    private static final KernelSymbols EMPTY = new KernelSymbols(new long[0], new String[0], new String[0], new int[0],
            new long[0], new boolean[0], null);

    /**
     * One symbol of a caller-given table.
     *
     * @param address the symbol's address
     * @param name the symbol name
     * @param module the module name for a module symbol, {@code null} for the core kernel
     */
    public record Symbol(long address, String name, String module) {
        /**
         * Checks the components.
         *
         * @param address the symbol's address
         * @param name the symbol name, not empty
         * @param module the module name or {@code null}
         * @throws IllegalArgumentException if the name is empty
         */
        public Symbol {
            Objects.requireNonNull(name, "name");
            if (name.isEmpty()) {
                throw new IllegalArgumentException("empty symbol name");
            }
        }
    }

    /** How far past the very last module symbol (whose end is unknown) an address still resolves. */
    private static final long LAST_SYMBOL_REACH = 4096;

    /** Addresses sorted unsigned, stored with the sign bit flipped so signed order is unsigned order. */
    private final long[] keys;
    private final String[] names;
    /** Module per symbol, {@code null} for core symbols. */
    private final String[] modules;
    /** For each symbol, the index of the first alias (same address, same group) in table order. */
    private final int[] firstAlias;
    /** For each symbol, its end address (exclusive), unsigned. */
    private final long[] ends;
    /** Whether the symbol is in the core kernel. */
    private final boolean[] core;
    /** Core address ranges [start, end) as flipped keys, pairs; null when the table gives no markers. */
    private final long[] coreRanges;

    private KernelSymbols(long[] keys, String[] names, String[] modules, int[] firstAlias, long[] ends,
            boolean[] core, long[] coreRanges) {
        this.keys = keys;
        this.names = names;
        this.modules = modules;
        this.firstAlias = firstAlias;
        this.ends = ends;
        this.core = core;
        this.coreRanges = coreRanges;
    }

    /**
     * Returns a table with no symbols: addresses render as hex numbers.
     *
     * @return the empty table
     */
    public static KernelSymbols empty() {
        return EMPTY;
    }

    /**
     * Reads {@code /proc/kallsyms} (or a copy). Read as bytes: /proc and tracefs files report size 0,
     * which misleads {@link Files#readString}.
     *
     * @param file the file
     * @return the symbols
     * @throws UncheckedIOException if the file cannot be read
     * @throws MalformedDataException if a line is not {@code address type name [\t[module]]}
     */
    public static KernelSymbols load(Path file) {
        Objects.requireNonNull(file, "file");
        try (InputStream in = Files.newInputStream(file)) {
            return parse(new String(in.readAllBytes(), StandardCharsets.ISO_8859_1), file.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /**
     * Parses the text of {@code /proc/kallsyms}: lines {@code ffffffff81000000 T _stext} and, for
     * modules, {@code ffffffffc0a01000 t foo\t[mod]}. All-zero addresses (what an unprivileged
     * reader sees) give a table that resolves nothing.
     *
     * @param text the file's text
     * @return the symbols
     * @throws MalformedDataException if a line is not {@code address type name [\t[module]]}
     */
    public static KernelSymbols parse(String text) {
        return parse(text, "kallsyms text");
    }

    private static KernelSymbols parse(String text, String source) {
        Objects.requireNonNull(text, "text");
        int n = 0;
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == '\n') {
                n++;
            }
        }
        long[] addresses = new long[n + 1];
        String[] names = new String[n + 1];
        String[] modules = new String[n + 1];
        int count = 0;
        int pos = 0;
        int len = text.length();
        while (pos < len) {
            int eol = text.indexOf('\n', pos);
            if (eol < 0) {
                eol = len;
            }
            if (eol > pos) {
                parseLine(text, pos, eol, source, addresses, names, modules, count);
                if (names[count] != null) {
                    count++;
                }
            }
            pos = eol + 1;
        }
        return build(addresses, names, modules, count);
    }

    private static void parseLine(String text, int start, int end, String source, long[] addresses, String[] names,
            String[] modules, int index) {
        int sp = start;
        while (sp < end && text.charAt(sp) != ' ') {
            sp++;
        }
        if (sp >= end || sp == start || sp - start > 16 || sp + 3 >= end || text.charAt(sp + 2) != ' ') {
            throw new MalformedDataException(source, start, "expected 'address type name' in line '"
                    + text.substring(start, end) + "'");
        }
        long address = 0;
        for (int i = start; i < sp; i++) {
            int d = Character.digit(text.charAt(i), 16);
            if (d < 0) {
                throw new MalformedDataException(source, i, "bad hex digit in address of line '"
                        + text.substring(start, end) + "'");
            }
            address = (address << 4) | d;
        }
        char type = text.charAt(sp + 1);
        int nameStart = sp + 3;
        int tab = nameStart;
        while (tab < end && text.charAt(tab) != '\t') {
            tab++;
        }
        String module = null;
        int nameEnd = end;
        if (tab < end) {
            nameEnd = tab;
            int open = tab + 1;
            if (open >= end || text.charAt(open) != '[' || text.charAt(end - 1) != ']' || end - 1 <= open + 1) {
                throw new MalformedDataException(source, tab, "expected '\\t[module]' in line '"
                        + text.substring(start, end) + "'");
            }
            module = text.substring(open + 1, end - 1);
        }
        if (nameEnd <= nameStart) {
            throw new MalformedDataException(source, nameStart, "empty symbol name in line '"
                    + text.substring(start, end) + "'");
        }
        if (type == 'U' || type == 'u' && module == null) {
            return; // undefined symbols have no address of their own
        }
        addresses[index] = address;
        names[index] = text.substring(nameStart, nameEnd);
        modules[index] = module;
    }

    /**
     * Builds a table from symbols given by the caller, in the order the kernel would list them
     * (it matters for aliases: the first of several symbols at one address is the one printed).
     *
     * @param symbols the symbols
     * @return the table
     */
    public static KernelSymbols of(Collection<Symbol> symbols) {
        List<Symbol> list = new ArrayList<>(symbols);
        int n = list.size();
        long[] addresses = new long[n];
        String[] names = new String[n];
        String[] modules = new String[n];
        for (int i = 0; i < n; i++) {
            Symbol s = list.get(i);
            addresses[i] = s.address();
            names[i] = s.name();
            modules[i] = s.module();
        }
        return build(addresses, names, modules, n);
    }

    private static boolean ignoredModule(String module) {
        return "__builtin__ftrace".equals(module) || "__builtin__kprobes".equals(module);
    }

    private static KernelSymbols build(long[] addresses, String[] names, String[] modules, int count) {
        // Keep the symbols lookups can find, in a stable order by address.
        int[] order = new int[count];
        int n = 0;
        for (int i = 0; i < count; i++) {
            // Address 0: what kallsyms shows a reader without CAP_SYSLOG; such a table resolves nothing.
            if (!ignoredModule(modules[i]) && addresses[i] != 0) {
                order[n++] = i;
            }
        }
        long[] flipped = new long[count];
        for (int i = 0; i < count; i++) {
            flipped[i] = addresses[i] ^ Long.MIN_VALUE;
        }
        order = stableSort(order, n, flipped);
        long[] keys = new long[n];
        String[] sortedNames = new String[n];
        String[] sortedModules = new String[n];
        boolean[] core = new boolean[n];
        for (int i = 0; i < n; i++) {
            keys[i] = flipped[order[i]];
            sortedNames[i] = names[order[i]];
            sortedModules[i] = modules[order[i]];
            core[i] = sortedModules[i] == null;
        }
        long[] coreRanges = coreRanges(keys, sortedNames, core);
        long coreFallbackEnd = coreFallbackEnd(keys, sortedNames, core);
        // Groups: 0 = core kernel, then one per module. The kernel sizes a symbol by the next higher
        // address within its own table (core) or module.
        int[] group = new int[n];
        java.util.HashMap<String, Integer> groupIds = new java.util.HashMap<>();
        for (int i = 0; i < n; i++) {
            group[i] = core[i] ? 0 : groupIds.computeIfAbsent(sortedModules[i], m -> groupIds.size() + 1);
        }
        int groups = groupIds.size() + 1;
        long[] runKey = new long[groups];
        long[] nextKey = new long[groups];
        boolean[] hasRun = new boolean[groups];
        boolean[] hasNext = new boolean[groups];
        long[] ends = new long[n];
        for (int i = n - 1; i >= 0; i--) {
            int g = group[i];
            if (hasRun[g] && runKey[g] != keys[i]) {
                hasNext[g] = true;
                nextKey[g] = runKey[g];
            }
            hasRun[g] = true;
            runKey[g] = keys[i];
            if (hasNext[g]) {
                ends[i] = nextKey[g] ^ Long.MIN_VALUE;
            } else if (core[i]) {
                ends[i] = coreFallbackEnd != 0 ? coreFallbackEnd : keys[i] ^ Long.MIN_VALUE;
            } else {
                // The module's memory end is unknown: extend to the next symbol of any group.
                int j = i + 1;
                while (j < n && keys[j] == keys[i]) {
                    j++;
                }
                ends[i] = (j < n ? keys[j] : keys[i]) ^ Long.MIN_VALUE;
            }
        }
        int[] firstAlias = new int[n];
        for (int i = 0; i < n; i++) {
            int j = i - 1;
            while (j >= 0 && keys[j] == keys[i] && group[j] != group[i]) {
                j--;
            }
            firstAlias[i] = j >= 0 && keys[j] == keys[i] ? firstAlias[j] : i;
        }
        return new KernelSymbols(keys, sortedNames, sortedModules, firstAlias, ends, core, coreRanges);
    }

    /** Flipped-key ranges where core addresses resolve, or null if the table has no markers. */
    private static long[] coreRanges(long[] keys, String[] names, boolean[] core) {
        long stext = coreAddress(keys, names, core, "_stext");
        long etext = coreAddress(keys, names, core, "_etext");
        long end = coreAddress(keys, names, core, "_end");
        long sinit = coreAddress(keys, names, core, "_sinittext");
        long einit = coreAddress(keys, names, core, "_einittext");
        if (stext == 0 || (etext == 0 && end == 0)) {
            return null;
        }
        long textEnd = end != 0 ? end : etext;
        if (sinit != 0 && einit != 0) {
            return new long[] {stext ^ Long.MIN_VALUE, textEnd ^ Long.MIN_VALUE, sinit ^ Long.MIN_VALUE,
                einit ^ Long.MIN_VALUE};
        }
        return new long[] {stext ^ Long.MIN_VALUE, textEnd ^ Long.MIN_VALUE};
    }

    private static long coreFallbackEnd(long[] keys, String[] names, boolean[] core) {
        long end = coreAddress(keys, names, core, "_end");
        return end != 0 ? end : coreAddress(keys, names, core, "_etext");
    }

    private static long coreAddress(long[] keys, String[] names, boolean[] core, String name) {
        for (int i = 0; i < keys.length; i++) {
            if (core[i] && names[i].equals(name)) {
                return keys[i] ^ Long.MIN_VALUE;
            }
        }
        return 0;
    }

    /** Sorts the first n indices by key, keeping table order among equal keys (merge sort). */
    private static int[] stableSort(int[] order, int n, long[] keys) {
        int[] a = java.util.Arrays.copyOf(order, n);
        boolean sorted = true;
        for (int i = 1; i < n && sorted; i++) {
            sorted = keys[a[i - 1]] <= keys[a[i]];
        }
        if (sorted) {
            return a;
        }
        int[] b = new int[n];
        for (int width = 1; width < n; width *= 2) {
            for (int lo = 0; lo < n; lo += 2 * width) {
                int mid = Math.min(lo + width, n);
                int hi = Math.min(lo + 2 * width, n);
                int i = lo;
                int j = mid;
                int k = lo;
                while (i < mid && j < hi) {
                    b[k++] = keys[a[j]] < keys[a[i]] ? a[j++] : a[i++];
                }
                while (i < mid) {
                    b[k++] = a[i++];
                }
                while (j < hi) {
                    b[k++] = a[j++];
                }
            }
            int[] t = a;
            a = b;
            b = t;
        }
        return a;
    }

    /**
     * Returns the address of the first symbol of that name (a linear search: for setting up, not
     * for the render path), e.g. a section marker such as {@code __irqentry_text_start}.
     *
     * @param name the symbol name
     * @return its address, or empty if the table has no such symbol
     */
    public java.util.OptionalLong addressOf(String name) {
        java.util.Objects.requireNonNull(name, "name");
        for (int i = 0; i < names.length; i++) {
            if (name.equals(names[i])) {
                return java.util.OptionalLong.of(keys[i] ^ Long.MIN_VALUE);
            }
        }
        return java.util.OptionalLong.empty();
    }

    /**
     * Returns the number of symbols lookups can find.
     *
     * @return the symbol count
     */
    public int size() {
        return keys.length;
    }

    /**
     * Finds the symbol an address belongs to, as the kernel's {@code kallsyms_lookup} would.
     *
     * @return the index of the symbol (the first alias), or -1
     */
    private int lookup(long address) {
        long key = address ^ Long.MIN_VALUE;
        int lo = 0;
        int hi = keys.length - 1;
        int found = -1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (keys[mid] <= key) {
                found = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        if (found < 0) {
            return -1;
        }
        boolean coreAddress = coreRanges == null ? core[found] : inCore(key);
        if (coreAddress) {
            // The kernel searches only its core table for core addresses.
            while (found >= 0 && !core[found]) {
                found--;
            }
            return found < 0 ? -1 : firstAlias[found];
        }
        // Outside the core kernel: a module symbol whose extent covers the address.
        while (found >= 0 && core[found]) {
            found--;
        }
        if (found < 0) {
            return -1;
        }
        int first = firstAlias[found];
        long end = ends[first] ^ Long.MIN_VALUE;
        if (end == keys[first]) {
            // The last symbol of all: its module's end is unknown; allow one page.
            return key - keys[first] < LAST_SYMBOL_REACH ? first : -1;
        }
        return key < end ? first : -1;
    }

    private boolean inCore(long key) {
        for (int i = 0; i < coreRanges.length; i += 2) {
            if (key >= coreRanges[i] && key < coreRanges[i + 1]) {
                return true;
            }
        }
        return false;
    }

    /**
     * Appends what the kernel prints for a code address: with {@code withOffset},
     * {@code name+0xoff/0xsize} ({@code %pS}), else {@code name} ({@code %ps}); with
     * {@code withModule}, {@code " [module]"} after a module symbol (the kernel always adds it).
     * An address no symbol covers appends {@code 0x} and its hex digits.
     *
     * @param out where to append
     * @param address the address
     * @param withOffset whether to add {@code +0xoff/0xsize}
     * @param withModule whether to add {@code " [module]"} for module symbols
     */
    public void appendSymbol(StringBuilder out, long address, boolean withOffset, boolean withModule) {
        append(out, address, 0, withOffset, withModule);
    }

    /**
     * Appends what the kernel's {@code %pB} prints for a return address: the symbol of
     * {@code address - 1} (a call at the very end of a function returns past it) with the offset of
     * {@code address} itself: {@code name+0xoff/0xsize [module]}.
     *
     * @param out where to append
     * @param address the return address
     */
    public void appendBacktraceSymbol(StringBuilder out, long address) {
        append(out, address, -1, true, true);
    }

    private void append(StringBuilder out, long address, int symbolOffset, boolean withOffset, boolean withModule) {
        long target = address + symbolOffset;
        int i = lookup(target);
        if (i < 0) {
            out.append("0x");
            appendHex(out, address);
            return;
        }
        out.append(names[i]);
        if (withOffset) {
            long start = keys[i] ^ Long.MIN_VALUE;
            out.append("+0x");
            appendHex(out, target - start - symbolOffset);
            out.append("/0x");
            appendHex(out, ends[i] - start);
        }
        if (withModule && modules[i] != null && !"bpf".equals(modules[i])) {
            out.append(" [").append(modules[i]).append(']');
        }
    }

    private static void appendHex(StringBuilder out, long v) {
        int digits = Math.max(1, (67 - Long.numberOfLeadingZeros(v)) / 4);
        for (int i = digits - 1; i >= 0; i--) {
            out.append(Character.forDigit((int) (v >>> (i * 4)) & 0xF, 16));
        }
    }

    @Override
    public String toString() {
        return "KernelSymbols[" + keys.length + " symbols]";
    }
}
