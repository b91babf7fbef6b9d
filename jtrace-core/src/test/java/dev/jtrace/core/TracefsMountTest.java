package dev.jtrace.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TracefsMountTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "/sys/kernel/tracing|/sys/kernel/tracing",
        "/mnt/with\\040space|/mnt/with space",
        "/a\\134b|/a\\b",
        "/tab\\011x|/tab\tx",
        "/short\\04|/short\\04",
        "/not\\999octal|/not\\999octal",
    })
    void shouldUnescapeProcMountsFields(String field, String path) {
        assertThat(TracefsMount.unescape(field)).isEqualTo(path);
    }

    @Test
    void shouldPreferTheTracefsMountAtTheDefaultPathOverOthers() {
        List<String> mounts = List.of(
                "proc /proc proc rw,nosuid,nodev,noexec,relatime 0 0",
                "nodev /mnt/other\\040tracing tracefs rw,relatime 0 0",
                "tracefs /sys/kernel/tracing tracefs rw,nosuid,nodev,noexec,relatime 0 0",
                "nodev /third tracefs rw 0 0");
        assertThat(TracefsMount.find(mounts)).contains(Path.of("/sys/kernel/tracing"));
    }

    @Test
    void shouldTakeTheFirstTracefsMountWhenNoneIsAtTheDefaultPath() {
        List<String> mounts = List.of("debugfs /sys/kernel/debug debugfs rw 0 0",
                "nodev /mnt/with\\040space tracefs rw 0 0", "nodev /second tracefs rw 0 0");
        assertThat(TracefsMount.find(mounts)).contains(Path.of("/mnt/with space"));
    }

    @Test
    void shouldFallBackToTheTracingDirectoryOfDebugfsOnlyWhereItHasEvents(@TempDir Path debugfs) throws IOException {
        List<String> mounts = List.of("sysfs /sys sysfs rw 0 0", "debugfs " + debugfs + " debugfs rw 0 0", "");
        assertThat(TracefsMount.find(mounts)).as("debugfs without tracing/events").isEmpty();
        Files.createDirectories(debugfs.resolve("tracing/events"));
        assertThat(TracefsMount.find(mounts)).contains(debugfs.resolve("tracing"));
    }

    @Test
    void shouldFindNothingWithoutTracefsOrDebugfsAndSkipShortLines() {
        assertThat(TracefsMount.find(List.of("garbage", "a b", "proc /proc proc rw 0 0"))).isEmpty();
        assertThat(TracefsMount.find(List.of())).isEmpty();
    }
}
