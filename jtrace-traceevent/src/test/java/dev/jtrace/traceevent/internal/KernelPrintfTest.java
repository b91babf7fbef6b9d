package dev.jtrace.traceevent.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jtrace.core.MalformedDataException;
import dev.jtrace.traceevent.KernelSymbols;
import dev.jtrace.traceevent.printfmt.Conversion;
import dev.jtrace.traceevent.printfmt.PrintFmt;
import dev.jtrace.traceevent.printfmt.Segment;
import java.lang.foreign.MemorySegment;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Unit tables for {@link KernelPrintf}. Expected texts follow lib/vsprintf.c ({@code number()},
 * {@code string()}, {@code pointer()} and the address printers); where they differ from C the row
 * says so. The live comparison with the kernel is {@link KernelPrintfKernelTest}; C's printf is
 * compared, where both agree, in {@link KernelPrintfCTest}.
 */
class KernelPrintfTest {

    static Conversion conv(String spec) {
        List<Segment> segments = PrintFmt.segmentsOf(spec);
        assertThat(segments).hasSize(1);
        return (Conversion) segments.get(0);
    }

    static String integer(String spec, long value) {
        Conversion c = conv(spec);
        StringBuilder sb = new StringBuilder("<");
        KernelPrintf.appendInteger(sb, c, c.width(), c.precision(), value);
        return sb.substring(1);
    }

