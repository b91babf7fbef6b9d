package dev.jtrace.traceevent.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jtrace.core.testing.KernelTests;
import dev.jtrace.traceevent.TestPrerequisites;
import dev.jtrace.traceevent.printfmt.Conversion;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * C's printf (coreutils {@code /usr/bin/printf}) as an oracle for the cases where C and the kernel
 * agree: no {@code hh}/{@code h} truncation (coreutils ignores length modifiers), no zero with
 * {@code #} or with precision 0, no {@code 0} flag together with a precision. Without printf the
 * tests skip, or fail under {@code CI=true}.
 */
class KernelPrintfCTest {
    private static final Path PRINTF = TestPrerequisites.PRINTF;

    @ParameterizedTest(name = "{0} of {1}")
    @CsvSource(delimiter = '|', textBlock = """
            %d     | 0
            %d     | -2147483648
            %ld    | -9223372036854775808
            %lu    | 18446744073709551615
            %5d    | 42
            %-5d   | 42
            %05d   | -42
            %+d    | 42
            % d    | 42
            %+ d   | 42
            %x     | 3735928559
            %X     | 3735928559
            %#x    | 255
            %#X    | 255
            %#o    | 8
            %o     | 0
            %.3d   | 7
            %8.3d  | -7
            %-8.3x | 255
            %#10x  | 255
            %#010x | 255
            %016lx | 4660
            %u     | 4294967295
            %3u    | 12345
            """)
    void shouldAgreeWithCoreutilsPrintfWhereKernelAndCAgree(String spec, String value) throws Exception {
        KernelTests.require(TestPrerequisites.COREUTILS_PRINTF);
        Process p = new ProcessBuilder(PRINTF.toString(), "[" + spec + "]", value).start();
        String c = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
        assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
        Conversion conv = KernelPrintfTest.conv(spec);
        StringBuilder sb = new StringBuilder("[");
        KernelPrintf.appendInteger(sb, conv, conv.width(), conv.precision(), Long.parseUnsignedLong(
                value.startsWith("-") ? value.substring(1) : value) * (value.startsWith("-") ? -1 : 1));
        sb.append(']');
        assertThat(sb).hasToString(c);
    }

    @ParameterizedTest(name = "{0} of {1}")
    @CsvSource(delimiter = '|', textBlock = """
            %s     | abc
            %6s    | abc
            %-6s   | abc
            %.2s   | abc
            %6.2s  | abc
            %c     | A
            %4c    | A
            %-4c   | A
            """)
    void shouldAgreeWithCoreutilsPrintfForStringsAndChars(String spec, String value) throws Exception {
        KernelTests.require(TestPrerequisites.COREUTILS_PRINTF);
        Process p = new ProcessBuilder(PRINTF.toString(), "[" + spec + "]", value).start();
        String c = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
        assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
        Conversion conv = KernelPrintfTest.conv(spec);
        StringBuilder sb = new StringBuilder("[");
        if (conv.conversion() == 'c') {
            KernelPrintf.appendChar(sb, conv, conv.width(), value.charAt(0));
        } else {
            KernelPrintf.appendString(sb, conv, conv.width(), conv.precision(), value);
        }
        sb.append(']');
        assertThat(sb).hasToString(c);
    }
}
