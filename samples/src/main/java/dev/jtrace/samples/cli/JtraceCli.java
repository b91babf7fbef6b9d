package dev.jtrace.samples.cli;

import dev.jtrace.core.FacilityUnavailableException;
import dev.jtrace.core.JtraceException;
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
            Exit codes: 0 ok, 1 failed, 2 bad usage, 3 kernel facility missing or not permitted.""";

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
     * Runs the tool.
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
        String[] rest = Arrays.copyOfRange(args, 1, args.length);
        try {
            return switch (args[0]) {
                case "list" -> ListCommand.run(rest, out, err);
                case "top" -> TopCommand.run(rest, out, err);
                case "stream" -> StreamCommand.run(rest, out, err);
                case "record" -> RecordCommand.run(rest, out, err);
                case "report" -> ReportCommand.run(rest, out, err);
                default -> {
                    err.println("jtrace: unknown command '" + args[0] + "'\n" + USAGE);
                    yield EXIT_USAGE;
                }
            };
        } catch (TraceArgs.UsageException e) {
            err.println("jtrace " + args[0] + ": " + e.getMessage() + " (see 'jtrace " + args[0] + " --help')");
            return EXIT_USAGE;
        } catch (FacilityUnavailableException e) {
            err.println("jtrace: " + e.getMessage());
            return EXIT_UNAVAILABLE;
        } catch (JtraceException | IllegalArgumentException | java.io.UncheckedIOException e) {
            err.println("jtrace: " + e.getMessage());
            return EXIT_FAILURE;
        }
    }
}
