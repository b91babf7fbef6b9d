package dev.jtrace.traceevent;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RenderOracleCompareTest {
    private static final String TRACE = """
            # tracer: nop
            #
            # entries-in-buffer/entries-written: 5/5   #P:2
            #
            #                                _-----=> irqs-off/BH-disabled
            #           TASK-PID     CPU#  |||||  TIMESTAMP  FUNCTION
            #              | |         |   |||||     |         |
                       <idle>-0       [001] d..2.   100.000001: sched_switch: prev_comm=swapper/1
                 kworker/0:1H-kb-77   [000] .....   100.000002: workqueue_execute_start: work struct 0x1
                         java-1234    [001] .....   100.000003: tracing_mark_write: two lines: one
            and two
                         java-1234    [000] .....   100.000004: sys_openat(dfd: 0xffffff9c)
            CPU:1 [LOST 12 EVENTS]
                 a-1 [001] x-1 [000] .....   100.000005: tracing_mark_write: tricky comm
            """;

    @Test
    void shouldGroupRecordLinesByCpuInFileOrderAndJoinContinuationLines() {
        RenderOracleCompare.KernelText text = RenderOracleCompare.parseTrace(TRACE);

        assertThat(text.linesByCpu().keySet()).containsExactly(0, 1);
        assertThat(text.linesByCpu().get(0)).containsExactly(
                "     kworker/0:1H-kb-77   [000] .....   100.000002: workqueue_execute_start: work struct 0x1",
                "             java-1234    [000] .....   100.000004: sys_openat(dfd: 0xffffff9c)",
                // The comm "a-1 [001] x" looks like a line start, but no timestamp follows it.
                "     a-1 [001] x-1 [000] .....   100.000005: tracing_mark_write: tricky comm");
        assertThat(text.linesByCpu().get(1)).containsExactly(
                "           <idle>-0       [001] d..2.   100.000001: sched_switch: prev_comm=swapper/1",
                "             java-1234    [001] .....   100.000003: tracing_mark_write: two lines: one\nand two");
        assertThat(text.lost()).containsExactly("CPU:1 [LOST 12 EVENTS]");
        assertThat(text.orphans()).isEmpty();
        assertThat(text.entriesInBuffer()).isEqualTo(5);
        assertThat(text.entriesWritten()).isEqualTo(5);
        assertThat(text.lineCount()).isEqualTo(5);
    }

    @Test
    void shouldReadPidCpuAndTimestampOffAKernelLine() {
        assertThat(RenderOracleCompare.lineKey(
                "     kworker/0:1H-kb-77   [000] .....   100.000002: workqueue_execute_start: x"))
                .isEqualTo("pid=77 cpu=0 ts=100.000002");
        assertThat(RenderOracleCompare.lineKey("          <...>-5 (    -----) [003] ..... 1234567: print: counter"))
                .isEqualTo("pid=5 cpu=3 ts=1234567");
        assertThat(RenderOracleCompare.lineKey("not a record")).isEqualTo("?");
    }

    @Test
    void shouldKeepLinesBeforeAnyRecordAsOrphans() {
        RenderOracleCompare.KernelText text = RenderOracleCompare.parseTrace("garbage\n#comment\n");

        assertThat(text.orphans()).containsExactly("garbage");
        assertThat(text.linesByCpu()).isEmpty();
        assertThat(text.entriesInBuffer()).isEqualTo(-1);
    }

    @Test
    void shouldUnescapePrintkFormatsTheWayTheKernelEscapesThem() {
        Map<Long, String> map = RenderOracleInputs.parsePrintkFormats("""
                0xffffffff8281942f : "thaw_processes"
                0xffffffffc0a00010 : "%s: \\"quoted\\"\\tand a newline\\n"
                0xffffffffc0a00020 : "a \\\\ backslash stays"
                not a format line
                """);

        assertThat(map).containsOnlyKeys(0xffffffff8281942fL, 0xffffffffc0a00010L, 0xffffffffc0a00020L);
        assertThat(map.get(0xffffffffc0a00010L)).isEqualTo("%s: \"quoted\"\tand a newline\n");
        assertThat(map.get(0xffffffffc0a00020L)).isEqualTo("a \\\\ backslash stays");
    }

    @Test
    void shouldPrintNanosecondTimestampsRoundedToMicrosecondsAsTheKernelDoes() {
        assertThat(key(100_000_001_499L, true)).isEqualTo("pid=4321 cpu=1 ts=100.000001");
        assertThat(key(100_000_001_500L, true)).isEqualTo("pid=4321 cpu=1 ts=100.000002");
        assertThat(key(999_999_500L, true)).isEqualTo("pid=4321 cpu=1 ts=1.000000");
        assertThat(key(1234567L, false)).isEqualTo("pid=4321 cpu=1 ts=1234567");
        assertThat(RenderOracleCompare.isNanosecondClock("local")).isTrue();
        assertThat(RenderOracleCompare.isNanosecondClock("counter")).isFalse();
    }

    private static String key(long timestamp, boolean nanoseconds) {
        MemorySegment payload = MemorySegment.ofArray(new byte[8]);
        payload.set(ValueLayout.JAVA_INT_UNALIGNED, CommonFields.PID_OFFSET, 4321);
        EventRecord record = new EventRecord().wrap(payload, 0, 8, timestamp, 1, "test");
        return RenderOracleCompare.key(record, nanoseconds, new StringBuilder());
    }
}
