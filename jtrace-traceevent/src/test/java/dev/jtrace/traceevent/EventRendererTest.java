package dev.jtrace.traceevent;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Renderer behaviour that does not need the kernel: records built in memory against captured
 * format files, checked against what the kernel printed for the same values.
 */
class EventRendererTest {
    private final Arena arena = Arena.ofAuto();

    private EventRecord record(EventFormat format, int payloadSize, int pid, int flags, int preempt,
            java.util.function.Consumer<MemorySegment> fill) {
        MemorySegment payload = arena.allocate(payloadSize);
        payload.set(ValueLayout.JAVA_SHORT_UNALIGNED, 0, (short) format.id());
        payload.set(ValueLayout.JAVA_BYTE, 2, (byte) flags);
        payload.set(ValueLayout.JAVA_BYTE, 3, (byte) preempt);
        payload.set(ValueLayout.JAVA_INT_UNALIGNED, 4, pid);
        fill.accept(payload);
        return new EventRecord().wrap(payload, 0, payloadSize, 2_639_702_444_123L, 1, "test");
    }

    private static RenderContext context(String cmdlines) {
        return new RenderContext(KernelSymbols.empty(), Map.of(), CommTable.parse(cmdlines, ""), "local", false);
    }

    @Test
    void shouldRenderSyscallEntryAndExitAsTheKernelDoes() {
        EventFormat enter = FormatFixtures.parse("syscalls", "sys_enter_openat");
        EventFormat exit = FormatFixtures.parse("syscalls", "sys_exit_read");
        EventRenderer renderer = new EventRenderer(EventFormats.of(java.util.List.of(enter, exit)),
                context("11129 bash\n"));
        EventRecord in = record(enter, 48, 11129, 0, 0, p -> {
            p.set(ValueLayout.JAVA_LONG_UNALIGNED, 16, 0xffffff9cL);
            p.set(ValueLayout.JAVA_LONG_UNALIGNED, 24, 0x55f3ca96c950L);
            p.set(ValueLayout.JAVA_LONG_UNALIGNED, 32, 0x241L);
            p.set(ValueLayout.JAVA_LONG_UNALIGNED, 40, 0L);
        });
        StringBuilder line = new StringBuilder();
        renderer.appendLine(in, line);
        // the kernel: values below 10 in decimal, others in hex; no "name: " before syscall events
        assertThat(line).hasToString("            bash-11129   [001] .....  2639.702444: "
                + "sys_openat(dfd: 0xffffff9c, filename: 0x55f3ca96c950, flags: 0x241, mode: 0)");
        EventRecord out = record(exit, 24, 11129, 0, 0, p -> p.set(ValueLayout.JAVA_LONG_UNALIGNED, 16, -516L));
        line.setLength(0);
        renderer.appendInfo(out, line);
        assertThat(line).hasToString("sys_read -> 0xfffffffffffffdfc");
    }

    @Test
    void shouldPrintLatencyFlagsTaskNamesAndRoundedMicroseconds() {
        EventFormat exit = FormatFixtures.parse("syscalls", "sys_exit_read");
        EventRenderer renderer = new EventRenderer(EventFormats.of(java.util.List.of(exit)), context(""));
        StringBuilder line = new StringBuilder();
        // irqs off (0x01), need-resched + preempt-resched (0x04|0x20), hardirq (0x08); depth 2, migrate 1
        renderer.appendLine(record(exit, 24, 4242, 0x01 | 0x04 | 0x20 | 0x08, 0x12, p -> { }), line);
        assertThat(line.toString()).startsWith("           <...>-4242    [001] dNh21  2639.702444: ");
        line.setLength(0);
        renderer.appendLine(record(exit, 24, 0, 0x80 | 0x10, 0, p -> { }), line);
        assertThat(line.toString()).startsWith("          <idle>-0       [001] b.s..  2639.702444: ");
    }

