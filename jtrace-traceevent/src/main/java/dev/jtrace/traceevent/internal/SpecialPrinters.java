package dev.jtrace.traceevent.internal;

import dev.jtrace.traceevent.EventFormat;
import dev.jtrace.traceevent.KernelSymbols;

/** The events the kernel renders with its own code instead of their print fmts. */
public final class SpecialPrinters {
    private SpecialPrinters() {
    }

    /**
     * Returns the kernel's own printer for an event, if it has one jtrace reproduces.
     *
     * @param format the event
     * @param symbols kernel symbols
     * @param printkFormats format strings by address, for bprint
     * @return the printer, or {@code null} to use the print fmt
     */
    public static InfoPrinter forEvent(EventFormat format, KernelSymbols symbols,
            java.util.Map<Long, String> printkFormats) {
        InfoPrinter p = SyscallPrinters.forEvent(format);
        return p != null ? p : FtracePrinters.forEvent(format, symbols, printkFormats);
    }
}
