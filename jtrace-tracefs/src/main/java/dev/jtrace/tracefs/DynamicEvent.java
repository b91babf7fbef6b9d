package dev.jtrace.tracefs;

import dev.jtrace.core.Errno;
import dev.jtrace.core.KernelCallException;
import dev.jtrace.core.ResourceClosedException;
import dev.jtrace.traceevent.EventFormat;
import dev.jtrace.traceevent.FormatParser;
import dev.jtrace.tracefs.internal.Cleanup;
import dev.jtrace.tracefs.internal.Control;
import java.nio.file.Path;

/**
 * A dynamic event jtrace created. It behaves like any trace event (enable it in an instance, filter
 * it, read its format and id); {@link #close()} removes it from the kernel, and a JVM shutdown hook
 * does so for handles still open.
 *
 * <p>The kernel refuses to remove an event that is enabled in some instance or whose files are
 * open (EBUSY): close the instances and sessions using it first; {@code close()} retries briefly
 * for instances that are being closed concurrently.
 */
public final class DynamicEvent implements AutoCloseable {
    private static final int REMOVE_ATTEMPTS = 50;
    private static final long REMOVE_RETRY_MILLIS = 20;

    private final Tracefs tracefs;
    private final EventName event;
    private final String definition;
    private final Path controlFile;
    private final String removal;
    private volatile boolean closed;

    DynamicEvent(Tracefs tracefs, EventName event, String definition, Path controlFile, String removal) {
        this.tracefs = tracefs;
        this.event = event;
        this.definition = definition;
        this.controlFile = controlFile;
        this.removal = removal;
        Cleanup.register(this);
    }

    /**
     * Returns the event's system (the probe group) and name.
     *
     * @return such as {@code jtrace_42:getpid}
     */
    public EventName event() {
        return event;
    }

    /**
     * Returns the command that created the event.
     *
     * @return the definition
     */
    public String definition() {
        return definition;
    }

    /**
     * Returns the event's format, as the kernel derived it from the definition.
     *
     * @return the format
     * @throws ResourceClosedException if the event was removed
     */
    public EventFormat format() {
        checkOpen();
        Path file = tracefs.root().resolve("events").resolve(event.system()).resolve(event.name()).resolve("format");
        return FormatParser.parse(event.system(), Control.read(file), file.toString());
    }

    /**
     * Returns the event's id.
     *
     * @return the id ({@code common_type} of its records)
     * @throws ResourceClosedException if the event was removed
     */
    public int id() {
        checkOpen();
        Path file = tracefs.root().resolve("events").resolve(event.system()).resolve(event.name()).resolve("id");
        return Integer.parseInt(Control.read(file).strip());
    }

    private void checkOpen() {
        if (closed) {
            throw new ResourceClosedException("dynamic event " + event);
        }
    }

    /**
     * Tells whether the event was removed through this handle.
     *
     * @return {@code true} once closed
     */
    public boolean isClosed() {
        return closed;
    }

    /**
     * Removes the event once. An event already gone (ENOENT) counts as removed.
     *
     * @throws KernelCallException if the kernel still refuses after retrying (EBUSY: enabled in an
     *     instance or a file of it is open); the handle then stays open, so closing again (or the
     *     shutdown hook) tries again
     */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        boolean removed = false;
        try {
            removeWithRetries();
            removed = true;
        } finally {
            if (removed) {
                Cleanup.unregister(this);
            } else {
                closed = false; // still in the kernel: a later close() (or the shutdown hook) tries again
            }
        }
    }

    private void removeWithRetries() {
        for (int attempt = 1; ; attempt++) {
            long r = Control.tryWrite(controlFile, removal, false);
            if (r >= 0 || r == -Errno.ENOENT) {
                return;
            }
            if (r != -Errno.EBUSY || attempt >= REMOVE_ATTEMPTS) {
                throw new KernelCallException("write", controlFile + " <- '" + removal + "' (removing " + event + ")",
                        (int) -r);
            }
            try {
                Thread.sleep(REMOVE_RETRY_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new KernelCallException("write (interrupted while the event was busy)", controlFile + " <- '"
                        + removal + "'", (int) -r);
            }
        }
    }

    @Override
    public String toString() {
        return "dynamic event " + event + (closed ? " (removed)" : "");
    }
}
