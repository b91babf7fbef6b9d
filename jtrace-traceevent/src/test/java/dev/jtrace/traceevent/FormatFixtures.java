package dev.jtrace.traceevent;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** The captured format files under src/test/resources/formats (see the README there). */
final class FormatFixtures {
    static final Path DIR = Path.of("src/test/resources/formats");

    private FormatFixtures() {
    }

    static Path file(String system, String event) {
        return DIR.resolve(system).resolve(event).resolve("format");
    }

    static String text(String system, String event) {
        try {
            return Files.readString(file(system, event), StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static EventFormat parse(String system, String event) {
        return FormatParser.parse(system, text(system, event), file(system, event).toString());
    }

    /** Every captured format file, as system/event/format paths. */
    static List<Path> all() {
        try (Stream<Path> files = Files.walk(DIR)) {
            List<Path> out = new ArrayList<>(files.filter(p -> p.getFileName().toString().equals("format")).toList());
            out.sort(null);
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
