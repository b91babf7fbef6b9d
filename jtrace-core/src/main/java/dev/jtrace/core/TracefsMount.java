package dev.jtrace.core;

import dev.jtrace.core.internal.LibC;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Finds where tracefs is mounted, and mounts it when the process may.
 *
 * <p>Looks in {@code /proc/mounts} for a {@code tracefs} mount (preferring
 * {@code /sys/kernel/tracing}), then for tracefs under a debugfs mount
 * ({@code /sys/kernel/debug/tracing}).
 */
public final class TracefsMount {
    /** Where tracefs is mounted by convention since Linux 4.1. */
    public static final Path DEFAULT_PATH = Path.of("/sys/kernel/tracing");
    private static final Path PROC_MOUNTS = Path.of("/proc/mounts");
    private static final int CAP_SYS_ADMIN = 21;

    private TracefsMount() {
    }

    /**
     * Returns the tracefs mount point, if tracefs is mounted.
     *
     * @return the directory holding {@code trace}, {@code events/}, {@code instances/}, or empty
     */
    public static Optional<Path> find() {
        return find(readLatin1Lines(PROC_MOUNTS));
    }

    /**
     * Picks the tracefs directory from the lines of {@code /proc/mounts}: a tracefs mount (the one
     * at {@link #DEFAULT_PATH} when there are several), else {@code tracing/} of a debugfs mount
     * whose {@code tracing/events} exists (kernels before 4.1, or tracefs reached only that way).
     */
    static Optional<Path> find(List<String> mounts) {
        Path tracefs = null;
        Path debugfs = null;
        for (String line : mounts) {
            String[] f = line.split(" ");
            if (f.length < 3) {
                continue;
            }
            Path mountPoint = Path.of(fromKernelBytes(unescape(f[1])));
            if (f[2].equals("tracefs") && (tracefs == null || mountPoint.equals(DEFAULT_PATH))) {
                tracefs = mountPoint;
            } else if (f[2].equals("debugfs") && debugfs == null) {
                debugfs = mountPoint;
            }
        }
        if (tracefs != null) {
            return Optional.of(tracefs);
        }
        if (debugfs != null && Files.isDirectory(debugfs.resolve("tracing/events"))) {
            return Optional.of(debugfs.resolve("tracing"));
        }
        return Optional.empty();
    }

    /**
     * Reads a /proc file byte for byte: mount points may hold bytes that are not UTF-8, and one such
     * line must not hide the others.
     */
    private static List<String> readLatin1Lines(Path file) {
        try {
            return List.of(new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1).split("\n"));
        } catch (IOException e) {
            return List.of();
        }
    }

    /** Turns a Latin-1 view of kernel bytes into a path string in the platform file encoding. */
    private static String fromKernelBytes(String latin1) {
        byte[] bytes = latin1.getBytes(StandardCharsets.ISO_8859_1);
        return new String(bytes, Charset.forName(System.getProperty("sun.jnu.encoding", "UTF-8")));
    }

    /** /proc/mounts escapes space, tab, newline and backslash as 3-digit octal. */
    static String unescape(String field) {
        if (field.indexOf('\\') < 0) {
            return field;
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < field.length(); i++) {
            char c = field.charAt(i);
            if (c == '\\' && i + 3 < field.length()
                    && isOctal(field.charAt(i + 1)) && isOctal(field.charAt(i + 2)) && isOctal(field.charAt(i + 3))) {
                sb.append((char) Integer.parseInt(field.substring(i + 1, i + 4), 8));
                i += 3;
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    private static boolean isOctal(char c) {
        return c >= '0' && c <= '7';
    }

    /**
     * Returns the tracefs mount point, mounting tracefs at {@link #DEFAULT_PATH} first if it is not
     * mounted and this process has CAP_SYS_ADMIN.
     *
     * @return the mount point
     * @throws FacilityUnavailableException if tracefs is not mounted and cannot be mounted, saying
     *     what would work
     */
    public static Path mountIfAbsent() {
        Optional<Path> found = find();
        if (found.isPresent()) {
            return found.get();
        }
        if (!kernelHasTracefs()) {
            throw new FacilityUnavailableException("tracefs",
                    "this kernel has no tracefs file system (/proc/filesystems); it needs CONFIG_TRACING");
        }
        if (!hasCapSysAdmin()) {
            throw new FacilityUnavailableException("tracefs", "tracefs is not mounted and this process may not "
                    + "mount it; as root run: mount -t tracefs nodev " + DEFAULT_PATH
                    + " (add -o gid=GROUP,mode=0750 to let a group use it without root)");
        }
        try {
            LibC.mount("nodev", DEFAULT_PATH.toString(), "tracefs", 0, "");
        } catch (KernelCallException e) {
            throw new FacilityUnavailableException("tracefs", "mounting it at " + DEFAULT_PATH + " failed: "
                    + e.getMessage(), e);
        }
        Facilities.refresh();
        return DEFAULT_PATH;
    }

    /**
     * Tells whether the kernel has the tracefs file system type.
     *
     * @return {@code true} if {@code /proc/filesystems} lists tracefs
     */
    public static boolean kernelHasTracefs() {
        for (String line : readLatin1Lines(Path.of("/proc/filesystems"))) {
            if (line.endsWith("\ttracefs")) {
                return true;
            }
        }
        return false;
    }

    /**
     * Tells whether this process has CAP_SYS_ADMIN in its effective set (needed to mount).
     *
     * @return {@code true} if it has
     */
    public static boolean hasCapSysAdmin() {
        for (String line : readLatin1Lines(Path.of("/proc/self/status"))) {
            if (line.startsWith("CapEff:")) {
                try {
                    long caps = Long.parseUnsignedLong(line.substring(7).strip(), 16);
                    return (caps & (1L << CAP_SYS_ADMIN)) != 0;
                } catch (NumberFormatException e) {
                    return false;
                }
            }
        }
        return false;
    }
}
