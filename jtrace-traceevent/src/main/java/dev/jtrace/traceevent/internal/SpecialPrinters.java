package dev.jtrace.traceevent.internal;

import dev.jtrace.traceevent.EventFormat;
import dev.jtrace.traceevent.RenderContext;

/** The events the kernel renders with its own code instead of their print fmts. */
public final class SpecialPrinters {
    private SpecialPrinters() {
    }

    /**
     * Returns the kernel's own printer for an event, if it has one jtrace reproduces.
     *
     * @param format the event
     * @param context symbols, printk formats (for bprint), task names and clock
     * @return the printer, or {@code null} to use the print fmt
     */
    public static InfoPrinter forEvent(EventFormat format, RenderContext context) {
        InfoPrinter p = SyscallPrinters.forEvent(format);
        return p != null ? p : FtracePrinters.forEvent(format, context);
    }
}
