package dev.jtrace.samples.cli;

import dev.jtrace.core.JtraceException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The command after {@code --}, started stopped so tracing can be set up for its pid before it runs
 * a single instruction of its own: a shell stops itself with SIGSTOP, jtrace points the pid filter at
 * it and starts recording, then continues it, and the shell execs the command (same pid, so the
 * filter follows it, and its children through event-fork).
 */
final class TracedCommand {
    private final Process process;
    private volatile boolean resumed;

    private TracedCommand(Process process) {
        this.process = process;
    }

    /** Starts the command stopped, with the terminal's stdin, stdout and stderr. */
    static TracedCommand startStopped(List<String> command) {
        List<String> argv = new ArrayList<>(List.of("/bin/sh", "-c", "kill -STOP $$ && exec \"$@\"", "jtrace"));
        argv.addAll(command);
        Process p;
        try {
            p = new ProcessBuilder(argv).inheritIO().start();
        } catch (IOException e) {
            throw new JtraceException("cannot start " + command.get(0) + ": " + e.getMessage(), e);
        }
        TracedCommand c = new TracedCommand(p);
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!c.isStopped()) {
            if (!p.isAlive() || System.nanoTime() > deadline) {
                p.destroyForcibly();
                throw new JtraceException("cannot start " + command.get(0) + ": the shell did not stop itself");
            }
            Thread.onSpinWait();
        }
        return c;
    }

    /** Returns the pid (the shell's, which becomes the command's on exec). */
    int pid() {
        return Math.toIntExact(process.pid());
    }

    private boolean isStopped() {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(process.pid()), "stat"),
                    StandardCharsets.ISO_8859_1);
            int end = stat.lastIndexOf(')'); // the comm may contain spaces and parentheses
            return end > 0 && end + 2 < stat.length() && stat.charAt(end + 2) == 'T';
        } catch (IOException e) {
            return false;
        }
    }

    /** Lets the command run. */
    void resume() {
        resumed = true;
        try {
            Process kill = new ProcessBuilder("kill", "-CONT", Long.toString(process.pid())).inheritIO().start();
            if (kill.waitFor() != 0) {
                throw new JtraceException("cannot continue pid " + process.pid());
            }
        } catch (IOException e) {
            throw new JtraceException("cannot continue pid " + process.pid() + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new JtraceException("interrupted while starting pid " + process.pid(), e);
        }
    }

    /** Runs {@code action} once the command has exited (on another thread). */
    void onExit(Runnable action) {
        process.onExit().thenRun(action);
    }

    /** Returns whether it is still running. */
    boolean isAlive() {
        return process.isAlive();
    }

    /** Ends it if still running (after a Ctrl-C, for example). */
    void stop() {
        if (process.isAlive()) {
            if (resumed) {
                process.destroy();
            } else {
                process.destroyForcibly(); // a stopped process would hold SIGTERM until continued
            }
        }
    }
}
