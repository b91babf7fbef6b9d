package dev.jtrace.tracefs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tracer and function-filter changes of an opened handle are undone by {@code close()}. The
 * kernel of these machines refuses the function tracer and its filter files (EPERM), so this runs
 * against a stand-in tracefs of regular files in a temporary directory, written through jtrace's
 * own native write path.
 *
 * <p>A regular file is not a tracefs control file: a write lands at offset 0 and replaces only as
 * many bytes as it has, where the kernel would parse it as one command. List files are written
 * with {@code O_TRUNC}, so they hold exactly the last command; {@code current_tracer} is written
 * without it (as on tracefs), so the tracer tests go from a longer name to a shorter one and check
 * the restoring write, which covers the whole file again. {@link #words} reads a file the way the
 * kernel would take the command in it.
 */
class TracersUndoTest {
    private static final String INSTANCE = "fake";

    @TempDir
    Path root;
    private Path dir;
    private Tracefs tracefs;

    @BeforeEach
    void fakeTracefs() throws IOException {
        dir = StandInTracefs.create(root, INSTANCE);
        Files.writeString(dir.resolve("available_tracers"), "blk function nop\n");
        Files.writeString(dir.resolve("current_tracer"), "function\n");
        Files.writeString(dir.resolve("set_ftrace_filter"), "vfs_read\nvfs_write\n");
        Files.writeString(dir.resolve("set_ftrace_notrace"), "#### no functions disabled ####\n");
        Files.writeString(dir.resolve("set_ftrace_pid"), "42\n");
        tracefs = Tracefs.at(root);
    }

    @Test
    void shouldPutTheTracerBackOnClose() throws IOException {
        try (TraceInstance handle = tracefs.openInstance(INSTANCE)) {
            assertThat(handle.tracers().current()).isEqualTo("function");
            handle.tracers().set("nop");
            assertThat(raw("current_tracer")).as("the command written").startsWith("nop");
        }
        assertThat(raw("current_tracer")).isEqualTo("function\n");
        assertThat(Files.exists(dir)).as("an opened instance is not removed").isTrue();
    }

    @Test
    void shouldRestoreANonEmptyFunctionFilterAsItWasBeforeTheFirstChange() throws IOException {
        try (TraceInstance handle = tracefs.openInstance(INSTANCE)) {
            Tracers tracers = handle.tracers();
            assertThat(tracers.functionFilter()).containsExactly("vfs_read", "vfs_write");
            tracers.setFunctionFilter(List.of("do_sys_open"));
            assertThat(words("set_ftrace_filter")).containsExactly("do_sys_open");
            tracers.setFunctionFilter(List.of("ksys_read", "ksys_write"));
            assertThat(words("set_ftrace_filter")).containsExactly("ksys_read", "ksys_write");
        }
        assertThat(words("set_ftrace_filter")).containsExactly("vfs_read", "vfs_write");
    }

    @Test
    void shouldClearANotraceListThatWasEmptyAndRestoreFunctionPids() throws IOException {
        try (TraceInstance handle = tracefs.openInstance(INSTANCE)) {
            Tracers tracers = handle.tracers();
            assertThat(tracers.functionNotrace()).isEmpty();
            assertThat(tracers.functionPids()).containsExactly(42);
            tracers.setFunctionNotrace(List.of("schedule", "rcu_*"));
            tracers.setFunctionPids(List.of(7, 8));
            assertThat(words("set_ftrace_notrace")).containsExactly("schedule", "rcu_*");
            assertThat(words("set_ftrace_pid")).containsExactly("7", "8");
            tracers.setFunctionPids(List.of());
            assertThat(words("set_ftrace_pid")).isEmpty();
        }
        assertThat(raw("set_ftrace_notrace")).as("opened with O_TRUNC and nothing written: cleared").isEmpty();
        assertThat(words("set_ftrace_pid")).containsExactly("42");
    }

    @Test
    void shouldUndoEveryChangeOfOneHandleNewestFirstAndLeaveUntouchedFilesAlone() throws IOException {
        try (TraceInstance handle = tracefs.openInstance(INSTANCE)) {
            handle.tracers().setFunctionFilter(List.of("do_sys_open"));
            handle.tracers().set("nop");
            handle.tracers().setFunctionPids(List.of(1));
        }
        assertThat(raw("current_tracer")).isEqualTo("function\n");
        assertThat(words("set_ftrace_filter")).containsExactly("vfs_read", "vfs_write");
        assertThat(words("set_ftrace_pid")).containsExactly("42");
        assertThat(raw("set_ftrace_notrace")).as("never changed, never written")
                .isEqualTo("#### no functions disabled ####\n");
    }

    private String raw(String file) throws IOException {
        return Files.readString(dir.resolve(file), StandardCharsets.UTF_8);
    }

    /** The words of a list file, as the kernel would take the command written to it. */
    private List<String> words(String file) throws IOException {
        return Arrays.stream(raw(file).strip().split("\\s+")).filter(w -> !w.isEmpty()).toList();
    }
}
