package dev.jtrace.traceevent;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The function_graph printer's edge cases on records built against the 6.18 formats: duration
 * columns at every width, overhead marks, leaves, lost entries, task changes, interrupt markers
 * and hiding, options. Expected texts follow trace_functions_graph.c; the oracle test checks the
 * common cases against a 6.1 kernel's output.
 */
class FunctionGraphRendererTest {
    private static final String SYMBOLS = """
            ffffffff81000000 T _stext
            ffffffff81000100 T vfs_read
            ffffffff81000200 T rw_verify_area
            ffffffff81000300 T sysvec_apic_timer_interrupt
            ffffffff81000300 T __irqentry_text_start
            ffffffff81000400 T kfree
            ffffffff81000400 T __irqentry_text_end
            ffffffff82000000 T _etext
            """;
    private static final long VFS_READ = 0xffffffff81000100L;
    private static final long VERIFY = 0xffffffff81000200L;
    private static final long TIMER_IRQ = 0xffffffff81000300L;

    private final Arena arena = Arena.ofAuto();
    private final EventFormat entry = FormatFixtures.parse("ftrace", "funcgraph_entry");
    private final EventFormat exit = FormatFixtures.parse("ftrace", "funcgraph_exit");
    private final EventFormat print = FormatFixtures.parse("ftrace", "print");
    private final EventFormats formats = EventFormats.of(List.of(entry, exit, print));
    private final RenderContext context = new RenderContext(KernelSymbols.parse(SYMBOLS), Map.of(),
            CommTable.parse("42 bash\n43 cat\n", ""), "local", false);

    private EventRecord entry(int pid, long func, int depth, long ts) {
        MemorySegment p = arena.allocate(20);
        p.set(ValueLayout.JAVA_SHORT_UNALIGNED, 0, (short) entry.id());
        p.set(ValueLayout.JAVA_INT_UNALIGNED, 4, pid);
        p.set(ValueLayout.JAVA_LONG_UNALIGNED, 8, func);
        p.set(ValueLayout.JAVA_INT_UNALIGNED, 16, depth);
        return new EventRecord().wrap(p, 0, 20, ts, 1, "test");
    }

    private EventRecord exit(int pid, long func, int depth, long calltime, long rettime) {
        MemorySegment p = arena.allocate(40);
        p.set(ValueLayout.JAVA_SHORT_UNALIGNED, 0, (short) exit.id());
        p.set(ValueLayout.JAVA_INT_UNALIGNED, 4, pid);
        p.set(ValueLayout.JAVA_LONG_UNALIGNED, 8, func);
        p.set(ValueLayout.JAVA_INT_UNALIGNED, 16, depth);
        p.set(ValueLayout.JAVA_INT_UNALIGNED, 20, 3);
        p.set(ValueLayout.JAVA_LONG_UNALIGNED, 24, calltime);
        p.set(ValueLayout.JAVA_LONG_UNALIGNED, 32, rettime);
        return new EventRecord().wrap(p, 0, 40, rettime, 1, "test");
    }

    private EventRecord print(int pid, String text) {
        byte[] bytes = (text + "\n\0").getBytes();
        MemorySegment p = arena.allocate(16 + bytes.length);
        p.set(ValueLayout.JAVA_SHORT_UNALIGNED, 0, (short) print.id());
        p.set(ValueLayout.JAVA_INT_UNALIGNED, 4, pid);
        p.set(ValueLayout.JAVA_LONG_UNALIGNED, 8, VERIFY);
        MemorySegment.copy(bytes, 0, p, ValueLayout.JAVA_BYTE, 16, bytes.length);
        return new EventRecord().wrap(p, 0, (int) p.byteSize(), 5_000, 1, "test");
    }

    private static String render(FunctionGraphRenderer r, EventRecord record, EventRecord next, boolean consumes) {
        StringBuilder out = new StringBuilder();
        assertThat(r.append(record, next, out)).isEqualTo(consumes);
        return out.toString();
    }

