package dev.jtrace.traceevent;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * The print-fmt helpers that no event of the machine's kernel exercises in the oracle workload,
 * each on a synthetic format of the shape the kernel writes into format files. The expected texts
 * follow the kernel's definitions: {@code include/trace/stages/stage3_trace_output.h} (what each
 * helper expands to), {@code kernel/trace/trace_output.c} ({@code trace_print_*_seq}) and
 * {@code lib/vsprintf.c} ({@code %*pb}, {@code %*ph}, {@code %pISpc}).
 */
class HelperRenderTest {
    private static final ValueLayout.OfShort U16 = ValueLayout.JAVA_SHORT_UNALIGNED;
    private static final ValueLayout.OfInt U32 = ValueLayout.JAVA_INT_UNALIGNED;
    private static final ValueLayout.OfLong U64 = ValueLayout.JAVA_LONG_UNALIGNED;

    private final Arena arena = Arena.ofAuto();

    /** A format of the shape the kernel writes, with the four common fields before {@code fields}. */
    static EventFormat synthetic(String name, int id, String fields, String printFmt) {
        String text = "name: " + name + "\nID: " + id + "\nformat:\n"
                + "\tfield:unsigned short common_type;\toffset:0;\tsize:2;\tsigned:0;\n"
                + "\tfield:unsigned char common_flags;\toffset:2;\tsize:1;\tsigned:0;\n"
                + "\tfield:unsigned char common_preempt_count;\toffset:3;\tsize:1;\tsigned:0;\n"
                + "\tfield:int common_pid;\toffset:4;\tsize:4;\tsigned:1;\n\n"
                + fields + "\n\nprint fmt: " + printFmt + "\n";
        return FormatParser.parse("test", text, name);
    }

    private EventRecord record(EventFormat format, int payloadSize, Consumer<MemorySegment> fill) {
        MemorySegment payload = arena.allocate(payloadSize);
        payload.set(U16, 0, (short) format.id());
        payload.set(U32, 4, 1);
        fill.accept(payload);
        return new EventRecord().wrap(payload, 0, payloadSize, 1_000_000, 0, "test");
    }

    /** Renders one record of a one-event format: the text after {@code "name: "}. */
    private String render(String fields, String printFmt, int payloadSize, Consumer<MemorySegment> fill) {
        EventFormat f = synthetic("synthetic", 4000, fields, printFmt);
        EventRenderer renderer = new EventRenderer(EventFormats.of(List.of(f)), RenderContext.defaults());
        assertThat(renderer.unsupportedReason(f)).as("jtrace renders %s exactly", printFmt).isNull();
        StringBuilder info = new StringBuilder();
        renderer.appendInfo(record(f, payloadSize, fill), info);
        return info.toString();
    }

    private static String field(String decl, int offset, int size, boolean signed) {
        return "\tfield:" + decl + ";\toffset:" + offset + ";\tsize:" + size + ";\tsigned:" + (signed ? 1 : 0) + ";";
    }

    /** A {@code __data_loc} / {@code __rel_loc} word: length in the high 16 bits, offset in the low. */
    private static int loc(int offset, int length) {
        return (length << 16) | offset;
    }

    private static void bytes(MemorySegment p, int offset, int... values) {
        for (int i = 0; i < values.length; i++) {
            p.set(ValueLayout.JAVA_BYTE, offset + i, (byte) values[i]);
        }
    }

    private static void text(MemorySegment p, int offset, String s) {
        byte[] b = s.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        MemorySegment.copy(b, 0, p, ValueLayout.JAVA_BYTE, offset, b.length);
        p.set(ValueLayout.JAVA_BYTE, offset + b.length, (byte) 0);
    }

    @Test
    void shouldFindRelLocStringsFromTheEndOfTheirOwnLocator() {
        // __rel_loc offsets count from the end of the locator field, so the same value 4 means a
        // different place for each field; read as __data_loc they would point into the header.
        String fields = field("__rel_loc char[] a", 8, 4, false) + "\n" + field("__rel_loc char[] b", 12, 4, false);
        String info = render(fields, "\"a=%s b=%s\", __get_rel_str(a), __get_rel_str(b)", 26, p -> {
            p.set(U32, 8, loc(4, 4));   // data at 8 + 4 + 4 = 16: "one\0"
            p.set(U32, 12, loc(4, 6));  // data at 12 + 4 + 4 = 20: "three\0"
            text(p, 16, "one");
            text(p, 20, "three");
        });
        assertThat(info).isEqualTo("a=one b=three");
    }

