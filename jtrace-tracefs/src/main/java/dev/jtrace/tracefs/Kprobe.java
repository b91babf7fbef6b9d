package dev.jtrace.tracefs;

import dev.jtrace.tracefs.internal.Names;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A kprobe or kretprobe: an event recorded when the kernel executes an instruction or returns from
 * a function, in the syntax of {@code Documentation/trace/kprobetrace.rst}:
 * <pre>
 * p[:[GRP/]EVENT] [MOD:]SYM[+offs]|MEMADDR [FETCHARGS]
 * r[MAXACTIVE][:[GRP/]EVENT] [MOD:]SYM[+0] [FETCHARGS]
 * </pre>
 * Needs {@code CONFIG_KPROBE_EVENTS}; {@link DynamicEvents#create} reports its absence with a
 * {@link dev.jtrace.core.FacilityUnavailableException}. Immutable; builder-style methods return copies.
 * {@snippet :
 * Kprobe open = Kprobe.at("do_sys_open").fetch("dfd", "%ax").fetch("filename", "%dx");
 * }
 */
public final class Kprobe implements ProbeDefinition {
    private static final Pattern SYMBOL = Pattern.compile("[A-Za-z_][A-Za-z0-9_.]{0,510}");
    private final String module;
    private final String symbol;
    private final long offset;
    private final long address;
    private final boolean returnProbe;
    private final int maxActive;
    private final String name;
    private final List<FetchArg> args;

    private Kprobe(String module, String symbol, long offset, long address, boolean returnProbe, int maxActive,
            String name, List<FetchArg> args) {
        this.module = module;
        this.symbol = symbol;
        this.offset = offset;
        this.address = address;
        this.returnProbe = returnProbe;
        this.maxActive = maxActive;
        this.name = name;
        this.args = List.copyOf(args);
    }

    /**
     * A probe at a kernel function's entry.
     *
     * @param symbol the function, such as {@code "do_sys_open"}
     * @return the probe
     * @throws IllegalArgumentException if the symbol is not an identifier (dots allowed, as in
     *     {@code "foo.isra.0"})
     */
    public static Kprobe at(String symbol) {
        return at(symbol, 0);
    }

    /**
     * A probe at an offset into a kernel function.
     *
     * @param symbol the function
     * @param offset bytes from its start
     * @return the probe
     * @throws IllegalArgumentException if the symbol is invalid or the offset negative
     */
    public static Kprobe at(String symbol, long offset) {
        if (offset < 0) {
            throw new IllegalArgumentException("an offset must not be negative: " + offset);
        }
        return new Kprobe(null, checkSymbol(symbol), offset, -1, false, 0, null, List.of());
    }

    /**
     * A probe at a function of a kernel module.
     *
     * @param module the module, such as {@code "ext4"}
     * @param symbol the function
     * @return the probe
     * @throws IllegalArgumentException if a name is invalid
     */
    public static Kprobe inModule(String module, String symbol) {
        return new Kprobe(Names.identifier(module, "module name"), checkSymbol(symbol), 0, -1, false, 0, null,
                List.of());
    }

    /**
     * A probe at a kernel address.
     *
     * @param address the address
     * @return the probe
     */
    public static Kprobe atAddress(long address) {
        return new Kprobe(null, null, 0, address, false, 0, null, List.of());
    }

    private static String checkSymbol(String symbol) {
        Objects.requireNonNull(symbol, "symbol");
        if (!SYMBOL.matcher(symbol).matches()) {
            throw new IllegalArgumentException("a kernel symbol is letters, digits, '_' and '.', not starting with a "
                    + "digit, at most 511 characters: " + Names.printable(symbol));
        }
        return symbol;
    }

    /**
     * Returns a copy that fires when the function returns (a kretprobe).
     *
     * @return the return probe
     * @throws IllegalStateException if the probe is not at a function's entry
     */
    public Kprobe returning() {
        return returning(0);
    }

    /**
     * Returns a return probe that handles at most {@code maxActive} concurrent calls.
     *
     * @param maxActive 0 for the kernel's default, else the number of instances
     * @return the return probe
     * @throws IllegalArgumentException if {@code maxActive} is negative
     * @throws IllegalStateException if the probe is not at a function's entry
     */
    public Kprobe returning(int maxActive) {
        if (maxActive < 0) {
            throw new IllegalArgumentException("maxactive must not be negative: " + maxActive);
        }
        if (symbol == null || offset != 0) {
            throw new IllegalStateException("a return probe goes on a function's entry (SYM or SYM+0)");
        }
        return new Kprobe(module, symbol, offset, address, true, maxActive, name, args);
    }

    /**
     * Returns a copy with an event name.
     *
     * @param event a C identifier
     * @return the probe
     * @throws IllegalArgumentException if the name is not a C identifier
     */
    public Kprobe named(String event) {
        return new Kprobe(module, symbol, offset, address, returnProbe, maxActive, Names.identifier(event,
                "event name"), args);
    }

    /**
     * Returns a copy that records an argument, such as {@code ("dfd", "%ax")} or
     * {@code ("mode", "+4($stack)")}.
     *
     * @param argName the field name, or {@code null} for the kernel's
     * @param fetch what to fetch
     * @return the probe
     * @throws IllegalArgumentException if a part is invalid
     */
    public Kprobe fetch(String argName, String fetch) {
        return fetch(new FetchArg(argName, fetch, null));
    }

    /**
     * Returns a copy that records an argument.
     *
     * @param arg the argument
     * @return the probe
     */
    public Kprobe fetch(FetchArg arg) {
        List<FetchArg> more = new ArrayList<>(args);
        more.add(Objects.requireNonNull(arg, "arg"));
        return new Kprobe(module, symbol, offset, address, returnProbe, maxActive, name, more);
    }

    @Override
    public String kind() {
        return returnProbe ? "kretprobe" : "kprobe";
    }

    @Override
    public String name() {
        if (name != null) {
            return name;
        }
        String base = symbol != null ? symbol.replace('.', '_') + (offset != 0 ? "_" + offset : "")
                : "0x" + Long.toHexString(address);
        return (returnProbe ? "r_" : "p_") + base;
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
        sb.append(returnProbe ? "r" : "p");
        if (returnProbe && maxActive > 0) {
            sb.append(maxActive);
        }
        sb.append(':').append(group).append('/').append(name()).append(' ');
        if (symbol == null) {
            sb.append("0x").append(Long.toHexString(address));
        } else {
            if (module != null) {
                sb.append(module).append(':');
            }
            sb.append(symbol);
            if (offset != 0) {
                sb.append('+').append(offset);
            }
        }
        for (FetchArg a : args) {
            sb.append(' ').append(a.text());
        }
        return sb.toString();
    }

    @Override
    public String legacyFile() {
        return "kprobe_events";
    }

    @Override
    public String toString() {
        return kind() + " " + definition("GROUP");
    }
}
