package dev.jtrace.tracefs;

import dev.jtrace.core.FacilityUnavailableException;
import dev.jtrace.core.JtraceException;
import dev.jtrace.core.ResourceClosedException;
import dev.jtrace.tracefs.internal.ChangeJournal;
import dev.jtrace.tracefs.internal.Control;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The state one {@link TraceInstance} handle shares with its facets ({@link InstanceEvents},
 * {@link TraceOptions}, {@link BufferSettings}, {@link Tracers}): where the instance lives, what
 * the handle changed (the journal that {@code close()} replays), and the open files (markers,
 * pipes, readers) that must be closed before the instance directory can be removed.
 *
 * <p>Package-private: the facets are the API; this is their plumbing.
 */
final class InstanceContext {
    final Tracefs tracefs;
    final Path dir;
    final String name;
    final boolean topLevel;
    final ChangeJournal journal = new ChangeJournal();
    private final List<AutoCloseable> children = new ArrayList<>();
    private volatile boolean closed;

    InstanceContext(Tracefs tracefs, Path dir, String name, boolean topLevel) {
        this.tracefs = tracefs;
        this.dir = dir;
        this.name = name;
        this.topLevel = topLevel;
    }

    String describe() {
        return topLevel ? "top-level tracefs instance " + dir : "tracefs instance " + name;
    }

    void checkOpen() {
        if (closed) {
            throw new ResourceClosedException(describe());
        }
    }

    boolean isClosed() {
        return closed;
    }

    void markClosed() {
        closed = true;
    }

    Path file(String relative) {
        return dir.resolve(relative);
    }

    /** This instance's error_log: it explains refused filters and triggers of its events. */
    Path errorLog() {
        return dir.resolve("error_log");
    }

    String read(String relative) {
        checkOpen();
        return Control.read(file(relative));
    }

    /** Reads a file only the top-level instance (or a newer kernel) has, with a clear refusal otherwise. */
    String readRequired(String relative, String facility) {
        checkOpen();
        Path f = file(relative);
        String text = Control.readIfExists(f);
        if (text == null) {
            throw missing(relative, facility);
        }
        return text;
    }

    FacilityUnavailableException missing(String relative, String facility) {
        return new FacilityUnavailableException(facility, describe() + " has no " + relative
                + (topLevel ? " (this kernel does not provide it)" : " (only the top-level instance has it, or this "
                        + "kernel does not provide it)"));
    }

    void write(String relative, String text) {
        checkOpen();
        Control.write(file(relative), text, false, errorLog());
    }

    void writeTruncating(String relative, String text) {
        checkOpen();
        Control.write(file(relative), text, true, errorLog());
    }

    /**
     * Changes a single-value setting, recording how to restore the value it had before this handle
     * first changed it.
     *
     * @param relative the control file
     * @param value the new value
     * @param restoreValue the text that restores the current value (computed from it by the caller)
     */
    void set(String relative, String value, String restoreValue) {
        checkOpen();
        String key = "file:" + relative;
        boolean first = journal.remember(key, () -> Control.write(file(relative), restoreValue, false, null));
        try {
            write(relative, value);
        } catch (RuntimeException e) {
            if (first) {
                journal.forget(key);
            }
            throw e;
        }
    }

    boolean exists(String relative) {
        return Files.exists(file(relative));
    }

    synchronized void adopt(AutoCloseable child) {
        checkOpen();
        children.add(child);
    }

    synchronized void release(AutoCloseable child) {
        children.remove(child);
    }

    /** Closes markers, pipes and readers, newest first; the instance directory is busy while they are open. */
    void closeChildren() {
        List<AutoCloseable> all;
        synchronized (this) {
            all = new ArrayList<>(children);
            children.clear();
        }
        RuntimeException failure = null;
        for (int i = all.size() - 1; i >= 0; i--) {
            try {
                all.get(i).close();
            } catch (Exception e) {
                RuntimeException r = e instanceof RuntimeException re ? re
                        : new JtraceException("closing " + all.get(i) + " failed: " + e, e);
                if (failure == null) {
                    failure = r;
                } else {
                    failure.addSuppressed(r);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}
