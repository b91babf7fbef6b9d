package dev.jtrace.samples.cli;

import dev.jtrace.core.JtraceException;
import dev.jtrace.traceevent.CommTable;
import dev.jtrace.traceevent.KernelSymbols;
import dev.jtrace.traceevent.KernelTypes;
import dev.jtrace.traceevent.RenderContext;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What rendering needs from the running kernel, read the way the kernel's own {@code trace} file
 * sees it: kallsyms, the top-level printk_formats and saved_cmdlines/saved_tgids (instances have
 * none of their own), the instance's trace clock, BTF for enums and jiffies, and raw pointers (the
 * CLI's instances switch {@code hash-ptr} off, as the oracle tests do).
 */
final class LiveContext {
    private LiveContext() {
    }

    static RenderContext read(Path tracefs, Path instance) {
        KernelSymbols symbols = Files.isReadable(Path.of("/proc/kallsyms"))
                ? KernelSymbols.load(Path.of("/proc/kallsyms")) : KernelSymbols.empty();
        KernelTypes types;
        try {
            types = KernelTypes.loadRunningKernel();
        } catch (JtraceException e) {
            types = KernelTypes.empty(); // no BTF: enums and jiffies print as numbers
        }
        return new RenderContext(symbols, RenderContext.parsePrintkFormats(text(tracefs.resolve("printk_formats"))),
                comms(tracefs), clock(instance), false, types);
    }

    /** The kernel's saved command names now; a stream refreshes them as processes come and go. */
    static CommTable comms(Path tracefs) {
        return CommTable.parse(text(tracefs.resolve("saved_cmdlines")), text(tracefs.resolve("saved_tgids")));
    }

    /** The selected clock of {@code trace_clock} ("local global [mono]" → "mono"). */
    static String clock(Path instance) {
        String all = text(instance.resolve("trace_clock"));
        int open = all.indexOf('[');
        int close = all.indexOf(']', open + 1);
        return open >= 0 && close > open ? all.substring(open + 1, close) : "local";
    }

    private static String text(Path file) {
        try {
            return Files.isReadable(file) ? new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1) : "";
        } catch (IOException e) {
            return "";
        }
    }
}
