package dev.jtrace.traceevent.internal;

import dev.jtrace.traceevent.EventFormat;
import dev.jtrace.traceevent.EventRecord;
import dev.jtrace.traceevent.FieldFormat;
import java.util.List;

/**
 * The kernel's own rendering of syscall events ({@code kernel/trace/trace_syscalls.c}), which
 * ignores their print fmts: {@code sys_openat(dfd: 3, filename: 0x7f4974a99dd5, ...)} on entry (values
 * below 10 in decimal, others in hex) and {@code sys_openat -> 0x3} on exit.
 */
final class SyscallPrinters {
    private static final String ENTER = "sys_enter_";
    private static final String EXIT = "sys_exit_";

    private SyscallPrinters() {
    }

    /** Returns the printer for a syscalls event, or {@code null} if it is not one. */
    static InfoPrinter forEvent(EventFormat format) {
        if (!format.system().equals("syscalls")) {
            return null;
        }
        if (format.name().startsWith(ENTER)) {
            List<FieldFormat> args = format.fields().stream().filter(f -> !f.name().equals("__syscall_nr")).toList();
            return new Enter("sys_" + format.name().substring(ENTER.length()), args);
        }
        if (format.name().startsWith(EXIT)) {
            FieldFormat ret = format.field("ret");
            return ret == null ? null : new Exit("sys_" + format.name().substring(EXIT.length()), ret.offset());
        }
        return null;
    }

    private record Enter(String name, int[] offsets, String[] labels) implements InfoPrinter.OwnForm {
        Enter(String name, List<FieldFormat> args) {
            this(name, args.stream().mapToInt(FieldFormat::offset).toArray(),
                    args.stream().map(f -> f.name() + ": ").toArray(String[]::new));
        }


        @Override
        public void append(EventRecord r, StringBuilder out) {
            out.append(name).append('(');
            for (int i = 0; i < offsets.length; i++) {
                if (i > 0) {
                    out.append(", ");
                }
                long value = r.u64(offsets[i]);
                out.append(labels[i]);
                if (Long.compareUnsigned(value, 10) < 0) {
                    out.append(value);
                } else {
                    out.append("0x");
                    Digits.appendHex(out, value);
                }
            }
            out.append(')');
        }
    }

    private record Exit(String name, int retOffset) implements InfoPrinter.OwnForm {

        @Override
        public void append(EventRecord r, StringBuilder out) {
            out.append(name).append(" -> 0x");
            Digits.appendHex(out, r.u64(retOffset));
        }
    }
}
