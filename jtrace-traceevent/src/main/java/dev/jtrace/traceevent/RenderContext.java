package dev.jtrace.traceevent;

import java.util.Map;
import java.util.Objects;

/**
 * What rendering needs besides the records and formats: kernel symbols, {@code printk_formats}
 * (for bprint), task names, the buffer's trace clock and the {@code hash-ptr} option.
 *
 * @param symbols kernel symbols for {@code %pS}-style output
 * @param printkFormats format strings by address, from {@code printk_formats}
 * @param comms task names from {@code saved_cmdlines}
 * @param traceClock the buffer's {@code trace_clock} (e.g. {@code local}, {@code counter})
 * @param hashPointers whether the {@code hash-ptr} option is on (plain {@code %p} is then hashed,
 *     which cannot be reproduced; jtrace prints it as {@code %px})
 */
public record RenderContext(KernelSymbols symbols, Map<Long, String> printkFormats, CommTable comms,
        String traceClock, boolean hashPointers) {
    /**
     * Validates and copies.
     *
     * @param symbols kernel symbols
     * @param printkFormats format strings by address
     * @param comms task names
     * @param traceClock the trace clock name
     * @param hashPointers the hash-ptr option
     */
    public RenderContext {
        Objects.requireNonNull(symbols, "symbols");
        printkFormats = Map.copyOf(printkFormats);
        Objects.requireNonNull(comms, "comms");
        Objects.requireNonNull(traceClock, "traceClock");
    }

    /**
     * Returns a context with no symbols, formats or task names, the {@code local} clock and
     * hash-ptr off.
     *
     * @return the context
     */
    public static RenderContext defaults() {
        return new RenderContext(KernelSymbols.empty(), Map.of(), CommTable.empty(), "local", false);
    }
}