    @Test
    void shouldReadRelLocDynamicArraysAndTheirLength() {
        String fields = field("__rel_loc u8[] buf", 8, 4, false) + "\n" + field("int x", 12, 4, true);
        String info = render(fields, "\"len=%u hex=%s arr=%s\", __get_rel_dynamic_array_len(buf), "
                + "__print_hex(__get_rel_dynamic_array(buf), __get_rel_dynamic_array_len(buf)), "
                + "__print_array(__get_rel_dynamic_array(buf), __get_rel_dynamic_array_len(buf) / 2, 2)", 24, p -> {
                    p.set(U32, 8, loc(4, 6)); // 12 + 4 = 16, past the int field x
                    p.set(U32, 12, -1);
                    bytes(p, 16, 0xde, 0xad, 0xbe, 0xef, 0x01, 0x02);
                });
        // u16 elements are little-endian: 0xadde, 0xefbe, 0x0201
        assertThat(info).isEqualTo("len=6 hex=de ad be ef 01 02 arr={0xadde,0xefbe,0x201}");
    }

    @Test
    void shouldPrintSockaddrsWithPortsAndCompressedIpv6() {
        String fields = field("__data_loc u8[] addr", 8, 4, false);
        String v4 = render(fields, "\"%pISpc\", __get_sockaddr(addr)", 28, p -> {
            p.set(U32, 8, loc(12, 16));
            p.set(U16, 12, (short) 2);                             // AF_INET, host order
            p.set(U16.withOrder(ByteOrder.BIG_ENDIAN), 14, (short) 8080);
            bytes(p, 16, 192, 168, 1, 20);
        });
        assertThat(v4).isEqualTo("192.168.1.20:8080");

        String v6 = render(fields, "\"%pISpc\", __get_sockaddr(addr)", 40, p -> {
            p.set(U32, 8, loc(12, 28));
            p.set(U16, 12, (short) 10);                            // AF_INET6
            p.set(U16.withOrder(ByteOrder.BIG_ENDIAN), 14, (short) 443);
            // 2001:db8:0:0:1:0:0:1: two zero runs of equal length, the first is compressed
            bytes(p, 20, 0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 1);
        });
        assertThat(v6).isEqualTo("[2001:db8::1:0:0:1]:443");

        String mapped = render(fields, "\"%pISpc\", __get_sockaddr(addr)", 40, p -> {
            p.set(U32, 8, loc(12, 28));
            p.set(U16, 12, (short) 10);
            p.set(U16.withOrder(ByteOrder.BIG_ENDIAN), 14, (short) 53);
            bytes(p, 20, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 127, 0, 0, 1); // v4-mapped: dotted tail
        });
        assertThat(mapped).isEqualTo("[::ffff:127.0.0.1]:53");
    }

    @Test
    void shouldPrintBitmasksInThirtyTwoBitChunksMostSignificantFirst() {
        String fields = field("__data_loc unsigned long[] wide", 8, 4, false) + "\n"
                + field("__data_loc unsigned long[] odd", 12, 4, false) + "\n"
                + field("__data_loc unsigned long[] one", 16, 4, false);
        String info = render(fields, "\"wide=%s odd=%s one=%s\", __get_bitmask(wide), __get_bitmask(odd), "
                + "__get_bitmask(one)", 48, p -> {
                    p.set(U32, 8, loc(20, 16));
                    p.set(U64, 20, 1L | 1L << 5 | 1L << 33);
                    p.set(U64, 28, 1L << 31);                      // bit 95
                    p.set(U32, 12, loc(36, 6));                    // 48 bits: a first chunk of 16 bits
                    bytes(p, 36, 0x01, 0, 0, 0, 0x34, 0x12);
                    p.set(U32, 16, loc(42, 1));                    // 8 bits: a chunk of two digits
                    bytes(p, 42, 0x0a);
                });
        assertThat(info).isEqualTo("wide=00000000,80000000,00000002,00000021 odd=1234,00000001 one=0a");
    }