    @ParameterizedTest(name = "{0} of {1} is ''{2}''")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            %d      | 0                    | 0
            %d      | -1                   | -1
            %d      | 4294967295           | -1
            %i      | 2147483648           | -2147483648
            %u      | -1                   | 4294967295
            %lu     | -1                   | 18446744073709551615
            %llu    | -8446744073709551616 | 10000000000000000000
            %llu    | -8446744073709551617 | 9999999999999999999
            %ld     | -9223372036854775808 | -9223372036854775808
            %Lu     | -1                   | 18446744073709551615
            %zd     | -1                   | -1
            %zu     | -1                   | 18446744073709551615
            %hhd    | 255                  | -1
            %hhu    | 257                  | 1
            %hd     | 65535                | -1
            %hu     | -1                   | 65535
            %x      | 255                  | ff
            %X      | 255                  | FF
            %#x     | 255                  | 0xff
            %#X     | 255                  | 0XFF
            %#x     | 0                    | 0x0
            %#lx    | 0                    | 0x0
            %#o     | 0                    | 0
            %#o     | 8                    | 010
            %o      | 8                    | 10
            %.0d    | 0                    | 0
            %.3d    | 5                    | 005
            %08.3d  | 5                    | 00000005
            %8.3d   | 5                    | "     005"
            %-8.3d  | 5                    | "005     "
            %05d    | -42                  | -0042
            %+d     | 5                    | +5
            % d     | 5                    | " 5"
            %+u     | 5                    | 5
            %-5d    | 3                    | "3    "
            %-05d   | 3                    | "3    "
            %#10x   | 255                  | "      0xff"
            %#010x  | 255                  | 0x000000ff
            %#08x   | 0                    | 0x000000
            %016llx | 4660                 | 0000000000001234
            %08lx   | -1                   | ffffffffffffffff
            %2d     | 100                  | 100
            %-1d    | 7                    | 7
            %03u    | 7                    | 007
            %lld    | -5                   | -5
            %jd     | -5                   | -5
            """)
    void shouldFormatIntegersAsTheKernelsNumber(String spec, long value, String expected) {
        assertThat(integer(spec, value)).isEqualTo(expected);
    }

    @Test
    void shouldLeftJustifyANegativeStarWidthAndZeroANegativeStarPrecision() {
        Conversion c = conv("%*.*d");
        StringBuilder sb = new StringBuilder();
        KernelPrintf.appendInteger(sb, c, KernelPrintf.starWidth(-4), KernelPrintf.starPrecision(-3), 0);
        assertThat(sb).hasToString("0   ");
        assertThat(KernelPrintf.starWidth(1L << 40)).isZero(); // the int argument is the low 32 bits
        assertThat(KernelPrintf.starWidth(Integer.MAX_VALUE)).isEqualTo(KernelPrintf.FIELD_WIDTH_MAX);
        assertThat(KernelPrintf.starPrecision(100_000)).isEqualTo(KernelPrintf.PRECISION_MAX);
    }

    @ParameterizedTest(name = "{0} of {1} is ''{2}''")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            %c   | 65  | A
            %3c  | 65  | "  A"
            %-3c | 65  | "A  "
            %03c | 65  | "  A"
            %.0c | 65  | A
            %c   | 321 | A
            """)
    void shouldFormatCharsIgnoringZeroFlagAndPrecision(String spec, int value, String expected) {
        assertThat(integer(spec, value)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} of ''{1}'' is ''{2}''")
    @CsvSource(delimiter = '|', quoteCharacter = '"', nullValues = "NULL", textBlock = """
            %s    | abc  | abc
            %5s   | abc  | "  abc"
            %-5s  | abc  | "abc  "
            %05s  | abc  | "  abc"
            %.2s  | abc  | ab
            %5.2s | abc  | "   ab"
            %.0s  | abc  | ""
            %2s   | abcd | abcd
            %s    | NULL | (null)
            %.3s  | NULL | (nu
            %8s   | NULL | "  (null)"
            %-8s  | NULL | "(null)  "
            """)
    void shouldFormatStringsWithSpacePaddingOnly(String spec, String value, String expected) {
        Conversion c = conv(spec);
        StringBuilder sb = new StringBuilder("x");
        KernelPrintf.appendString(sb, c, c.width(), c.precision(), value);
        assertThat(sb.substring(1)).isEqualTo(expected);
    }

    @Test
    void shouldStopAStringAtItsFirstNul() {
        StringBuilder sb = new StringBuilder();
        KernelPrintf.appendString(sb, conv("%6s"), 6, Conversion.NONE, "ab\0cd");
        assertThat(sb).hasToString("    ab");
    }

    @ParameterizedTest(name = "{0} of {1} is ''{2}''")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            %p    | ffff888012345678 | ffff888012345678
            %p    | 0                | 0000000000000000
            %px   | 1234             | 0000000000001234
            %pK   | 1234             | 0000000000001234
            %20p  | 1234             | "                1234"
            %-20p | 1234             | "1234                "
            %020p | 1234             | 00000000000000001234
            %#p   | 1234             | 0x00000000001234
            %pS   | 1234             | 0x1234
            %ps   | 0                | 0x0
            %pB   | 1234             | 0x1234
            %8pS  | 1234             | "  0x1234"
            %.3pS | 1234             | 0x1
            """)
    void shouldFormatPointerValues(String spec, String hex, String expected) {
        Conversion c = conv(spec);
        StringBuilder sb = new StringBuilder();
        KernelPrintf.appendPointer(sb, c, c.width(), c.precision(), Long.parseUnsignedLong(hex, 16),
                KernelSymbols.empty());
        assertThat(sb).hasToString(expected);
    }

    @Test
    void shouldFormatSymbolsThroughTheTableWithWidthAndPrecision() {
        KernelSymbols symbols = KernelSymbols.parse("""
                ffffffff81000000 T _stext
                ffffffff81000100 T foo
                ffffffff81000180 T bar
                ffffffff81001000 T _etext
                """);
        StringBuilder sb = new StringBuilder();
        Conversion c = conv("%-20pS");
        KernelPrintf.appendPointer(sb, c, c.width(), c.precision(), 0xffffffff81000110L, symbols);
        sb.append('|');
        KernelPrintf.appendPointer(sb, conv("%ps"), Conversion.NONE, Conversion.NONE, 0xffffffff81000110L, symbols);
        sb.append('|');
        KernelPrintf.appendPointer(sb, conv("%pB"), Conversion.NONE, Conversion.NONE, 0xffffffff81000180L, symbols);
        sb.append('|');
        KernelPrintf.appendPointer(sb, conv("%pSR"), Conversion.NONE, Conversion.NONE, 0xffffffff81000180L, symbols);
        assertThat(sb).hasToString("foo+0x10/0x80       |foo|foo+0x80/0x80|bar+0x0/0xe80");
    }

    static String data(String spec, String hex) {
        return data(spec, KernelPrintfTest.conv(spec).width(), hex);
    }

    static String data(String spec, int width, String hex) {
        Conversion c = conv(spec);
        byte[] bytes = HexFormat.of().parseHex(hex);
        StringBuilder sb = new StringBuilder();
        assertThat(KernelPrintf.readsMemory(c)).as("%s reads memory", spec).isTrue();
        KernelPrintf.appendPointerData(sb, c, width, c.precision(), MemorySegment.ofArray(bytes), 0, bytes.length);
        return sb.toString();
    }

    @ParameterizedTest(name = "{0} of {1} is ''{2}''")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            %pI4    | 7f000001                         | 127.0.0.1
            %pi4    | 7f000001                         | 127.000.000.001
            %pI4h   | 0100007f                         | 127.0.0.1
            %pI4l   | 0100007f                         | 127.0.0.1
            %pI4n   | 7f000001                         | 127.0.0.1
            %pI4b   | 7f000001                         | 127.0.0.1
            %18pI4  | 7f000001                         | "         127.0.0.1"
            %-12pI4 | 0a000001                         | "10.0.0.1    "
            %pI6    | 00000000000000000000000000000001 | 0000:0000:0000:0000:0000:0000:0000:0001
            %pi6    | 00000000000000000000000000000001 | 00000000000000000000000000000001
            %pI6c   | 00000000000000000000000000000001 | ::1
            %pI6c   | 00000000000000000000000000000000 | ::
            %pI6c   | 00000000000000000000ffff7f000001 | ::ffff:127.0.0.1
            %pI6c   | 20010db8000000000000000000000001 | 2001:db8::1
            %pI6c   | 20010db8000000010001000100010001 | 2001:db8:0:1:1:1:1:1
            %pI6c   | 20010000000000010000000000000001 | 2001:0:0:1::1
            %pI6c   | 00010000000000020000000000030004 | 1::2:0:0:3:4
            %pI6c   | 00010000000000000000000000000000 | 1::
            %pI6c   | fe800000000000000000000000000001 | fe80::1
            %pI6c   | fe8000000000000000005efec0000201 | fe80::5efe:192.0.2.1
            %pI6c   | 0102030405060708090a0b0c0d0e0f10 | 102:304:506:708:90a:b0c:d0e:f10
            %pI6c   | 000000000000000000000000c0000201 | ::c000:201
            """)
    void shouldFormatIpAddressesAsTheKernel(String spec, String hex, String expected) {
        assertThat(data(spec, hex)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} of {1} is ''{2}''")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            %pISpc  | 02001f907f0000010000000000000000                         | 127.0.0.1:8080
            %pISc   | 02001f907f0000010000000000000000                         | 127.0.0.1
            %piSp   | 02001f907f0000010000000000000000                         | 127.000.000.001:8080
            %pISpc  | 0a0001bb000000000000000000000000000000000000000100000000 | [::1]:443
            %pISc   | 0a0001bb000000000000000000000000000000000000000100000000 | ::1
            %pIS    | 0a0001bb000000000000000000000000000000000000000100000000 | 0000:0000:0000:0000:0000:0000:0000:0001
            %piSp   | 0a0001bb000000000000000000000000000000000000000100000000 | [00000000000000000000000000000001]:443
            %pISpfsc | 0a0001bbf2345678fe80000000000000000000000000000103000000 | [fe80::1]:443/36984440%3
            %pISpc  | 01000000000000000000000000000000                         | (einval)
            """)
    void shouldFormatSocketAddresses(String spec, String hex, String expected) {
        assertThat(data(spec, hex)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} of {1} is ''{2}''")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            %pM    | 001122aabbcc                     | 00:11:22:aa:bb:cc
            %pMR   | 001122aabbcc                     | cc:bb:aa:22:11:00
            %pMF   | 001122aabbcc                     | 00-11-22-aa-bb-cc
            %pm    | 001122aabbcc                     | 001122aabbcc
            %pmR   | 001122aabbcc                     | ccbbaa221100
            %pU    | 000102030405060708090a0b0c0d0eff | 00010203-0405-0607-0809-0a0b0c0d0eff
            %pUb   | 000102030405060708090a0b0c0d0eff | 00010203-0405-0607-0809-0a0b0c0d0eff
            %pUB   | 000102030405060708090a0b0c0d0eff | 00010203-0405-0607-0809-0A0B0C0D0EFF
            %pUl   | 000102030405060708090a0b0c0d0eff | 03020100-0504-0706-0809-0a0b0c0d0eff
            %pUL   | 000102030405060708090a0b0c0d0eff | 03020100-0504-0706-0809-0A0B0C0D0EFF
            %ph    | 0a0b0c                           | 0a
            %3ph   | 0a0b0c                           | 0a 0b 0c
            %3phC  | 0a0b0c                           | 0a:0b:0c
            %3phD  | 0a0b0c                           | 0a-0b-0c
            %3phN  | 0a0b0c                           | 0a0b0c
            %0ph   | 0a0b0c                           | 0a
            %-3ph  | 0a0b0c                           | 0a 0b 0c
            %pa    | 7856341200000000                 | 0x0000000012345678
            %pad   | 7856341200000000                 | 0x0000000012345678
            %pNF   | ffffffffffffffff                 | 0xffffffffffffffff
            """)
    void shouldFormatMacUuidHexAndAddressValues(String spec, String hex, String expected) {
        assertThat(data(spec, hex)).isEqualTo(expected);
    }

    @Test
    void shouldPadAnEmptyStringToOneSpaceForAStarWidthOfMinusOne() {
        // The kernel turns a * argument of -1 into "left-justified in width 1"; -1 is also the
        // "no width" sentinel, so starWidth must not return it.
        Conversion s = conv("%*s");
        StringBuilder sb = new StringBuilder();
        KernelPrintf.appendString(sb, s, KernelPrintf.starWidth(-1), Conversion.NONE, "");
        assertThat(sb).hasToString(" ");
        sb.setLength(0);
        Conversion d = conv("%0*d");
        KernelPrintf.appendInteger(sb, d, KernelPrintf.starWidth(-1), Conversion.NONE, 7);
        assertThat(sb).hasToString("7");
    }

    @Test
    void shouldPrintNoBytesForAZeroStarWidthButOneByteForTheZeroFlag() {
        // "%0ph": the kernel reads '0' as the zero-pad flag, so the width is absent and 1 byte prints.
        assertThat(data("%*ph", 0, "0a0b")).isEmpty();
        assertThat(data("%0ph", "0a0b")).isEqualTo("0a");
    }

    @ParameterizedTest(name = "{0} of {1} bits of {2} is ''{3}''")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            %*pbl | 40  | ff00000001000000                 | 0-7,32
            %*pb  | 40  | ff00000001000000                 | 01,000000ff
            %*pb  | 32  | ff000000                         | 000000ff
            %*pb  | 4   | ff000000                         | f
            %*pb  | 0   | ""                               | ""
            %*pbl | 0   | ""                               | ""
            %*pbl | 2   | 03                               | 0-1
            %*pbl | 8   | 55                               | 0,2,4,6
            %*pbl | 128 | 0f000000000000000000000000000080 | 0-3,127
            %*pb  | 128 | 0f000000000000000000000000000080 | 80000000,00000000,00000000,0000000f
            %*pb  | 33  | 0000000001000000                 | 1,00000000
            """)
    void shouldFormatBitmapsAsMaskOrList(String spec, int bits, String hex, String expected) {
        assertThat(data(spec, bits, hex)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} with {1} bytes")
    @CsvSource(delimiter = '|', textBlock = """
            %pI4   | 3
            %pI6c  | 15
            %pISpc | 1
            %pISpc | 7
            %pM    | 5
            %pU    | 15
            %4ph   | 3
            %*pbl  | 4
            %pa    | 7
            """)
    void shouldRejectTruncatedDataWithTheConversionAndOffset(String spec, int available) {
        Conversion c = conv(spec);
        byte[] bytes = new byte[64];
        bytes[10] = 2; // AF_INET, for %pIS
        int width = spec.equals("%*pbl") ? 40 : c.width();
        assertThatThrownBy(() -> KernelPrintf.appendPointerData(new StringBuilder(), c, width, Conversion.NONE,
                MemorySegment.ofArray(bytes), 10, available))
                .isInstanceOf(MalformedDataException.class)
                .hasMessageStartingWith("argument of " + spec + " at byte 10: " + spec + " needs ")
                .hasMessageEndingWith("only " + available + " available");
    }

    @Test
    void shouldTreatAnOffsetOutsideTheSegmentAsNoDataAvailable() {
        MemorySegment seg = MemorySegment.ofArray(new byte[8]);
        assertThatThrownBy(() -> KernelPrintf.appendPointerData(new StringBuilder(), conv("%pI4"), -1, -1, seg, 100,
                4)).isInstanceOf(MalformedDataException.class).hasMessageEndingWith("only 0 available");
        assertThatThrownBy(() -> KernelPrintf.appendPointerData(new StringBuilder(), conv("%pI4"), -1, -1, seg, 6,
                4)).isInstanceOf(MalformedDataException.class).hasMessageEndingWith("only 2 available");
    }

    @Test
    void shouldSayWhichPointerConversionsReadMemory() {
        for (String s : new String[] {"%pI4", "%pi6", "%pISpc", "%pM", "%pm", "%pU", "%ph", "%*pb", "%pa", "%pNF"}) {
            assertThat(KernelPrintf.readsMemory(conv(s))).as(s).isTrue();
        }
        for (String s : new String[] {"%p", "%px", "%pS", "%ps", "%pB", "%pK", "%pI", "%pN", "%d", "%s", "%pd"}) {
            assertThat(KernelPrintf.readsMemory(conv(s))).as(s).isFalse();
        }
        assertThatThrownBy(() -> KernelPrintf.appendPointerData(new StringBuilder(), conv("%pS"), -1, -1,
                MemorySegment.ofArray(new byte[8]), 0, 8)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> KernelPrintf.appendInteger(new StringBuilder(), conv("%s"), -1, -1, 0))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldClampHugeWidthsInsteadOfHanging() {
        StringBuilder sb = new StringBuilder();
        KernelPrintf.appendInteger(sb, conv("%d"), Integer.MAX_VALUE, Conversion.NONE, 1);
        assertThat(sb).hasSize(KernelPrintf.FIELD_WIDTH_MAX);
    }
}
