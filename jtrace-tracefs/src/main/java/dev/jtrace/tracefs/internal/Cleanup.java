package dev.jtrace.tracefs.internal;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Closes, at JVM shutdown, every jtrace resource that changes kernel state and is still open:
 * sessions, instances and dynamic events. They register when created and unregister when closed;
 * the hook closes them newest first, so a session goes before the instance and probes it made.
 *
 * <p>A hook cannot run after SIGKILL or a crash; what such a process leaves behind carries its pid
 * in the name, and the reaper ({@code Tracefs.reaper()}) removes it once the pid is gone.
 */
public final class Cleanup {
    private static final Set<AutoCloseable> OPEN = new LinkedHashSet<>();
    private static boolean hookInstalled;

    private Cleanup() {
    }

    /**
     * Registers a resource to close at shutdown.
     *
     * @param resource the resource
     */
    public static synchronized void register(AutoCloseable resource) {
        if (!hookInstalled) {
            Runtime.getRuntime().addShutdownHook(new Thread(Cleanup::closeAll, "jtrace-tracefs-cleanup"));
            hookInstalled = true;
        }
        OPEN.add(resource);
    }

    /**
     * Unregisters a resource that was closed.
     *
     * @param resource the resource
     */
    public static synchronized void unregister(AutoCloseable resource) {
        OPEN.remove(resource);
    }

    /**
     * Returns how many resources are registered, for tests.
     *
     * @return the count
     */
    public static synchronized int registered() {
        return OPEN.size();
    }

    /** Closes everything still registered, newest first; failures are printed, not thrown. */
    static void closeAll() {
        List<AutoCloseable> all;
        synchronized (Cleanup.class) {
            all = new ArrayList<>(OPEN);
        }
        for (int i = all.size() - 1; i >= 0; i--) {
            try {
                all.get(i).close();
            } catch (Exception | LinkageError e) {
                System.err.println("jtrace: at shutdown, closing " + all.get(i) + " failed: " + e);
            }
        }
    }
}