    @Test
    void shouldPrintCpumasksAsBitmasks() {
        // ipi_send_cpumask's shape on a two-CPU machine: one unsigned long
        String fields = field("__data_loc cpumask_t cpumask", 8, 4, false) + "\n"
                + field("__rel_loc cpumask_t rel", 12, 4, false);
        String info = render(fields, "\"cpumask=%s rel=%s\", __get_cpumask(cpumask), __get_rel_cpumask(rel)", 32,
                p -> {
                    p.set(U32, 8, loc(16, 8));
                    p.set(U64, 16, 0b11L);
                    p.set(U32, 12, loc(8, 8));                     // 12 + 4 + 8 = 24
                    p.set(U64, 24, 1L << 36 | 1L << 4);
                });
        assertThat(info).isEqualTo("cpumask=00000000,00000003 rel=00000010,00000010");
    }

    @Test
    void shouldPrintHexBytesSpacedOrConcatenatedAcrossSixteenByteChunks() {
        String fields = field("u8 buf[20]", 8, 20, false) + "\n" + field("int len", 28, 4, true);
        String fmt = "\"[%s] [%s]\", __print_hex(REC->buf, REC->len), __print_hex_str(REC->buf, REC->len)";
        String info = render(fields, fmt, 32, p -> {
            for (int i = 0; i < 20; i++) {
                p.set(ValueLayout.JAVA_BYTE, 8 + i, (byte) (i * 17));
            }
            p.set(U32, 28, 18);
        });
        assertThat(info).isEqualTo("[00 11 22 33 44 55 66 77 88 99 aa bb cc dd ee ff 10 21] "
                + "[00112233445566778899aabbccddeeff1021]");
        String empty = render(fields, fmt, 32, p -> p.set(U32, 28, 0));
        assertThat(empty).isEqualTo("[] []");
    }

    @Test
    void shouldPrintArraysOfEveryElementSizeInHexWithoutPadding() {
        String fields = field("u8 b[3]", 8, 3, false) + "\n" + field("u16 h[2]", 12, 4, false) + "\n"
                + field("u32 w[2]", 16, 8, false) + "\n" + field("u64 q[2]", 24, 16, false);
        String info = render(fields, "\"%s %s %s %s %s\", __print_array(REC->b, 3, 1), "
                + "__print_array(REC->h, 2, sizeof(u16)), __print_array(REC->w, 2, 4), "
                + "__print_array(REC->q, 2, sizeof(u64)), __print_array(REC->q, 0, 8)", 40, p -> {
                    bytes(p, 8, 0x00, 0x0f, 0xff);
                    p.set(U16, 12, (short) 0xbeef);
                    p.set(U16, 14, (short) 1);
                    p.set(U32, 16, 0xffffffff);
                    p.set(U32, 20, 0x10);
                    p.set(U64, 24, -1L);
                    p.set(U64, 32, 0x123456789aL);
                });
        assertThat(info).isEqualTo("{0x0,0xf,0xff} {0xbeef,0x1} {0xffffffff,0x10} {0xffffffffffffffff,0x123456789a} {}");
    }

    @Test
    void shouldPrintDynamicArraysCountingElementsFromTheByteLength() {
        String fields = field("__data_loc u32[] ids", 8, 4, false) + "\n" + field("__data_loc u64[] big", 12, 4, false);
        String info = render(fields, "\"ids=%s n=%d big=%s bytes=%u\", __print_dynamic_array(ids, sizeof(u32)), "
                + "__get_dynamic_array_len(ids) / 4, __print_dynamic_array(big, 8), __get_dynamic_array_len(big)",
                48, p -> {
                    p.set(U32, 8, loc(16, 12));
                    p.set(U32, 16, 7);
                    p.set(U32, 20, 0xabc);
                    p.set(U32, 24, 0x80000000);
                    p.set(U32, 12, loc(28, 20)); // 20 bytes: two whole u64s; the rest is not an element
                    p.set(U64, 28, 0x1122334455667788L);
                    p.set(U64, 36, 2L);
                });
        assertThat(info).isEqualTo("ids={0x7,0xabc,0x80000000} n=3 big={0x1122334455667788,0x2} bytes=20");
    }

