package dev.jtrace.tracefs;

import dev.jtrace.core.JtraceException;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Directory listings of tracefs, with a jtrace exception instead of an IOException. */
final class Listing {
    private Listing() {
    }

    /**
     * Lists the entry names of a directory.
     *
     * @param dir the directory
     * @param directoriesOnly keep only subdirectories
     * @return the names, in directory order; empty if the directory does not exist
     */
    static List<String> names(Path dir, boolean directoriesOnly) {
        List<String> names = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return names;
        }
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir)) {
            for (Path p : stream) {
                if (!directoriesOnly || Files.isDirectory(p)) {
                    names.add(p.getFileName().toString());
                }
            }
        } catch (IOException e) {
            throw new JtraceException("cannot list " + dir + ": " + e, e);
        }
        return names;
    }
}
