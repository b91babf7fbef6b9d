package dev.jtrace.tracefs;

import dev.jtrace.core.Errno;
import dev.jtrace.core.FacilityUnavailableException;
import dev.jtrace.core.KernelCallException;
import dev.jtrace.core.TracefsMount;
import dev.jtrace.core.internal.LibC;
import dev.jtrace.traceevent.EventFormats;
import dev.jtrace.traceevent.HeaderPage;
import dev.jtrace.tracefs.internal.Control;
import dev.jtrace.tracefs.internal.Names;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The entry point to the tracefs control plane: finds (or mounts) tracefs and hands out instances,
 * dynamic events and the reaper. It holds no open resources itself; what it hands out does.
 * {@snippet :
 * Tracefs tracefs = Tracefs.open();
 * try (TraceInstance instance = tracefs.createInstance()) {     // jtrace-<pid>-<n>
 *     instance.events().enable("sched:sched_switch");
 * }
 * for (String name : tracefs.instanceNames()) { ... }
 * }
 * For live decoded events start from {@link TraceSession}, which sets all of this up.
 */
public final class Tracefs {
    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    private final Path root;

    private Tracefs(Path root) {
        this.root = root;
    }

    /**
     * Finds tracefs ({@code /sys/kernel/tracing}, then tracefs under a debugfs mount, from
     * {@code /proc/mounts}), mounting it at {@code /sys/kernel/tracing} first when it is not mounted
     * and this process may mount.
     *
     * @return the tracefs
     * @throws FacilityUnavailableException if tracefs is absent, cannot be mounted, or is not
     *     readable by this process, saying what would work (root, CAP_SYS_ADMIN, or mounting with
     *     {@code -o gid=GROUP,mode=0750})
     */
    public static Tracefs open() {
        return at(TracefsMount.mountIfAbsent());
    }

    /**
     * Uses tracefs mounted at a given directory.
     *
     * @param root the tracefs root (holding {@code events/}, {@code tracing_on} ...)
     * @return the tracefs
     * @throws IllegalArgumentException if the path is relative or is not a tracefs root
     * @throws FacilityUnavailableException if it is tracefs but not readable by this process
     */
    public static Tracefs at(Path root) {
        Objects.requireNonNull(root, "root");
        if (!root.isAbsolute()) {
            throw new IllegalArgumentException("the tracefs root must be an absolute path, not " + root);
        }
        Path normal = root.normalize();
        if (!Files.exists(normal.resolve("tracing_on")) && !Files.isDirectory(normal.resolve("events"))) {
            if (Files.isDirectory(normal) && !Files.isReadable(normal)) {
                throw notPermitted(normal);
            }
            throw new IllegalArgumentException(normal + " is not a tracefs root (it has no tracing_on and no events/)");
        }
        if (!Files.isReadable(normal.resolve("events")) || !Files.isReadable(normal.resolve("tracing_on"))) {
            throw notPermitted(normal);
        }
        return new Tracefs(normal);
    }

    private static FacilityUnavailableException notPermitted(Path root) {
        return new FacilityUnavailableException("tracefs", root + " is not readable by this process: run as root or "
                + "with CAP_SYS_ADMIN, or have tracefs mounted for a group you are in: mount -t tracefs -o "
                + "gid=GROUP,mode=0750 nodev " + TracefsMount.DEFAULT_PATH);
    }

    /**
     * Returns the tracefs root directory.
     *
     * @return such as {@code /sys/kernel/tracing}
     */
    public Path root() {
        return root;
    }

    /**
     * Returns a handle on the top-level instance. Its changes are undone on close, like any handle's,
     * but they affect every user of the machine while they last: prefer an instance of your own.
     *
     * @return the handle
     */
    public TraceInstance topLevel() {
        return new TraceInstance(this, root, "", true, false);
    }

    /**
     * Creates an instance named {@code jtrace-<pid>-<n>}, which the handle removes on close (and the
     * reaper removes if this process dies without closing it).
     *
     * @return the handle
     * @throws FacilityUnavailableException if this process may not create instances
     * @throws KernelCallException if the kernel refuses for another reason
     */
    public TraceInstance createInstance() {
        long pid = ProcessHandle.current().pid();
        while (true) {
            String name = "jtrace-" + pid + "-" + SEQUENCE.incrementAndGet();
            Path dir = instancesDir().resolve(name);
            int r = LibC.tryMkdir(dir.toString(), 0755);
            if (r == 0) {
                return new TraceInstance(this, dir, name, false, true);
            }
            if (r != -Errno.EEXIST) { // EEXIST: left by an earlier process with our pid; take the next number
                throw mkdirFailure(dir, -r);
            }
        }
    }

