package dev.jtrace.tracefs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Buffer sizes the kernel would misread are refused before anything is written. Linux 6.18 takes
 * {@code 18014398509481983} KiB in {@code buffer_size_kb} without an error and, its byte count
 * having overflowed, makes the buffer 7 KiB; jtrace must never send such a size. Runs against a
 * stand-in tracefs of regular files, so a write that got through would show in the file.
 */
class BufferSizeLimitsTest {
    @TempDir
    Path root;
    private Path dir;
    private Tracefs tracefs;

    @BeforeEach
    void fakeTracefs() throws IOException {
        dir = StandInTracefs.create(root, "fake");
        Files.writeString(dir.resolve("buffer_size_kb"), "1410\n");
        tracefs = Tracefs.at(root);
    }

    @Test
    void shouldRefuseASizeWhoseByteCountOverflowsWithoutWriting() throws IOException {
        try (TraceInstance handle = tracefs.openInstance("fake")) {
            assertThatThrownBy(() -> handle.buffer().setSizeKb(18014398509481983L))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("a buffer size of 18014398509481983 KiB overflows the kernel's byte count (at most "
                            + (Long.MAX_VALUE >> 10) + " KiB)");
            assertThatThrownBy(() -> handle.buffer().setSizeKb(0))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("a buffer size must be at least 1 KiB, not 0");
            assertThat(Files.readString(dir.resolve("buffer_size_kb"))).as("nothing written").isEqualTo("1410\n");
            handle.buffer().setSizeKb(BufferSettings.MAX_SIZE_KB);   // the largest accepted size is written
            assertThat(Files.readString(dir.resolve("buffer_size_kb"))).startsWith(Long.toString(Long.MAX_VALUE >> 10));
        }
    }
}
