package dev.jtrace.samples.cli;

import java.util.ArrayList;
import java.util.List;

/**
 * The options {@code record}, {@code stream} and {@code top} share, parsed trace-cmd style:
 * {@code -e SYSTEM:EVENT[:FILTER]} (repeatable; globs allowed in SYSTEM and EVENT), {@code -o FILE},
 * {@code -d SECONDS}, {@code -b KB} (per-CPU buffer size), {@code -C CLOCK}, and everything after
 * {@code --} as a command to run and trace.
 *
 * @param events the event selections in order; empty means the command's default set
 * @param output the output file, or null
 * @param seconds how long to trace (0: until the command ends or Ctrl-C)
 * @param bufferKb the per-CPU buffer size in KiB (0: keep the kernel's)
 * @param clock the trace clock, or null for the kernel's default
 * @param command the command to run, empty for none
 * @param help whether {@code --help} was given
 */
record TraceArgs(List<EventSelection> events, String output, double seconds, int bufferKb, String clock,
        List<String> command, boolean help) {

    /**
     * One {@code -e} argument.
     *
     * @param system the system glob, or null for a bare word that matches a system or an event name
     * @param event the event glob (the bare word when {@code system} is null)
     * @param filter the filter expression, or null
     */
    record EventSelection(String system, String event, String filter) {
        /** The text the kernel's set_event accepts: {@code system:event}, or the bare word. */
        String spec() {
            return system == null ? event : system + ":" + event;
        }
    }

    /** A command line that cannot be parsed; its message is the one line to print. */
    static final class UsageException extends Exception {
        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message);
        }
    }

    /**
     * Parses the arguments after the subcommand's name.
     *
     * @param args the arguments
     * @param allowed the option letters this subcommand takes, e.g. {@code "eodbC"}
     * @throws UsageException for an unknown option, a missing or bad value
     */
    static TraceArgs parse(String[] args, String allowed) throws UsageException {
        List<EventSelection> events = new ArrayList<>();
        String output = null;
        double seconds = 0;
        int bufferKb = 0;
        String clock = null;
        List<String> command = new ArrayList<>();
        boolean help = false;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--")) {
                command.addAll(List.of(args).subList(i + 1, args.length));
                if (command.isEmpty()) {
                    throw new UsageException("'--' must be followed by a command");
                }
                break;
            }
            if (a.equals("--help") || a.equals("-h")) {
                help = true;
                continue;
            }
            if (a.length() != 2 || a.charAt(0) != '-' || allowed.indexOf(a.charAt(1)) < 0) {
                throw new UsageException("unknown option '" + a + "'");
            }
            if (i + 1 >= args.length) {
                throw new UsageException("option " + a + " needs a value");
            }
            String value = args[++i];
            switch (a.charAt(1)) {
                case 'e' -> events.add(selection(value));
                case 'o' -> output = value;
                case 'd' -> seconds = positive(a, value);
                case 'b' -> bufferKb = (int) Math.min(Integer.MAX_VALUE, Math.round(positive(a, value)));
                case 'C' -> clock = value;
                default -> throw new UsageException("unknown option '" + a + "'");
            }
        }
        return new TraceArgs(List.copyOf(events), output, seconds, bufferKb, clock, List.copyOf(command), help);
    }

    private static double positive(String option, String value) throws UsageException {
        try {
            double d = Double.parseDouble(value);
            if (d > 0 && Double.isFinite(d)) {
                return d;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new UsageException("option " + option + " needs a positive number, not '" + value + "'");
    }

    /**
     * Parses {@code SYSTEM:EVENT[:FILTER]}, or a bare {@code NAME} that matches every event of the
     * system NAME and every event called NAME, as the kernel's set_event does.
     */
    static EventSelection selection(String value) throws UsageException {
        if (value.isEmpty()) {
            throw new UsageException("option -e needs SYSTEM:EVENT, SYSTEM or EVENT");
        }
        int colon = value.indexOf(':');
        if (colon < 0) {
            return new EventSelection(null, value, null);
        }
        String system = value.substring(0, colon);
        String rest = value.substring(colon + 1);
        int second = rest.indexOf(':');
        String event = second < 0 ? rest : rest.substring(0, second);
        String filter = second < 0 ? null : rest.substring(second + 1).strip();
        if (system.isEmpty() || event.isEmpty()) {
            throw new UsageException("option -e: '" + value + "' is not SYSTEM:EVENT[:FILTER]");
        }
        return new EventSelection(system, event, filter == null || filter.isEmpty() ? null : filter);
    }
}
