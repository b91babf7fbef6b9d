package dev.jtrace.tracefs.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a handle changed, and how to put it back. The first change of a setting records the
 * original value's restorer under the setting's key; later changes of the same setting keep that
 * first restorer, so undoing returns the setting to what it was before the handle touched it.
 * {@link #undoAll()} runs the restorers newest first and keeps going past failures.
 *
 * <p>Thread-safe: handles may be changed from one thread and closed from a shutdown hook.
 */
public final class ChangeJournal {
    private final Map<String, Runnable> restorers = new LinkedHashMap<>();

    /** Creates an empty journal. */
    public ChangeJournal() {
    }

    /**
     * Records how to restore a setting, unless it is already recorded.
     *
     * @param key the setting, such as {@code "option:event-fork"}
     * @param restorer what puts back the original value
     * @return {@code true} if this was the first change of the setting
     */
    public synchronized boolean remember(String key, Runnable restorer) {
        return restorers.putIfAbsent(key, restorer) == null;
    }

    /**
     * Tells whether a setting has been changed through this journal.
     *
     * @param key the setting
     * @return {@code true} if a restorer is recorded
     */
    public synchronized boolean has(String key) {
        return restorers.containsKey(key);
    }

    /**
     * Drops a restorer, for a change the caller has undone itself (a removed trigger).
     *
     * @param key the setting
     */
    public synchronized void forget(String key) {
        restorers.remove(key);
    }

    /**
     * Returns how many settings are recorded.
     *
     * @return the count
     */
    public synchronized int size() {
        return restorers.size();
    }

    /**
     * Runs every restorer, newest first, and empties the journal.
     *
     * @throws RuntimeException the first failure, with the later ones suppressed, after all
     *     restorers ran
     */
    public void undoAll() {
        List<Runnable> todo;
        synchronized (this) {
            todo = new ArrayList<>(restorers.values());
            restorers.clear();
        }
        RuntimeException failure = null;
        for (int i = todo.size() - 1; i >= 0; i--) {
            try {
                todo.get(i).run();
            } catch (RuntimeException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}
