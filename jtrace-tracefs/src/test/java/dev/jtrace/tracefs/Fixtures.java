package dev.jtrace.tracefs;

import dev.jtrace.traceevent.EventFormat;
import dev.jtrace.traceevent.FormatParser;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Reads the captured kernel texts under {@code src/test/resources/kernel} (see its README). */
final class Fixtures {
    private Fixtures() {
    }

    static String text(String name) {
        try (InputStream in = Fixtures.class.getResourceAsStream("/kernel/" + name)) {
            if (in == null) {
                throw new IllegalStateException("no fixture kernel/" + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static EventFormat format(String system, String event) {
        String path = "formats/" + system + "/" + event + "/format";
        return FormatParser.parse(system, text(path), path);
    }
}
