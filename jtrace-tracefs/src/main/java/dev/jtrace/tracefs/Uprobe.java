package dev.jtrace.tracefs;

import dev.jtrace.core.MalformedDataException;
import dev.jtrace.tracefs.internal.ElfSymbols;
import dev.jtrace.tracefs.internal.Names;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A uprobe or uretprobe: an event recorded whenever any process executes an instruction of an ELF
 * file (or returns from a function), in the syntax of {@code Documentation/trace/uprobetracer.rst}:
 * <pre>
 * p[:[GRP/]EVENT] PATH:OFFSET[(REF_CTR_OFFSET)] [FETCHARGS]
 * r[:[GRP/]EVENT] PATH:OFFSET [FETCHARGS]
 * </pre>
 * The offset is a file offset; {@link #atSymbol} finds it from the file's ELF symbol tables
 * ({@code st_value - p_vaddr + p_offset} of the loadable segment holding the symbol).
 * {@snippet :
 * Uprobe getpid = Uprobe.atSymbol(Path.of("/usr/lib/x86_64-linux-gnu/libc.so.6"), "getpid")
 *         .returning()
 *         .fetch("ret", "$retval", "s32");
 * try (DynamicEvent probe = tracefs.dynamicEvents().create(getpid)) { ... }
 * }
 * Instances are immutable; the builder-style methods return copies.
 */
public final class Uprobe implements ProbeDefinition {
    private final Path path;
    private final long offset;
    private final String symbol;
    private final boolean returnProbe;
    private final long refCounterOffset;
    private final String name;
    private final List<FetchArg> args;

    private Uprobe(Path path, long offset, String symbol, boolean returnProbe, long refCounterOffset, String name,
            List<FetchArg> args) {
        this.path = path;
        this.offset = offset;
        this.symbol = symbol;
        this.returnProbe = returnProbe;
        this.refCounterOffset = refCounterOffset;
        this.name = name;
        this.args = List.copyOf(args);
    }

    /**
     * A probe at a function's entry, found by name in the file's {@code .symtab} or {@code .dynsym}.
     * The event is named after the symbol unless {@link #named} says otherwise.
     *
     * @param elf the executable or shared library (absolute path; the kernel resolves it to an inode)
     * @param symbol the function's name, without version suffix (such as {@code "getpid"})
     * @return the probe
     * @throws IllegalArgumentException if the path is not absolute or has whitespace or control
     *     characters, the file has no such defined symbol, or the symbol is an indirect function
     *     (its address is the resolver's, which runs once at load time)
     * @throws MalformedDataException if the file is not well-formed ELF
     */
    public static Uprobe atSymbol(Path elf, String symbol) {
        Path file = checkPath(elf);
        Names.token(symbol, "symbol");
        ElfSymbols symbols = ElfSymbols.read(file);
        ElfSymbols.Symbol s = symbols.find(symbol).orElseThrow(() -> new IllegalArgumentException(
                file + " defines no symbol " + Names.printable(symbol) + " in .symtab or .dynsym"));
        if (s.isIndirectFunction()) {
            throw new IllegalArgumentException(symbol + " in " + file + " is an indirect function (STT_GNU_IFUNC): its "
                    + "address is that of the resolver the dynamic linker runs once; probe the implementation it "
                    + "selects (such as " + symbol + "_avx2) instead");
        }
        if (s.value() == 0) {
            throw new IllegalArgumentException(symbol + " in " + file + " has no address (st_value 0)");
        }
        return new Uprobe(file, symbols.fileOffset(s.value()), symbol, false, -1, null, List.of());
    }

    /**
     * A probe at a file offset.
     *
     * @param elf the executable or shared library (absolute path)
     * @param offset the file offset of the instruction
     * @return the probe
     * @throws IllegalArgumentException if the path is not absolute or has whitespace or control
     *     characters, or the offset is negative
     */
    public static Uprobe atOffset(Path elf, long offset) {
        if (offset < 0) {
            throw new IllegalArgumentException("a file offset must not be negative: " + offset);
        }
        return new Uprobe(checkPath(elf), offset, null, false, -1, null, List.of());
    }

    private static Path checkPath(Path elf) {
        Objects.requireNonNull(elf, "elf");
        if (!elf.isAbsolute()) {
            throw new IllegalArgumentException("a probed file needs an absolute path, not " + elf);
        }
        String text = elf.normalize().toString();
        Names.token(text.replace('/', '_'), "probed file path"); // no whitespace (the command's separator) or control
        if (text.indexOf(':') >= 0) {
            throw new IllegalArgumentException("a probed file's path must not contain ':' (it separates the offset): "
                    + Names.printable(text));
        }
        return elf.normalize();
    }

    /**
     * Returns a copy that fires when the function returns (a uretprobe, {@code r:}), where
     * {@code $retval} is available.
     *
     * @return the return probe
     */
    public Uprobe returning() {
        return new Uprobe(path, offset, symbol, true, refCounterOffset, name, args);
    }

    /**
     * Returns a copy with an event name.
     *
     * @param event a C identifier of at most 64 characters
     * @return the renamed probe
     * @throws IllegalArgumentException if the name is not a C identifier
     */
    public Uprobe named(String event) {
        return new Uprobe(path, offset, symbol, returnProbe, refCounterOffset, Names.identifier(event, "event name"),
                args);
    }

    /**
     * Returns a copy that also records an argument.
     *
     * @param argName the field name
     * @param fetch what to fetch, such as {@code "%di"}, {@code "$retval"}, {@code "$comm"}
     * @return the probe
     * @throws IllegalArgumentException if a part is invalid
     */
    public Uprobe fetch(String argName, String fetch) {
        return fetch(new FetchArg(argName, fetch, null));
    }

    /**
     * Returns a copy that also records a typed argument.
     *
     * @param argName the field name
     * @param fetch what to fetch
     * @param type such as {@code "u64"}, {@code "s32"}, {@code "string"}
     * @return the probe
     * @throws IllegalArgumentException if a part is invalid
     */
    public Uprobe fetch(String argName, String fetch, String type) {
        return fetch(new FetchArg(argName, fetch, type));
    }

    /**
     * Returns a copy that also records an argument.
     *
     * @param arg the argument
     * @return the probe
     */
    public Uprobe fetch(FetchArg arg) {
        List<FetchArg> more = new ArrayList<>(args);
        more.add(Objects.requireNonNull(arg, "arg"));
        return new Uprobe(path, offset, symbol, returnProbe, refCounterOffset, name, more);
    }

    /**
     * Returns a copy with a reference counter (a USDT semaphore): the kernel increments the 2-byte
     * counter at that file offset while the probe is enabled.
     *
     * @param counterOffset the counter's file offset
     * @return the probe
     * @throws IllegalArgumentException if the offset is negative
     */
    public Uprobe withRefCounter(long counterOffset) {
        if (counterOffset < 0) {
            throw new IllegalArgumentException("a reference counter offset must not be negative");
        }
        return new Uprobe(path, offset, symbol, returnProbe, counterOffset, name, args);
    }

    /**
     * Returns the probed file.
     *
     * @return the path
     */
    public Path path() {
        return path;
    }

    /**
     * Returns the probed file offset.
     *
     * @return the offset
     */
    public long offset() {
        return offset;
    }

    /**
     * Tells whether this is a return probe.
     *
     * @return {@code true} for a uretprobe
     */
    public boolean isReturnProbe() {
        return returnProbe;
    }

    @Override
    public String kind() {
        return returnProbe ? "uretprobe" : "uprobe";
    }

    @Override
    public String name() {
        if (name != null) {
            return name;
        }
        if (symbol != null) {
            return sanitize(symbol);
        }
        return (returnProbe ? "r_" : "p_") + sanitize(path.getFileName().toString()) + "_0x" + Long.toHexString(offset);
    }

    private static String sanitize(String s) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < s.length() && sb.length() < 48; i++) {
            char c = s.charAt(i);
            sb.append((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ? c : '_');
        }
        if (sb.isEmpty() || Character.isDigit(sb.charAt(0))) {
            sb.insert(0, '_');
        }
        return sb.toString();
    }

    @Override
    public List<FetchArg> args() {
        return args;
    }

    @Override
    public EventName eventIn(String group) {
        return new EventName(group, name());
    }

    @Override
    public String definition(String group) {
        StringBuilder sb = new StringBuilder();
        sb.append(returnProbe ? 'r' : 'p').append(':').append(group).append('/').append(name()).append(' ')
                .append(path).append(":0x").append(Long.toHexString(offset));
        if (refCounterOffset >= 0) {
            sb.append("(0x").append(Long.toHexString(refCounterOffset)).append(')');
        }
        for (FetchArg a : args) {
            sb.append(' ').append(a.text());
        }
        return sb.toString();
    }

    @Override
    public String legacyFile() {
        return "uprobe_events";
    }

    @Override
    public String toString() {
        return kind() + " " + definition("GROUP");
    }

    /**
     * Tells whether the probed file exists, for a check before the kernel is asked.
     *
     * @return {@code true} if it is a regular file
     */
    boolean fileExists() {
        return Files.isRegularFile(path);
    }
}
