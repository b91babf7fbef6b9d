package dev.jtrace.traceevent;

/**
 * Kernel symbols ({@code /proc/kallsyms} or a table given by the caller) for rendering code
 * addresses the way the kernel's {@code %pS} / {@code %ps} / {@code %pB} do:
 * {@code name+0xoff/0xsize [module]}.
 *
 * <p>Placeholder API; the implementation lands with the renderer.
 */
public final class KernelSymbols {
    private static final KernelSymbols EMPTY = new KernelSymbols();

    private KernelSymbols() {
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
     * Appends what the kernel prints for a code address.
     *
     * @param out where to append
     * @param address the address
     * @param withOffset whether to add {@code +0xoff/0xsize} ({@code %pS}) or not ({@code %ps})
     * @param withModule whether to add {@code [module]} for module symbols
     */
    public void appendSymbol(StringBuilder out, long address, boolean withOffset, boolean withModule) {
        out.append("0x").append(Long.toHexString(address));
    }
}
