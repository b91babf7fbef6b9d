package dev.jtrace.tracefs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A stand-in tracefs of regular files, for what the kernel here refuses or must never be sent:
 * the least {@link Tracefs#at} accepts (a {@code tracing_on} and {@code events/}) and one instance
 * with tracing on. A write to a regular file lands at offset 0 and replaces only as many bytes as
 * it has, where the kernel would parse it as one command; tests read the files accordingly.
 */
final class StandInTracefs {
    private StandInTracefs() {
    }

    /**
     * Lays out the tree under {@code root}.
     *
     * @return the instance's directory, {@code root/instances/<instance>}
     */
    static Path create(Path root, String instance) throws IOException {
        Files.createDirectories(root.resolve("events"));
        Files.writeString(root.resolve("tracing_on"), "0\n");
        Path dir = Files.createDirectories(root.resolve("instances").resolve(instance));
        Files.createDirectories(dir.resolve("events"));
        Files.writeString(dir.resolve("tracing_on"), "1\n");
        return dir;
    }
}
