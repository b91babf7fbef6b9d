package dev.jtrace.traceevent;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * Edge cases of the tracer entries' printers, on records built in memory against the 6.18 format
 * files (formats/ftrace). The expected texts follow the kernel's printf formats in
 * trace_output.c, trace_mmiotrace.c, trace_branch.c and trace_functions_graph.c; the oracle test
 * (TracerOracleTest) checks the common cases against a real kernel's output.
 */
class TracerEntryRenderTest {
    private static final long TS = 2_639_702_444_123L;
    private final Arena arena = Arena.ofAuto();

    private EventRecord record(EventFormat format, int size, int pid, Consumer<MemorySegment> fill) {
        return record(format, size, pid, TS, fill);
    }

    private EventRecord record(EventFormat format, int size, int pid, long ts, Consumer<MemorySegment> fill) {
        MemorySegment payload = arena.allocate(size);
        payload.set(ValueLayout.JAVA_SHORT_UNALIGNED, 0, (short) format.id());
        payload.set(ValueLayout.JAVA_INT_UNALIGNED, 4, pid);
        fill.accept(payload);
        return new EventRecord().wrap(payload, 0, size, ts, 0, "test");
    }

    private static EventFormat ftrace(String name) {
        return FormatFixtures.parse("ftrace", name);
    }

    private static RenderContext context(String symbols, String clock) {
        return new RenderContext(KernelSymbols.parse(symbols), Map.of(),
                CommTable.parse("42 worker\n1234 a-very-long-name\n", ""), clock, false);
    }

    private static String info(EventRenderer renderer, EventRecord r) {
        StringBuilder sb = new StringBuilder();
        renderer.appendInfo(r, sb);
        return sb.toString();
    }

    private static void putLong(MemorySegment p, long offset, long value) {
        p.set(ValueLayout.JAVA_LONG_UNALIGNED, offset, value);
    }

    private static void putInt(MemorySegment p, long offset, int value) {
        p.set(ValueLayout.JAVA_INT_UNALIGNED, offset, value);
    }

    private static void putByte(MemorySegment p, long offset, int value) {
        p.set(ValueLayout.JAVA_BYTE, offset, (byte) value);
    }

    @Test
    void shouldRenderWakeupAndSwitchEntriesWithStateLettersAndTheNextTaskName() {
        EventFormat ctx = ftrace("context_switch");
        EventFormat wake = ftrace("wakeup");
        EventRenderer r = new EventRenderer(EventFormats.of(List.of(ctx, wake)), context("", "local"));
        EventRecord sw = record(ctx, 24, 42, p -> {
            putInt(p, 8, 42);
            putInt(p, 12, 0);
            putInt(p, 16, 1);
            putByte(p, 20, 120);
            putByte(p, 21, 1); // S
            putByte(p, 22, 120);
            putByte(p, 23, 0); // R
        });
        assertThat(info(r, sw)).isEqualTo("      42:120:S ==> [001]       0:120:R <idle>");
        EventRecord wk = record(wake, 24, 42, p -> {
            putInt(p, 8, 1234);
            putInt(p, 12, 42);
            putInt(p, 16, 12);
            putByte(p, 20, 49);
            putByte(p, 21, 8); // I
            putByte(p, 22, 9); // past the table
            putByte(p, 23, 2); // D
        });
        assertThat(info(r, wk)).isEqualTo("    1234: 49:I   + [012]      42:  9:D worker");
        StringBuilder line = new StringBuilder();
        r.appendLine(wk, line);
        assertThat(line.toString()).isEqualTo("          worker-42      [000] .....  2639.702444:     1234: 49:I   + [012]"
                + "      42:  9:D worker");
    }

    @Test
    void shouldMarkAStateIndexOutsideTheKernelsTable() {
        EventFormat ctx = ftrace("context_switch");
        EventRenderer r = new EventRenderer(EventFormats.of(List.of(ctx)), context("", "local"));
        EventRecord sw = record(ctx, 24, 42, p -> {
            putInt(p, 12, 7);
            putByte(p, 21, 200);
            putByte(p, 23, 9);
        });
        assertThat(info(r, sw)).isEqualTo("       0:  0:? ==> [000]       7:  0:? <...>");
    }