    @Test
    void shouldPrintDurationsInTheKernelsSevenDigitColumnWithOverheadMarks() {
        FunctionGraphRenderer r = FunctionGraphRenderer.forTracer(formats, context, FunctionGraphOptions.defaults(2));
        long[] durations = {0, 1_234, 12_345, 123_456, 1_234_567, 12_345_678, 123_456_789, 1_234_567_890,
            12_345_678_901L, -1L};
        // mark, then the microseconds with up to 7 digits in all (the nanoseconds cut to fit), " us ",
        // padding to 8 columns (trace_print_graph_duration)
        String[] expected = {
            "  0.000 us    |  vfs_read();", "  1.234 us    |  vfs_read();", "+ 12.345 us   |  vfs_read();",
            "! 123.456 us  |  vfs_read();", "# 1234.567 us |  vfs_read();", "* 12345.67 us |  vfs_read();",
            "@ 123456.7 us |  vfs_read();", "$ 1234567 us  |  vfs_read();", "$ 12345678 us |  vfs_read();",
            "$ 18446744073709551 us |  vfs_read();"};
        for (int i = 0; i < durations.length; i++) {
            String text = render(r, entry(42, VFS_READ, 0, 1000), exit(42, VFS_READ, 0, 1000, 1000 + durations[i]),
                    true);
            assertThat(text).as("%d ns", durations[i]).isEqualTo(" 1) " + expected[i]);
        }
    }

    @Test
    void shouldNestAndCloseFunctionsAndNameAReturnWhoseEntryWasLost() {
        FunctionGraphRenderer r = FunctionGraphRenderer.forTracer(formats, context, FunctionGraphOptions.defaults(2));
        assertThat(render(r, entry(42, VFS_READ, 0, 1000), entry(42, VERIFY, 1, 1100), false))
                .isEqualTo(" 1)               |  vfs_read() {");
        assertThat(render(r, entry(42, VERIFY, 1, 1100), exit(42, VERIFY, 1, 1100, 1300), true))
                .isEqualTo(" 1)   0.200 us    |    rw_verify_area();");
        // after a leaf at depth 1 comments go to depth 0 (print_graph_entry_leaf sets depth - 1)
        assertThat(render(r, print(42, "hello"), null, false))
                .isEqualTo(" 1)               |  /* hello */");
        assertThat(render(r, exit(42, VFS_READ, 0, 1000, 2000), null, false))
                .isEqualTo(" 1)   1.000 us    |  }");
        // a return at depth 0 whose entry this printer never saw names its function
        assertThat(render(r, exit(42, VERIFY, 0, 1000, 2000), null, false))
                .isEqualTo(" 1)   1.000 us    |  } /* rw_verify_area */");
    }

    @Test
    void shouldSeparateTasksOnACpu() {
        FunctionGraphRenderer r = FunctionGraphRenderer.forTracer(formats, context, FunctionGraphOptions.defaults(12));
        render(r, entry(42, VFS_READ, 0, 1000), null, false);
        // comm-pid centred in 14 columns; the CPU column two digits wide for 12 possible CPUs
        assertThat(render(r, entry(43, VFS_READ, 0, 2000), null, false)).isEqualTo(
                " ------------------------------------------\n"
                + "  1)    bash-42     =>     cat-43    \n"
                + " ------------------------------------------\n"
                + "\n"
                + "  1)               |  vfs_read() {");
    }

    @Test
    void shouldMarkInterruptEntryFunctionsAndHideThemWithIrqsOff() {
        FunctionGraphRenderer shown = FunctionGraphRenderer.forTracer(formats, context,
                FunctionGraphOptions.defaults(2));
        assertThat(render(shown, entry(42, TIMER_IRQ, 2, 1000), null, false))
                .isEqualTo(" 1)   ==========> |\n 1)               |      sysvec_apic_timer_interrupt() {");
        assertThat(render(shown, exit(42, TIMER_IRQ, 2, 1000, 3000), null, false))
                .isEqualTo(" 1)   2.000 us    |      }\n 1)   <========== |");
        FunctionGraphOptions d = FunctionGraphOptions.defaults(2);
        FunctionGraphRenderer hidden = FunctionGraphRenderer.forTracer(formats, context, new FunctionGraphOptions(
                d.cpu(), d.overhead(), d.proc(), d.duration(), d.absTime(), false, d.tail(), d.overrun(), d.retval(),
                d.retvalHex(), d.contextInfo(), d.latencyFormat(), d.nrCpuIds()));
        assertThat(render(hidden, entry(42, TIMER_IRQ, 2, 1000), null, false)).isEmpty();
        assertThat(render(hidden, entry(42, VFS_READ, 3, 1100), null, false)).isEmpty();
        assertThat(render(hidden, exit(42, VFS_READ, 3, 1100, 1200), null, false)).isEmpty();
        assertThat(render(hidden, exit(42, TIMER_IRQ, 2, 1000, 3000), null, false)).isEmpty();
        assertThat(render(hidden, entry(42, VFS_READ, 2, 4000), null, false))
                .isEqualTo(" 1)               |      vfs_read() {");
    }