    /**
     * Creates an instance with a given name, which the handle removes on close. Only names of
     * jtrace's own patterns ({@code jtrace-<pid>-<n>}) are ever reaped after a crash.
     *
     * @param name 1 to 64 bytes; no {@code /}, {@code \}, {@code ..}, whitespace or control characters
     * @return the handle
     * @throws IllegalArgumentException if the name breaks a rule (nothing is created)
     * @throws KernelCallException with EEXIST if an instance of that name exists
     * @throws FacilityUnavailableException if this process may not create instances
     */
    public TraceInstance createInstance(String name) {
        Names.instanceName(name);
        Path dir = instancesDir().resolve(name);
        int r = LibC.tryMkdir(dir.toString(), 0755);
        if (r != 0) {
            throw mkdirFailure(dir, -r);
        }
        return new TraceInstance(this, dir, name, false, true);
    }

    private static RuntimeException mkdirFailure(Path dir, int errno) {
        KernelCallException e = new KernelCallException("mkdir", dir.toString(), errno);
        if (errno == Errno.EPERM || errno == Errno.EACCES || errno == Errno.EROFS) {
            return new FacilityUnavailableException("tracefs instances", "creating " + dir + " was refused ("
                    + e.errnoName() + "): this needs root or CAP_SYS_ADMIN", e);
        }
        return e;
    }

    /**
     * Opens an existing instance. The handle restores what it changes on close but does not remove
     * the instance.
     *
     * @param name the instance's name
     * @return the handle
     * @throws IllegalArgumentException if the name is invalid or no such instance exists
     */
    public TraceInstance openInstance(String name) {
        Names.instanceName(name);
        Path dir = instancesDir().resolve(name);
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException("no tracefs instance " + Names.printable(name) + " in " + instancesDir());
        }
        return new TraceInstance(this, dir, name, false, false);
    }

    /**
     * Removes an existing instance by name (stopping its recording first), for instances no handle
     * of this process owns, such as one a previous run created with a given name. Handles on it
     * become unusable.
     *
     * @param name the instance's name
     * @throws IllegalArgumentException if the name is invalid or no such instance exists
     * @throws KernelCallException if the kernel refuses (EBUSY after retrying: a file of it is open)
     */
    public void removeInstance(String name) {
        Names.instanceName(name);
        Path dir = instancesDir().resolve(name);
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException("no tracefs instance " + Names.printable(name) + " in " + instancesDir());
        }
        Control.tryWrite(dir.resolve("tracing_on"), "0", false);
        TraceInstance.removeDirectory(dir);
    }

    /**
     * Lists the instances.
     *
     * @return their names, sorted
     */
    public List<String> instanceNames() {
        List<String> names = Listing.names(instancesDir(), true);
        Collections.sort(names);
        return names;
    }

    /**
     * Tells whether an instance exists.
     *
     * @param name the name
     * @return {@code true} if it exists
     * @throws IllegalArgumentException if the name is invalid
     */
    public boolean hasInstance(String name) {
        return Files.isDirectory(instancesDir().resolve(Names.instanceName(name)));
    }

    Path instancesDir() {
        return root.resolve("instances");
    }

    /**
     * Reads the ring buffer's sub-buffer layout ({@code events/header_page}).
     *
     * @return the layout
     * @throws dev.jtrace.core.MalformedDataException if the kernel's text does not parse
     */
    public HeaderPage headerPage() {
        Path file = root.resolve("events/header_page");
        return HeaderPage.parse(Control.read(file), file.toString());
    }

    /**
     * Loads every event format (about 2,300 on a typical kernel; takes a moment).
     *
     * @return the formats, by id
     */
    public EventFormats loadFormats() {
        return EventFormats.load(root.resolve("events"));
    }

    /**
     * Returns the dynamic events facet (uprobes, kprobes, eprobes, synthetic events), in this
     * process's group {@code jtrace_<pid>}.
     *
     * @return the facet
     */
    public DynamicEvents dynamicEvents() {
        return new DynamicEvents(this);
    }

    /**
     * Returns the reaper, which finds and removes what dead jtrace processes left behind.
     *
     * @return the reaper
     */
    public Reaper reaper() {
        return new Reaper(this);
    }

    /**
     * Returns the entries of the top-level {@code error_log}, which every user shares.
     *
     * @return the entries, oldest first
     */
    public List<ErrorLogEntry> errorLog() {
        return Control.entries(root.resolve("error_log"));
    }

    @Override
    public String toString() {
        return "tracefs at " + root;
    }
}
