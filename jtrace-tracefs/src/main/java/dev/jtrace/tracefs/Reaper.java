package dev.jtrace.tracefs;

import dev.jtrace.core.KernelCallException;
import dev.jtrace.tracefs.internal.Control;
import dev.jtrace.tracefs.internal.Names;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Finds and removes what jtrace processes that no longer exist left in the kernel: instances named
 * {@code jtrace-<pid>-<n>}, {@code jtrace-probe-<pid>-<n>} or {@code jtrace-test-<pid>-<what>}, and
 * dynamic events in groups {@code jtrace_<pid>} (synthetic events named {@code jtrace_<pid>_...}).
 *
 * <p>Only names of those patterns whose pid is not a running process are touched: instances with
 * other names, and everything of live processes, are never removed. A process killed with SIGKILL
 * (or a crashed JVM) cannot run its shutdown hook; running the reaper later cleans up after it.
 * {@snippet :
 * for (Reaper.Leftover l : tracefs.reaper().reap()) {
 *     System.err.println("removed " + l);
 * }
 * }
 */
public final class Reaper {
    /**
     * What a dead process left.
     *
     * @param kind an instance or a dynamic event
     * @param name the instance's name, or the event as {@code group:event}
     * @param pid the process whose name it carries
     * @param definition for a dynamic event, its definition line; else empty
     */
    public record Leftover(Kind kind, String name, long pid, String definition) {
        /**
         * Checks the components.
         *
         * @param kind the kind
         * @param name the name
         * @param pid the pid
         * @param definition the definition or empty
         * @throws NullPointerException if a component is null
         */
        public Leftover {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(definition, "definition");
        }
    }

    /** The kinds of leftovers. */
    public enum Kind {
        /** A tracefs instance. */
        INSTANCE,
        /** A dynamic event (uprobe, kprobe, eprobe, synthetic). */
        DYNAMIC_EVENT
    }

    private final Tracefs tracefs;

    Reaper(Tracefs tracefs) {
        this.tracefs = tracefs;
    }

    /**
     * Lists what dead jtrace processes left, changing nothing.
     *
     * @return the leftovers, instances first
     */
    public List<Leftover> find() {
        List<Leftover> out = new ArrayList<>();
        for (String name : tracefs.instanceNames()) {
            long pid = Names.ownerOfInstance(name);
            if (pid > 0 && !alive(pid)) {
                out.add(new Leftover(Kind.INSTANCE, name, pid, ""));
            }
        }
        for (String line : tracefs.dynamicEvents().definitions()) {
            EventName e = DynamicEvents.parseEventName(line);
            if (e == null) {
                continue;
            }
            long pid = Names.ownerOfDynamicEvent(e.system(), e.name());
            if (pid > 0 && !alive(pid)) {
                out.add(new Leftover(Kind.DYNAMIC_EVENT, e.toString(), pid, line));
            }
        }
        return out;
    }

    /**
     * Removes everything {@link #find()} lists: instances first (which disables the dead process's
     * probes in them), then dynamic events.
     *
     * @return what was removed
     * @throws KernelCallException for the first leftover the kernel refused to remove (for example
     *     a probe still enabled in another process's instance); the others are still removed
     */
    public List<Leftover> reap() {
        List<Leftover> removed = new ArrayList<>();
        KernelCallException failure = null;
        for (Leftover l : find()) {
            try {
                remove(l);
                removed.add(l);
            } catch (KernelCallException e) {
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
        return removed;
    }

    /**
     * Removes one leftover, after checking again that it is jtrace's and its process is gone.
     *
     * @param leftover from {@link #find()}
     * @throws IllegalArgumentException if the name is not one of jtrace's patterns or its process is
     *     alive
     * @throws KernelCallException if the kernel refuses
     */
    public void remove(Leftover leftover) {
        switch (leftover.kind()) {
            case INSTANCE -> {
                long pid = Names.ownerOfInstance(Names.instanceName(leftover.name()));
                checkDead(pid, leftover);
                Path dir = tracefs.instancesDir().resolve(leftover.name());
                // A dead process's instance may still be recording; stop it so rmdir does not race a writer.
                Control.tryWrite(dir.resolve("tracing_on"), "0", false);
                TraceInstance.removeDirectory(dir);
            }
            case DYNAMIC_EVENT -> {
                EventName e = EventName.parse(leftover.name());
                long pid = Names.ownerOfDynamicEvent(e.system(), e.name());
                checkDead(pid, leftover);
                Path dynamic = tracefs.root().resolve("dynamic_events");
                if (Files.exists(dynamic)) {
                    removeEvent(dynamic, "-:" + e.system() + "/" + e.name());
                } else if (e.system().equals("synthetic")) {
                    removeEvent(tracefs.root().resolve("synthetic_events"), "!" + e.name());
                } else {
                    // Without dynamic_events, a p:/r: line may be a uprobe or a kprobe: each file
                    // answers ENOENT for events it does not hold.
                    String command = "-:" + e.system() + "/" + e.name();
                    long r = Control.tryWrite(tracefs.root().resolve("uprobe_events"), command, false);
                    if (r < 0) {
                        removeEvent(tracefs.root().resolve("kprobe_events"), command);
                    }
                }
            }
        }
    }

    private static void removeEvent(Path file, String command) {
        long r = Control.tryWrite(file, command, false);
        if (r < 0 && r != -dev.jtrace.core.Errno.ENOENT) {
            throw new KernelCallException("write", file + " <- '" + command + "'", (int) -r);
        }
    }

    private static void checkDead(long pid, Leftover leftover) {
        if (pid <= 0) {
            throw new IllegalArgumentException(leftover.name() + " does not carry a pid in one of jtrace's name patterns");
        }
        if (alive(pid)) {
            throw new IllegalArgumentException(leftover.name() + " belongs to process " + pid + ", which is running");
        }
    }

    private static boolean alive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }
}