    @Test
    void shouldRenderHwlatWithAndWithoutNmis() {
        EventFormat hwlat = ftrace("hwlat");
        EventRenderer r = new EventRenderer(EventFormats.of(List.of(hwlat)), context("", "local"));
        EventRecord plain = record(hwlat, 64, 9, p -> {
            putLong(p, 8, 13);
            putLong(p, 16, 120_000);
            putLong(p, 32, 1_700_000_000L);
            putLong(p, 40, 5_000_007);
            putInt(p, 52, 3);
            putInt(p, 56, 2);
        });
        assertThat(info(r, plain)).isEqualTo("#3     inner/outer(us):   13/120000 ts:1700000000.005000007 count:2");
        EventRecord nmi = record(hwlat, 64, 9, p -> {
            putLong(p, 8, 12345);
            putLong(p, 16, 7);
            putLong(p, 24, 999);
            putInt(p, 48, 4);
            putInt(p, 52, 123456);
            putInt(p, 56, -1);
        });
        assertThat(info(r, nmi)).isEqualTo(
                "#123456 inner/outer(us): 12345/7     ts:0.000000000 count:-1 nmi-total:999 nmi-count:4");
    }

    @Test
    void shouldComputeTheOsnoiseShareAsTheKernelsDoDiv() {
        EventFormat osnoise = ftrace("osnoise");
        EventRenderer r = new EventRenderer(EventFormats.of(List.of(osnoise)), context("", "local"));
        EventRecord half = record(osnoise, 56, 9, p -> {
            putLong(p, 8, 1000);
            putLong(p, 16, 1_000_000);
            putLong(p, 24, 600);
            putInt(p, 32, 1);
            putInt(p, 44, 123456);
        });
        // (1000000 - 1000) * 10^7 / 10^6 = 9990000 -> 99.90000
        assertThat(info(r, half)).isEqualTo("1000000       1000  99.90000     600      1      0      0 123456      0");
        // do_div divides by the runtime's low 32 bits: 2^32 + 10 divides by 10
        EventRecord wide = record(osnoise, 56, 9, p -> {
            putLong(p, 8, 5);
            putLong(p, 16, (1L << 32) + 10);
        });
        long ratio = Long.divideUnsigned(((1L << 32) + 5) * 10_000_000L, 10);
        assertThat(info(r, wide)).startsWith("4294967306          5 " + (ratio / 100_000) + "."
                + String.format("%05d", ratio % 100_000) + " ");
        // a zero divisor would fault the kernel: the record degrades to a field dump
        EventRecord zero = record(osnoise, 56, 9, p -> { });
        assertThat(info(r, zero)).startsWith("[jtrace: bad record: osnoise runtime 0 divides by zero]");
    }

    @Test
    void shouldNameTimerlatContexts() {
        EventFormat timerlat = ftrace("timerlat");
        EventRenderer r = new EventRenderer(EventFormats.of(List.of(timerlat)), context("", "local"));
        String[] expected = {"#7     context    irq timer_latency      1234 ns",
            "#7     context thread timer_latency      1234 ns", "#7     context user-ret timer_latency      1234 ns"};
        for (int c = 0; c < 3; c++) {
            int ctx = c;
            EventRecord e = record(timerlat, 24, 9, p -> {
                putInt(p, 8, 7);
                putInt(p, 12, ctx);
                putLong(p, 16, 1234);
            });
            assertThat(info(r, e)).isEqualTo(expected[c]);
        }
    }

    @Test
    void shouldPrintTheLastRepeatTimeOfFuncRepeatsInTheBuffersClock() {
        EventFormat repeats = ftrace("func_repeats");
        String symbols = "ffffffff81000000 T _stext\nffffffff81000100 T dput\nffffffff81000200 T path_put\n"
                + "ffffffff82000000 T _etext\n";
        Consumer<MemorySegment> fill = p -> {
            putLong(p, 8, 0xffffffff81000104L);
            putLong(p, 16, 0xffffffff81000210L);
            p.set(ValueLayout.JAVA_SHORT_UNALIGNED, 24, (short) 3);
            p.set(ValueLayout.JAVA_SHORT_UNALIGNED, 26, (short) 1);
            putInt(p, 28, 5);
        };
        EventRenderer local = new EventRenderer(EventFormats.of(List.of(repeats)), context(symbols, "local"));
        // delta = (1 << 32) + 5 ns before the entry's time stamp
        long last = TS - ((1L << 32) + 5);
        long usecs = (last + 500) / 1000;
        assertThat(info(local, record(repeats, 32, 9, fill))).isEqualTo(String.format(
                "dput <-path_put (repeats: 3, last_ts: %5d.%06d)", usecs / 1_000_000, usecs % 1_000_000));
        EventRenderer counter = new EventRenderer(EventFormats.of(List.of(repeats)), context(symbols, "counter"));
        assertThat(info(counter, record(repeats, 32, 9, 5_000_000_000L, fill)))
                .isEqualTo("dput <-path_put (repeats: 3, last_ts:    705032699)"); // 5e9 - (2^32 + 5)
    }