    @Test
    void shouldApplyProcAbstimeTailOverrunAndLatencyOptions() {
        FunctionGraphRenderer r = FunctionGraphRenderer.forTracer(formats, context, FunctionGraphOptions.parse("""
                funcgraph-proc 1
                funcgraph-abstime 1
                funcgraph-tail 1
                funcgraph-overrun 1
                funcgraph-overhead 0
                latency-format 1
                """, 2));
        render(r, entry(42, VFS_READ, 0, 1_000_000_000L), null, false);
        assertThat(render(r, exit(42, VFS_READ, 0, 1_000_000_000L, 1_999_999_999L), null, false)).isEqualTo(
                "    1.999999 |   1)    bash-42     |  ..... |   999999.9 us |  } /* vfs_read */\n (Overruns: 3)");
    }

    @Test
    void shouldPrefixGraphEntriesRenderedAsEventsAndKeepNoState() {
        FunctionGraphRenderer r = FunctionGraphRenderer.forEvents(formats, context, FunctionGraphOptions.defaults(2));
        assertThat(render(r, entry(42, VFS_READ, 1, 1_000), exit(42, VFS_READ, 1, 1_000, 2_500), true))
                .isEqualTo("            bash-42      [001] .....     0.000001:  1)   1.500 us    |    vfs_read();");
        // no state: a return is never named, and a new task gets no separator
        assertThat(render(r, exit(43, VERIFY, 0, 0, 100), null, false))
                .isEqualTo("             cat-43      [001] .....     0.000000:  1)   0.100 us    |  }");
        // the per-record form of EventRenderer: no lookahead, so never a leaf
        StringBuilder line = new StringBuilder();
        new EventRenderer(formats, context, FunctionGraphOptions.defaults(2)).appendLine(entry(42, VFS_READ, 1, 1_000),
                line);
        assertThat(line.toString())
                .isEqualTo("            bash-42      [001] .....     0.000001:  1)               |    vfs_read() {");
    }

    @Test
    void shouldNotMergeAnEntryWithAReturnOfAnotherTaskOrFunction() {
        FunctionGraphRenderer r = FunctionGraphRenderer.forEvents(formats, context, FunctionGraphOptions.defaults(2));
        assertThat(render(r, entry(42, VFS_READ, 0, 1_000), exit(43, VFS_READ, 0, 1_000, 2_000), false))
                .endsWith("vfs_read() {");
        assertThat(render(r, entry(42, VFS_READ, 0, 1_000), exit(42, VERIFY, 0, 1_000, 2_000), false))
                .endsWith("vfs_read() {");
    }

    @Test
    void shouldRenderRandomGraphStreamsWithoutThrowing() {
        java.util.SplittableRandom random = new java.util.SplittableRandom(0x67726166L);
        FunctionGraphRenderer tracer = FunctionGraphRenderer.forTracer(formats, context, FunctionGraphOptions.defaults(4));
        FunctionGraphRenderer events = FunctionGraphRenderer.forEvents(formats, context, FunctionGraphOptions.defaults(4));
        int[] ids = {entry.id(), exit.id(), print.id(), 999};
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < 8_000; i++) {
            EventRecord a = randomRecord(random, ids);
            EventRecord b = random.nextBoolean() ? randomRecord(random, ids) : null;
            for (FunctionGraphRenderer r : new FunctionGraphRenderer[] {tracer, events}) {
                out.setLength(0);
                r.append(a, b, out);
                assertThat(out.length()).isLessThan(3 * 4096 + 1024);
            }
        }
    }

    private EventRecord randomRecord(java.util.SplittableRandom random, int[] ids) {
        int length = random.nextInt(4) == 0 ? random.nextInt(24) : 8 + random.nextInt(64);
        MemorySegment p = arena.allocate(Math.max(length, 1));
        for (int b = 0; b < length; b++) {
            p.set(ValueLayout.JAVA_BYTE, b, (byte) random.nextInt(256));
        }
        if (length >= 2) {
            p.set(ValueLayout.JAVA_SHORT_UNALIGNED, 0, (short) ids[random.nextInt(ids.length)]);
        }
        if (length >= 20 && random.nextBoolean()) { // plausible functions and depths too
            p.set(ValueLayout.JAVA_LONG_UNALIGNED, 8, random.nextBoolean() ? TIMER_IRQ : VFS_READ);
            p.set(ValueLayout.JAVA_INT_UNALIGNED, 16, random.nextInt(-2, 60));
        }
        return new EventRecord().wrap(p, 0, length, random.nextLong() >>> 1, random.nextInt(4), "fuzz");
    }
}