    @Test
    void shouldPrintTheTgidColumnOnlyWithRecordTgid() {
        EventFormat exit = FormatFixtures.parse("syscalls", "sys_exit_read");
        CommTable comms = CommTable.parse("4242 java\n77 sh\n", "4242 4201\n12345678 1\n");
        RenderContext off = context("").withComms(comms);
        RenderContext on = off.withRecordTgid(true);
        assertThat(RenderContext.defaults().recordTgid()).isFalse();
        EventRenderer plain = new EventRenderer(EventFormats.of(java.util.List.of(exit)), off);
        EventRenderer tgid = new EventRenderer(EventFormats.of(java.util.List.of(exit)), on);
        StringBuilder line = new StringBuilder();
        plain.appendLine(record(exit, 24, 4242, 0, 0, p -> { }), line);
        assertThat(line.toString()).startsWith("            java-4242    [001] .....  2639.702444: ");
        // trace_print_context: "%16s-%-7d ", then "(%7d) " or "(-------) " for a pid without a saved tgid
        line.setLength(0);
        tgid.appendLine(record(exit, 24, 4242, 0, 0, p -> { }), line);
        assertThat(line.toString()).startsWith("            java-4242    (   4201) [001] .....  2639.702444: ");
        line.setLength(0);
        tgid.appendLine(record(exit, 24, 77, 0, 0, p -> { }), line);
        assertThat(line.toString()).startsWith("              sh-77      (-------) [001] .....  2639.702444: ");
        line.setLength(0);
        tgid.appendLine(record(exit, 24, 0, 0, 0, p -> { }), line);
        assertThat(line.toString()).startsWith("          <idle>-0       (-------) [001] .....  2639.702444: ");
        line.setLength(0);
        tgid.appendLine(record(exit, 24, 12345678, 0, 0, p -> { }), line);
        assertThat(line.toString()).startsWith("           <...>-12345678 (      1) [001] .....  2639.702444: ");
    }

    @Test
    void shouldDumpFieldsInsteadOfThrowingWhenARecordIsCorrupt() {
        EventFormat kmalloc = FormatFixtures.parse("kmem", "kmalloc");
        EventRenderer renderer = new EventRenderer(EventFormats.of(java.util.List.of(kmalloc)), context(""));
        StringBuilder line = new StringBuilder();
        // too short for its fields: every read past the payload must be caught for this record only
        renderer.appendInfo(record(kmalloc, 12, 1, 0, 0, p -> { }), line);
        assertThat(line.toString()).startsWith("[jtrace: bad record: ");
    }

    @Test
    void shouldFlagUnknownEventIds() {
        EventFormat exit = FormatFixtures.parse("syscalls", "sys_exit_read");
        EventRenderer renderer = new EventRenderer(EventFormats.of(java.util.List.of(exit)), context(""));
        MemorySegment payload = arena.allocate(16);
        payload.set(ValueLayout.JAVA_SHORT_UNALIGNED, 0, (short) 65000);
        StringBuilder line = new StringBuilder();
        renderer.appendInfo(new EventRecord().wrap(payload, 0, 16, 1, 0, "test"), line);
        assertThat(line).hasToString("[jtrace: unknown event id 65000]");
    }

    /** A format of the shape the kernel writes, for semantics no captured event exercises. */
    private static EventFormat synthetic(String fields, String printFmt) {
        String text = "name: synthetic\nID: 4000\nformat:\n"
                + "\tfield:unsigned short common_type;\toffset:0;\tsize:2;\tsigned:0;\n"
                + "\tfield:unsigned char common_flags;\toffset:2;\tsize:1;\tsigned:0;\n"
                + "\tfield:unsigned char common_preempt_count;\toffset:3;\tsize:1;\tsigned:0;\n"
                + "\tfield:int common_pid;\toffset:4;\tsize:4;\tsigned:1;\n\n"
                + fields + "\n\nprint fmt: " + printFmt + "\n";
        return FormatParser.parse("test", text, "synthetic");
    }

    @Test
    void shouldNeverThrowFromAppendInfoEvenForAPayloadTooShortForItsId() {
        EventFormat exit = FormatFixtures.parse("syscalls", "sys_exit_read");
        EventRenderer renderer = new EventRenderer(EventFormats.of(java.util.List.of(exit)), context(""));
        StringBuilder info = new StringBuilder();
        renderer.appendInfo(new EventRecord().wrap(arena.allocate(1), 0, 1, 1, 0, "test"), info);
        assertThat(info.toString()).startsWith("[jtrace: bad record header: ");
    }

    @Test
    void shouldNotReadPastThePayloadForAddressConversions() {
        EventFormat f = synthetic("\tfield:__u8 saddr[4];\toffset:8;\tsize:4;\tsigned:0;", "\"%pI4\", REC->saddr");
        EventRenderer renderer = new EventRenderer(EventFormats.of(java.util.List.of(f)), context(""));
        StringBuilder info = new StringBuilder();
        // the payload ends at byte 10, halfway through saddr: the bytes after it belong to another record
        renderer.appendInfo(record(f, 10, 1, 0, 0, p -> { }), info);
        assertThat(info.toString())
                .startsWith("[jtrace: bad record: %pI4 data at 8 (4 bytes) runs past the payload of 10]");
    }

