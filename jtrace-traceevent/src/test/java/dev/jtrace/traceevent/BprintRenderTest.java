package dev.jtrace.traceevent;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * bprint ({@code trace_printk}) entries, built by the packing rules of the kernel's
 * {@code vbin_printf} ({@code lib/vsprintf.c}): this kernel has no {@code trace_printk} user, so the
 * record is assembled here from the documented layout and the captured {@code ftrace/bprint}
 * format.
 */
class BprintRenderTest {
    private static final long FMT_ADDRESS = 0xffffffff82a00000L;
    /** A kernel text range with two functions: my_func at +0x10, next_func at +0x100. */
    private static final KernelSymbols SYMBOLS = KernelSymbols.parse("""
            ffffffff81000000 T _stext
            ffffffff81000010 T my_func
            ffffffff81000100 T next_func
            ffffffff82000000 T _etext
            """);
    private static final String FMT = "pid %d comm %s mask %lx c=%c w=%*d ptr=%px h=%hd sym=%ps\n";

    @Test
    void shouldUnpackVbinPrintfArgumentsAndFormatThemLikeTheKernel() {
        EventFormat bprint = FormatFixtures.parse("ftrace", "bprint");
        RenderContext context = new RenderContext(SYMBOLS, Map.of(FMT_ADDRESS, FMT), CommTable.parse("7 kworker\n", ""),
                "local", false);
        EventRenderer renderer = new EventRenderer(EventFormats.of(List.of(bprint)), context);

        MemorySegment p = Arena.ofAuto().allocate(128);
        p.set(ValueLayout.JAVA_SHORT_UNALIGNED, 0, (short) bprint.id());
        p.set(ValueLayout.JAVA_INT_UNALIGNED, 4, 7);
        p.set(ValueLayout.JAVA_LONG_UNALIGNED, 8, 0xffffffff81000020L);   // ip
        p.set(ValueLayout.JAVA_LONG_UNALIGNED, 16, FMT_ADDRESS);         // fmt
        int at = 24;                                                      // buf
        p.set(ValueLayout.JAVA_INT_UNALIGNED, at, 42);                    // %d
        at += 4;
        byte[] comm = "bash\0".getBytes(StandardCharsets.US_ASCII);       // %s inline
        MemorySegment.copy(comm, 0, p, ValueLayout.JAVA_BYTE, at, comm.length);
        at += comm.length;                                                // 33
        at = 36;                                                          // %lx: 8 bytes aligned to 4
        p.set(ValueLayout.JAVA_LONG_UNALIGNED, at, 0xdeadbeefcafeL);
        at += 8;
        p.set(ValueLayout.JAVA_BYTE, at, (byte) 'Z');                     // %c: 1 byte
        at = 48;                                                          // * width: int aligned to 4
        p.set(ValueLayout.JAVA_INT_UNALIGNED, at, 5);
        p.set(ValueLayout.JAVA_INT_UNALIGNED, at + 4, -7);                // %*d
        at = 56;
        p.set(ValueLayout.JAVA_LONG_UNALIGNED, at, 0xffff888100001234L);  // %px: 8 bytes
        at += 8;
        p.set(ValueLayout.JAVA_SHORT_UNALIGNED, at, (short) -3);          // %hd: 2 bytes aligned to 2
        at = 68;
        p.set(ValueLayout.JAVA_LONG_UNALIGNED, at, 0xffffffff81000104L);  // %ps
        EventRecord record = new EventRecord().wrap(p, 0, 76, 5_000_000_000L, 0, "test");

        StringBuilder line = new StringBuilder();
        renderer.appendLine(record, line);
        assertThat(line).hasToString("         kworker-7       [000] .....     5.000000: my_func: pid 42 comm bash "
                + "mask deadbeefcafe c=Z w=   -7 ptr=ffff888100001234 h=-3 sym=next_func");
    }

    @Test
    void shouldDumpABprintWhoseFormatIsNotInPrintkFormats() {
        EventFormat bprint = FormatFixtures.parse("ftrace", "bprint");
        EventRenderer renderer = new EventRenderer(EventFormats.of(List.of(bprint)), RenderContext.defaults());
        MemorySegment p = Arena.ofAuto().allocate(32);
        p.set(ValueLayout.JAVA_SHORT_UNALIGNED, 0, (short) bprint.id());
        p.set(ValueLayout.JAVA_LONG_UNALIGNED, 16, 0x1234L);
        StringBuilder info = new StringBuilder();
        renderer.appendInfo(new EventRecord().wrap(p, 0, 32, 1, 0, "test"), info);
        assertThat(info.toString()).startsWith("[jtrace: bad record: printk_formats has no format at 0x1234]");
    }

    @Test
    void shouldRenderFunctionEntriesWithTheirParentAsTraceFnTraceDoes() {
        // The function tracer is refused on this kernel: the entry is built from the captured format.
        EventFormat function = FormatFixtures.parse("ftrace", "function");
        EventRenderer renderer = new EventRenderer(EventFormats.of(List.of(function)),
                new RenderContext(SYMBOLS, Map.of(), CommTable.empty(), "local", false));
        MemorySegment p = Arena.ofAuto().allocate(24);
        p.set(ValueLayout.JAVA_SHORT_UNALIGNED, 0, (short) function.id());
        p.set(ValueLayout.JAVA_LONG_UNALIGNED, 8, 0xffffffff81000010L);
        p.set(ValueLayout.JAVA_LONG_UNALIGNED, 16, 0xffffffff81000120L);
        StringBuilder info = new StringBuilder();
        renderer.appendInfo(new EventRecord().wrap(p, 0, 24, 1, 0, "test"), info);
        assertThat(info).hasToString("my_func <-next_func");
        p.set(ValueLayout.JAVA_LONG_UNALIGNED, 16, 0L);
        info.setLength(0);
        renderer.appendInfo(new EventRecord().wrap(p, 0, 24, 1, 0, "test"), info);
        assertThat(info).hasToString("my_func");
    }
    @Test
    void shouldRenderBputsWithItsStringFromPrintkFormats() {
        EventFormat bputs = FormatFixtures.parse("ftrace", "bputs");
        EventRenderer renderer = new EventRenderer(EventFormats.of(List.of(bputs)),
                new RenderContext(SYMBOLS, Map.of(FMT_ADDRESS, "reached the checkpoint\n"), CommTable.empty(),
                        "local", false));
        MemorySegment p = Arena.ofAuto().allocate(24);
        p.set(ValueLayout.JAVA_SHORT_UNALIGNED, 0, (short) bputs.id());
        p.set(ValueLayout.JAVA_LONG_UNALIGNED, 8, 0xffffffff81000020L);
        p.set(ValueLayout.JAVA_LONG_UNALIGNED, 16, FMT_ADDRESS);
        StringBuilder info = new StringBuilder();
        renderer.appendInfo(new EventRecord().wrap(p, 0, 24, 1, 0, "test"), info);
        assertThat(info).hasToString("my_func: reached the checkpoint");
    }
}
