package dev.jtrace.traceevent;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Regenerates the captured fixtures under {@code src/test/resources/pages/} from the running
 * kernel. Not a test: run it by hand, as root, from the module directory (see the README there).
 */
public final class CapturePageFixtures {
    private CapturePageFixtures() {
    }

    /**
     * Captures every data set.
     *
     * @param args ignored
     * @throws Exception if the capture fails
     */
    public static void main(String[] args) throws Exception {
        Path root = Path.of("src/test/resources/pages");
        for (String name : new String[] {"subbuf4k", "subbuf8k", "overwritten"}) {
            Path dir = root.resolve(name);
            if (Files.exists(dir)) {
                try (Stream<Path> files = Files.walk(dir)) {
                    for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                        Files.delete(p);
                    }
                }
            }
            try (PageCapture capture = PageCapture.create(name)) {
                switch (name) {
                    case "subbuf8k" -> capture.set("buffer_subbuf_size_kb", "8");
                    case "overwritten" -> capture.set("buffer_size_kb", "8");
                    default -> {
                    }
                }
                capture.set("tracing_on", "1");
                capture.writeMarkers(name.equals("overwritten") ? 250 : 200, name.hashCode());
                if (!name.equals("overwritten")) {
                    capture.writePinnedPairWithPause("before-pause", "after-pause");
                }
                capture.captureTo(dir);
            }
        }
    }
}