    @Test
    void shouldClampHostileStarWidthsInsteadOfBuildingHugeLines() {
        EventFormat f = synthetic("\tfield:int w;\toffset:8;\tsize:4;\tsigned:1;",
                "\"%*d|%*d\", REC->w, REC->w, REC->w, REC->w");
        EventRenderer renderer = new EventRenderer(EventFormats.of(java.util.List.of(f)), context(""));
        StringBuilder info = new StringBuilder();
        renderer.appendInfo(record(f, 12, 1, 0, 0, p -> p.set(ValueLayout.JAVA_INT_UNALIGNED, 8, 8_000_000)), info);
        assertThat(info.length()).isEqualTo(2 * 8192 + 1);
    }

    @Test
    void shouldPrintNullForTheIntegerBranchOfAStringTernary() {
        EventFormat f = synthetic("\tfield:int ok;\toffset:8;\tsize:4;\tsigned:1;", "\"s=%s\", REC->ok ? \"yes\" : 0");
        EventRenderer renderer = new EventRenderer(EventFormats.of(java.util.List.of(f)), context(""));
        StringBuilder info = new StringBuilder();
        renderer.appendInfo(record(f, 12, 1, 0, 0, p -> p.set(ValueLayout.JAVA_INT_UNALIGNED, 8, 0)), info);
        assertThat(info).hasToString("s=(null)");
        info.setLength(0);
        renderer.appendInfo(record(f, 12, 1, 0, 0, p -> p.set(ValueLayout.JAVA_INT_UNALIGNED, 8, 1)), info);
        assertThat(info).hasToString("s=yes");
    }

    @Test
    void shouldFollowCsIntegerPromotionsAndConversions() {
        EventFormat f = synthetic("\tfield:u16 a;\toffset:8;\tsize:2;\tsigned:0;\n"
                + "\tfield:u16 b;\toffset:10;\tsize:2;\tsigned:0;\n"
                + "\tfield:u32 x;\toffset:12;\tsize:4;\tsigned:0;\n"
                + "\tfield:int m;\toffset:16;\tsize:4;\tsigned:1;",
                "\"%d %d %u %lu %d %d\", (REC->a - REC->b) / 2, (REC->a - REC->b) < 0, (REC->x + 3) >> 1, "
                        + "(unsigned long)-(unsigned int)1, REC->m < 0x80000000, REC->m < 0");
        EventRenderer renderer = new EventRenderer(EventFormats.of(java.util.List.of(f)), context(""));
        StringBuilder info = new StringBuilder();
        renderer.appendInfo(record(f, 20, 1, 0, 0, p -> {
            p.set(ValueLayout.JAVA_SHORT_UNALIGNED, 8, (short) 1);
            p.set(ValueLayout.JAVA_SHORT_UNALIGNED, 10, (short) 4);
            p.set(ValueLayout.JAVA_INT_UNALIGNED, 12, 0xffffffff);
            p.set(ValueLayout.JAVA_INT_UNALIGNED, 16, -1);
        }), info);
        // what gcc computes for the same expressions on x86-64:
        // u16 operands promote to int; u32 wraps; -(unsigned)1 is 4294967295; -1 < 0x80000000u is false
        assertThat(info).hasToString("-1 1 1 4294967295 0 1");
    }

    @Test
    void shouldRenderIntoItsOwnBufferAndStartAFreshOneAfterWideText() {
        EventFormat print = FormatFixtures.parse("ftrace", "print");
        EventRenderer renderer = new EventRenderer(EventFormats.of(java.util.List.of(print)), context("5 sh\n"));
        byte[] wide = "caf\u00e9 \u4e2d\n".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        EventRecord first = record(print, 16 + wide.length + 1, 5, 0, 0,
                p -> MemorySegment.copy(wide, 0, p, ValueLayout.JAVA_BYTE, 16, wide.length));
        CharSequence line = renderer.line(first);
        assertThat(line.toString()).endsWith(": 0x0: caf\u00e9 \u4e2d");
        String kept = line.toString();
        EventRecord second = record(print, 24, 5, 0, 0, p -> p.set(ValueLayout.JAVA_BYTE, 16, (byte) 'x'));
        CharSequence next = renderer.line(second);
        assertThat(next).isNotSameAs(line); // a fresh buffer after the UTF-16 line
        assertThat(next.toString()).endsWith(": 0x0: x");
        assertThat(kept).endsWith("\u4e2d");
    }

    @Test
    void shouldReadPrintkFormatsWithTheKernelsEscapes() {
        Map<Long, String> map = RenderContext.parsePrintkFormats("""
                0xffffffff8281a2a4 : "Start context switch"
                0xffffffff82000000 : "tab\\there\\nnew \\"q\\" back\\\\slash"
                garbage line
                """);
        assertThat(map).containsEntry(0xffffffff8281a2a4L, "Start context switch")
                .containsEntry(0xffffffff82000000L, "tab\there\nnew \"q\" back\\\\slash")
                .hasSize(2);
    }
}
