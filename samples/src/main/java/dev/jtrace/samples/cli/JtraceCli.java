package dev.jtrace.samples.cli;

import dev.jtrace.core.FacilityUnavailableException;
import java.io.PrintStream;
import java.util.Arrays;

/**
 * The {@code jtrace} command-line tool. Subcommands are modelled on trace-cmd and perf; each one
 * answers {@code --help}.
 *
 * <p>Exit codes: {@value #EXIT_OK} success; {@value #EXIT_FAILURE} the operation failed (the kernel
 * refused, bad data); {@value #EXIT_USAGE} bad command line; {@value #EXIT_UNAVAILABLE} a kernel
 * facility the command needs is missing or not permitted (the message says what would work).
 */
public final class JtraceCli {
    /** Success. */
    public static final int EXIT_OK = 0;
    /** The operation failed. */
    public static final int EXIT_FAILURE = 1;
    /** Bad command line. */
    public static final int EXIT_USAGE = 2;
    /** A needed kernel facility is missing or not permitted. */
    public static final int EXIT_UNAVAILABLE = 3;

    static final String USAGE = """
            usage: jtrace <command> [options]

            commands:
              top              trace the machine (or a command) for a few seconds and summarise it
              stream           live events to stdout in the kernel's own text format
              record           record events into a trace.dat file
              report FILE      print a trace.dat file (jtrace's or trace-cmd's) in the kernel's format
              list [PATTERN]   trace events (SYSTEM:EVENT glob), and what this kernel offers or refuses
              help             this text

            Run 'jtrace <command> --help' for a command's options.
            Exit codes: 0 ok, 1 failed, 2 bad usage, 3 kernel facility missing or not permitted.
            JTRACE_DEBUG=1 in the environment adds a failure's stack trace to its message.""";

    private JtraceCli() {
    }

    /**
     * Runs the tool and exits with its exit code.
     *
     * @param args the command line
     */
    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /**
     * Runs the tool. Set the environment variable {@code JTRACE_DEBUG=1} to have failures printed
     * with their stack trace.
     *
     * @param args the command line
     * @param out where results go
     * @param err where errors go: one line each, no stack trace
     * @return the exit code
     */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 0 || args[0].equals("help") || args[0].equals("--help") || args[0].equals("-h")) {
            (args.length == 0 ? err : out).println(USAGE);
            return args.length == 0 ? EXIT_USAGE : EXIT_OK;
        }
        Command command = switch (args[0]) {
            case "list" -> ListCommand::run;
            case "top" -> TopCommand::run;
            case "stream" -> StreamCommand::run;
            case "record" -> RecordCommand::run;
            case "report" -> ReportCommand::run;
            default -> null;
        };
        if (command == null) {
            err.println("jtrace: unknown command '" + args[0] + "' (see 'jtrace --help')");
            return EXIT_USAGE;
        }
        return run(args[0], command, Arrays.copyOfRange(args, 1, args.length), out, err,
                "1".equals(System.getenv("JTRACE_DEBUG")));
    }

    /** One subcommand: its arguments in, its exit code out. */
    @FunctionalInterface
    interface Command {
        int run(String[] args, PrintStream out, PrintStream err) throws TraceArgs.UsageException;
    }

    /**
     * Runs a subcommand and turns what it throws into one line on {@code err} and an exit code:
     * {@value #EXIT_USAGE} for a bad command line, {@value #EXIT_UNAVAILABLE} for a missing facility,
     * {@value #EXIT_FAILURE} for any other failure (a bug included: its type names it when it has no
     * message). With {@code debug}, the stack trace follows the line.
     */
    static int run(String name, Command command, String[] args, PrintStream out, PrintStream err, boolean debug) {
        String prefix = "jtrace " + name + ": ";
        try {
            return command.run(args, out, err);
        } catch (TraceArgs.UsageException e) {
            err.println(prefix + e.getMessage() + " (see 'jtrace " + name + " --help')");
            return EXIT_USAGE;
        } catch (FacilityUnavailableException e) {
            report(prefix, e, err, debug);
            return EXIT_UNAVAILABLE;
        } catch (RuntimeException e) {
            report(prefix, e, err, debug);
            return EXIT_FAILURE;
        }
    }

    private static void report(String prefix, RuntimeException e, PrintStream err, boolean debug) {
        String message = e.getMessage();
        err.println(prefix + (message == null || message.isBlank() ? e.getClass().getName() : message));
        if (debug) {
            e.printStackTrace(err);
        }
    }
}