    @Test
    void shouldRenderBranchOutcomes() {
        EventFormat branch = ftrace("branch");
        EventRenderer r = new EventRenderer(EventFormats.of(List.of(branch)), context("", "local"));
        EventRecord miss = record(branch, 68, 9, p -> {
            putInt(p, 8, 77);
            MemorySegment.copy("sched_tick".getBytes(), 0, p, ValueLayout.JAVA_BYTE, 12, 10);
            MemorySegment.copy("core.c".getBytes(), 0, p, ValueLayout.JAVA_BYTE, 43, 6);
        });
        assertThat(info(r, miss)).isEqualTo("[ MISS ] sched_tick:core.c:77");
        EventRecord ok = record(branch, 68, 9, p -> {
            putInt(p, 8, 1);
            putByte(p, 64, 1);
        });
        assertThat(info(r, ok)).isEqualTo("[  ok  ] ::1");
    }

    @Test
    void shouldRenderMmiotraceEntriesAsWholeLines() {
        EventFormat rw = ftrace("mmiotrace_rw");
        EventFormat map = ftrace("mmiotrace_map");
        EventRenderer r = new EventRenderer(EventFormats.of(List.of(rw, map)), context("", "local"));
        StringBuilder line = new StringBuilder();
        Consumer<Integer> op = opcode -> {
            line.setLength(0);
            r.appendLine(record(rw, 40, 9, p -> {
                putLong(p, 8, 0xfebf0010L);
                putLong(p, 16, 0x123456L);
                putLong(p, 24, 0xffffffffc0a01234L);
                putInt(p, 32, 2);
                putByte(p, 36, opcode);
                putByte(p, 37, 4);
            }), line);
        };
        op.accept(1);
        assertThat(line.toString()).isEqualTo("R 4 2639.702444 2 0xfebf0010 0x123456 0xffffffffc0a01234 0");
        op.accept(2);
        assertThat(line.toString()).startsWith("W 4 2639.702444 2 ");
        op.accept(5);
        assertThat(line.toString()).isEqualTo("UNKNOWN 2639.702444 2 0xfebf0010 12,34,56 0xffffffffc0a01234 0");
        op.accept(9);
        assertThat(line.toString()).isEqualTo("rw what?");
        line.setLength(0);
        r.appendLine(record(map, 40, 9, p -> {
            putLong(p, 8, 0xfebf0000L);
            putLong(p, 16, 0xffffc90000100000L);
            putLong(p, 24, 0x1000);
            putInt(p, 32, 2);
            putByte(p, 36, 3);
        }), line);
        assertThat(line.toString()).isEqualTo("MAP 2639.702444 2 0xfebf0000 0xffffc90000100000 0x1000 0x0 0");
        line.setLength(0);
        r.appendLine(record(map, 40, 9, p -> {
            putInt(p, 32, 2);
            putByte(p, 36, 4);
        }), line);
        assertThat(line.toString()).isEqualTo("UNMAP 2639.702444 2 0x0 0");
    }

    @Test
    void shouldPrintThePreemptRtLatencyColumnWhenTheFormatsHaveALazyPreemptCount() throws Exception {
        // the function format of Debian's 6.1 -rt kernel: common_preempt_lazy_count at offset 8
        java.nio.file.Path file = TracerOracle.fixture("function").resolve("events/ftrace/function/format");
        EventFormat function = FormatParser.parse("ftrace", java.nio.file.Files.readString(file), file.toString());
        assertThat(function.field("common_preempt_lazy_count").offset()).isEqualTo(8);
        EventRenderer r = new EventRenderer(EventFormats.of(List.of(function)),
                context("ffffffff81000000 T _stext\nffffffff81000100 T dput\nffffffff82000000 T _etext\n", "local"));
        StringBuilder line = new StringBuilder();
        // irqs off, need-resched, need-resched-lazy (0x20 on -rt), hardirq; depth 3, lazy 0x12, migrate 2
        r.appendLine(record(function, 32, 42, p -> {
            putByte(p, 2, 0x01 | 0x04 | 0x20 | 0x08);
            putByte(p, 3, 0x23);
            putByte(p, 8, 0x12);
            putLong(p, 16, 0xffffffff81000100L);
        }), line);
        assertThat(line.toString()).isEqualTo("          worker-42      [000] dnLh3122  2639.702444: dput");
        line.setLength(0);
        r.appendLine(record(function, 32, 42, p -> putLong(p, 16, 0xffffffff81000100L)), line);
        assertThat(line.toString()).isEqualTo("          worker-42      [000] .......  2639.702444: dput");
    }
}
