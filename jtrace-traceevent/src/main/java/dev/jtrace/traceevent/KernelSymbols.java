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
}