    @Test
    void shouldPrintSixtyFourBitFlagsAndSymbols() {
        String fields = field("u64 flags", 8, 8, false) + "\n" + field("u64 state", 16, 8, false);
        String fmt = "\"%s %s\", __print_flags_u64(REC->flags, \"|\", { 0x1ULL, \"LOW\" }, "
                + "{ 0x100000000ULL, \"HIGH\" }, { 0x8000000000000000ULL, \"TOP\" }), "
                + "__print_symbolic_u64(REC->state, { 0x200000000ULL, \"BIG\" }, { 1, \"ONE\" })";
        String both = render(fields, fmt, 24, p -> {
            p.set(U64, 8, 1L | 1L << 32 | 1L << 63 | 1L << 40);
            p.set(U64, 16, 0x200000000L);
        });
        // matched names in table order, then the leftover bits in hex; 32-bit truncation would lose HIGH and TOP
        assertThat(both).isEqualTo("LOW|HIGH|TOP|0x10000000000 BIG");
        String unknown = render(fields, fmt, 24, p -> {
            p.set(U64, 8, 1L << 40);
            p.set(U64, 16, 0x100000001L);
        });
        assertThat(unknown).isEqualTo("0x10000000000 0x100000001");
        String none = render(fields, fmt, 24, p -> p.set(U64, 16, 1));
        assertThat(none).isEqualTo(" ONE");
    }

    @Test
    void shouldFollowTheKernelForEmptyNamesInFlagAndSymbolTables() {
        // trace_print_flags_seq: a matched empty name counts as the first flag, so the next one gets
        // a delimiter; trace_print_symbols_seq: an empty name prints nothing, then the value in hex
        String fields = field("unsigned long v", 8, 8, false);
        String info = render(fields, "\"%s/%s\", __print_flags(REC->v, \"|\", { 1, \"\" }, { 2, \"B\" }), "
                + "__print_symbolic(REC->v, { 3, \"\" })", 16, p -> p.set(U64, 8, 3L));
        assertThat(info).isEqualTo("|B/0x3");
    }

    @Test
    void shouldPrintTheExpandedNsToSecsShape() {
        // What __print_ns_to_secs / __print_ns_without_secs become in format files (stage 7)
        String fields = field("u64 t", 8, 8, false) + "\n" + field("s64 d", 16, 8, true);
        String fmt = "\"t=%llu.%09llu d=%llu.%09llu\", (REC->t) / 1000000000UL, (REC->t) % 1000000000UL, "
                + "(REC->d) / 1000000000UL, (REC->d) % 1000000000UL";
        String info = render(fields, fmt, 24, p -> {
            p.set(U64, 8, 5_000_000_123L);
            p.set(U64, 16, 999L);
        });
        assertThat(info).isEqualTo("t=5.000000123 d=0.000000999");
        // unsigned long division: -1 (s64) converts to 2^64 - 1 before dividing, as in C
        String max = render(fields, fmt, 24, p -> {
            p.set(U64, 8, -1L);
            p.set(U64, 16, -1L);
        });
        assertThat(max).isEqualTo("t=18446744073.709551615 d=18446744073.709551615");
    }

    @Test
    void shouldDumpOnlyTheEventWithAnUnknownHelperAndRenderTheNextRecordNormally() {
        EventFormat odd = synthetic("odd", 4001, field("int x", 8, 4, true), "\"x=%d\", __foo(REC->x)");
        EventFormat plain = synthetic("plain", 4002, field("int y", 8, 4, true), "\"y=%d\", REC->y");
        EventRenderer renderer = new EventRenderer(EventFormats.of(List.of(odd, plain)),
                new RenderContext(KernelSymbols.empty(), Map.of(), CommTable.parse("1 init\n", ""), "local", false));
        assertThat(renderer.unsupportedReason(odd)).isEqualTo("helper __foo() is not supported");
        assertThat(renderer.unsupportedReason(plain)).isNull();

        StringBuilder line = new StringBuilder();
        renderer.appendLine(record(odd, 12, p -> p.set(U32, 8, -7)), line);
        assertThat(line).hasToString("            init-1       [000] .....     0.001000: odd: "
                + "[jtrace: helper __foo() is not supported] x=-7");
        line.setLength(0);
        renderer.appendLine(record(plain, 12, p -> p.set(U32, 8, 42)), line);
        assertThat(line).hasToString("            init-1       [000] .....     0.001000: plain: y=42");
    }
}
