package dev.jtrace.samples.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A progress report on stderr: on a terminal one line redrawn in place ({@code \r}) at most twice a
 * second; elsewhere (a log file, a pipe) plain lines, at most one every {@value #PLAIN_SECONDS} s, so
 * that a log holds readable lines and not one long line of carriage returns.
 */
final class ProgressLine {
    static final long TERMINAL_NANOS = 500_000_000L;
    static final int PLAIN_SECONDS = 5;

    private final PrintStream err;
    private final boolean terminal;
    private final long interval;
    private boolean shown;
    private long lastShown;

    /**
     * @param err where to
     * @param terminal whether {@code err} is a terminal (see {@link #stderrIsTerminal()})
     */
    ProgressLine(PrintStream err, boolean terminal) {
        this.err = err;
        this.terminal = terminal;
        this.interval = terminal ? TERMINAL_NANOS : PLAIN_SECONDS * 1_000_000_000L;
    }

    /**
     * Tells whether the next report is due: none was shown yet, or the last is old enough.
     *
     * @param now {@link System#nanoTime()}
     */
    boolean due(long now) {
        return !shown || now - lastShown >= interval;
    }

    /**
     * Shows a report.
     *
     * @param text the line, without line end
     * @param last whether this is the final report (a line redrawn in place is then ended)
     * @param now {@link System#nanoTime()}
     */
    void show(String text, boolean last, long now) {
        shown = true;
        lastShown = now;
        if (terminal) {
            err.print("\r" + text + (last ? "\n" : ""));
        } else {
            err.println(text);
        }
        err.flush();
    }

    /**
     * Tells whether this process's stderr is a terminal: file descriptor 2 is a tty or pty device
     * ({@link System#console()} checks only stdin and stdout). Without {@code /proc}, whether there
     * is a console at all.
     */
    static boolean stderrIsTerminal() {
        try {
            String target = Files.readSymbolicLink(Path.of("/proc/self/fd/2")).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty") || target.equals("/dev/console");
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return System.console() != null;
        }
    }
}
