package dev.jtrace.tracefs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;

/** Finds the files this JVM has mapped, from {@code /proc/self/maps}. */
final class MappedLibraries {
    private static final Pattern LIBC = Pattern.compile(".*/libc(\\.so\\.6|-[0-9.]+\\.so)$");

    private MappedLibraries() {
    }

    /**
     * Returns the C library the JVM actually maps (the one whose getpid LibC calls).
     *
     * @return its absolute path
     * @throws IOException if /proc/self/maps cannot be read
     */
    static Path libc() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/maps"))) {
            // address perms offset dev inode path
            String[] f = line.trim().split("\\s+", 6);
            if (f.length == 6 && f[1].contains("x") && LIBC.matcher(f[5]).matches()) {
                return Path.of(f[5]);
            }
        }
        throw new IllegalStateException("no executable mapping of libc in /proc/self/maps");
    }
}
