package dev.jtrace.samples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jtrace.core.CpuSet;
import dev.jtrace.core.KernelFacility;
import dev.jtrace.core.TracefsMount;
import dev.jtrace.core.testing.RequiresKernel;
import dev.jtrace.traceevent.CommTable;
import dev.jtrace.traceevent.EventFormat;
import dev.jtrace.traceevent.EventFormats;
import dev.jtrace.traceevent.EventRecord;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@link TopSummary} over records laid out by this kernel's own sched_switch and sys_enter formats. */
@RequiresKernel(KernelFacility.TRACEFS_MOUNTED)
class TopSummaryTest {
    private static EventFormats formats;
    private static EventFormat sw;
    private static EventFormat sysEnter;

    @BeforeAll
    static void loadFormats() {
        formats = EventFormats.load(TracefsMount.mountIfAbsent().resolve("events"));
        sw = formats.find("sched", "sched_switch");
        sysEnter = formats.find("raw_syscalls", "sys_enter");
    }

    private static EventRecord record(EventFormat format, int commonPid) {
        MemorySegment payload = MemorySegment.ofArray(new byte[256]);
        payload.set(ValueLayout.JAVA_SHORT_UNALIGNED, 0, (short) format.id());
        payload.set(ValueLayout.JAVA_INT_UNALIGNED, 4, commonPid);
        return new EventRecord().wrap(payload, 0, 256, 1, 0, "test");
    }

    private static EventRecord switchRecord(int prevPid, String prevComm, int nextPid, String nextComm) {
        EventRecord r = record(sw, prevPid);
        MemorySegment p = r.segment();
        p.set(ValueLayout.JAVA_INT_UNALIGNED, sw.field("prev_pid").offset(), prevPid);
        p.set(ValueLayout.JAVA_INT_UNALIGNED, sw.field("next_pid").offset(), nextPid);
        MemorySegment.copy(MemorySegment.ofArray(prevComm.getBytes(StandardCharsets.UTF_8)), 0, p,
                sw.field("prev_comm").offset(), prevComm.length());
        MemorySegment.copy(MemorySegment.ofArray(nextComm.getBytes(StandardCharsets.UTF_8)), 0, p,
                sw.field("next_comm").offset(), nextComm.length());
        return r;
    }

    @Test
    void shouldCountSwitchesBySwitchedOutPidAndSyscallsByCallerWithNamesFromTheSwitchEvents() {
        TopSummary top = new TopSummary(formats);
        for (int i = 0; i < 3; i++) {
            top.accept(switchRecord(101, "alpha", 202, "beta"));
        }
        top.accept(switchRecord(202, "beta", 0, "swapper/0"));
        for (int i = 0; i < 5; i++) {
            top.accept(record(sysEnter, 202));
        }
        top.accept(record(sysEnter, 303));

        assertThat(top.events()).isEqualTo(10);
        assertThat(top.count(sw.id())).isEqualTo(4);
        assertThat(top.count(sysEnter.id())).isEqualTo(6);
        assertThat(top.switchesOf(101)).isEqualTo(3);
        assertThat(top.switchesOf(202)).isEqualTo(1);
        assertThat(top.syscallsOf(202)).isEqualTo(5);
        assertThat(top.syscallsOf(101)).isZero();

        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        top.print(new PrintStream(bytes, true, StandardCharsets.UTF_8), 2.0, CpuSet.of(0, 1), new long[] {0, 7},
                CommTable.parse("303 gamma\n", ""), 10);
        String text = bytes.toString(StandardCharsets.UTF_8);
        assertThat(text).startsWith("10 events in 2.0 s (5/s), 7 lost\n");
        assertThat(text).containsSubsequence(
                "           6  raw_syscalls:sys_enter", "           4  sched:sched_switch",
                "Top processes by context switches", "           3      101  alpha",
                "           1      202  beta",
                "Top processes by system calls:", "           5      202  beta", "           1      303  gamma",
                "Lost events per CPU:\n        LOST  CPU\n           0  0\n           7  1\n");
    }

    @Test
    void shouldSayNoneSeenForAnEmptyTable() {
        TopSummary top = new TopSummary(formats);
        top.accept(record(sysEnter, 9));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        top.print(new PrintStream(bytes, true, StandardCharsets.UTF_8), 1.0, CpuSet.of(0), new long[] {0},
                CommTable.empty(), 5);
        assertThat(bytes.toString(StandardCharsets.UTF_8))
                .contains("Top processes by context switches (times switched out):\n  (none seen)")
                .contains("           1        9  <...>");
    }
}
