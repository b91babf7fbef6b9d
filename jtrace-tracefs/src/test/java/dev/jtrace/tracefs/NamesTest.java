package dev.jtrace.tracefs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jtrace.tracefs.internal.Glob;
import dev.jtrace.tracefs.internal.Names;
import dev.jtrace.tracefs.internal.Utf8;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Name rules, owner patterns for the reaper, globs and the allocation-free UTF-8 encoder. */
class NamesTest {

    @ParameterizedTest
    @CsvSource({"jtrace-1234-1, 1234", "jtrace-1234-17, 1234", "jtrace-probe-99-3, 99", "jtrace-test-77-events-4, 77",
        "jtrace-test-77-x, 77", "jtrace-1234-abc, -1", "jtrace-0-1, -1", "jtrace--1, -1", "jtrace-12a-1, -1",
        "myjtrace-1-1, -1", "jtrace-1234, -1", "foo, -1", "jtrace-probe-x-1, -1", "jtrace-99999999999-1, -1"})
    void shouldTellTheOwnerOnlyOfJtracesInstanceNamePatterns(String name, long pid) {
        assertThat(Names.ownerOfInstance(name)).isEqualTo(pid);
    }

    @ParameterizedTest
    @CsvSource({"jtrace_42, getpid, 42", "synthetic, jtrace_42_lat, 42", "synthetic, lat, -1", "uprobes, jtrace_42, -1",
        "jtrace_, x, -1", "jtrace_42x, x, -1", "jtrace_042, x, -1"})
    void shouldTellTheOwnerOnlyOfJtracesProbeGroups(String group, String event, long pid) {
        assertThat(Names.ownerOfDynamicEvent(group, event)).isEqualTo(pid);
    }

    @Test
    void shouldAcceptOrdinaryNamesAndExplainRefusals() {
        assertThat(Names.instanceName("my-trace_1.2")).isEqualTo("my-trace_1.2");
        assertThat(Names.instanceName("ü".repeat(32))).hasSize(32);
        assertThatThrownBy(() -> Names.instanceName("ü".repeat(33))).hasMessageContaining("66 bytes");
        assertThatThrownBy(() -> Names.instanceName("a\nb")).hasMessageContaining("U+000A at index 1")
                .hasMessageContaining("'a\\u000ab'");
        assertThat(Names.identifier("_a1", "x")).isEqualTo("_a1");
        assertThatThrownBy(() -> Names.identifier("1a", "event name")).hasMessageContaining("'1' at index 0");
        assertThatThrownBy(() -> Names.token("a b", "fetch")).hasMessageContaining("must not contain ' '");
        assertThat(Names.commandText("a b", "filter")).isEqualTo("a b");
        assertThat(Names.groupOf(7)).isEqualTo("jtrace_7");
    }

    @ParameterizedTest
    @CsvSource({"*, anything, true", "sched_*, sched_switch, true", "sched_*, sys_enter, false", "*wak*, sched_waking, true",
        "sys_?nter_*, sys_enter_read, true", "[a-c]x, bx, true", "[!a-c]x, bx, false", "[^a-c]x, dx, true", "a[, a[, true",
        "*_*_*, a_b_c, true", "*_*_*, a_b, false", "abc, abcd, false", "'', '', true", "*, '', true", "[]]x, ]x, true"})
    void shouldMatchGlobsAsTheKernelDoes(String pattern, String text, boolean matches) {
        assertThat(Glob.matches(pattern, text)).isEqualTo(matches);
    }

    @Test
    void shouldEncodeUtf8ExactlyAsTheJdkDoes() {
        SplittableRandom random = new SplittableRandom(7);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(1024);
            for (int i = 0; i < 5_000; i++) {
                StringBuilder sb = new StringBuilder();
                int n = random.nextInt(60);
                for (int j = 0; j < n; j++) {
                    int kind = random.nextInt(5);
                    sb.append(switch (kind) {
                        case 0 -> (char) random.nextInt(0x80);
                        case 1 -> (char) (0x80 + random.nextInt(0x780));
                        case 2 -> (char) (0x800 + random.nextInt(0xd000));
                        case 3 -> (char) (0xd800 + random.nextInt(0x800)); // lone or paired surrogates
                        default -> new String(Character.toChars(0x10000 + random.nextInt(0xfffff)));
                    });
                }
                String s = sb.toString();
                byte[] expected = s.getBytes(StandardCharsets.UTF_8);
                long end = Utf8.encode(s, out, 0);
                assertThat(end).isEqualTo(expected.length);
                assertThat(out.asSlice(0, end).toArray(ValueLayout.JAVA_BYTE)).isEqualTo(expected);
            }
            assertThat(Utf8.encode("abc", out.asSlice(0, 2), 0)).isEqualTo(-1);
            assertThat(Utf8.encode("\u20ac", out.asSlice(0, 2), 0)).isEqualTo(-1);
        }
    }
}
