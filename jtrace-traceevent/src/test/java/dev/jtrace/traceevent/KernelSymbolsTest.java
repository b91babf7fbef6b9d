package dev.jtrace.traceevent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jtrace.core.MalformedDataException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Lookup rules of {@link KernelSymbols} on small tables in the layout of /proc/kallsyms. What the
 * kernel prints for real addresses is checked by {@link KernelSymbolsKernelTest}.
 */
class KernelSymbolsTest {
    /** Shaped like this machine's kallsyms: aliases at _stext, text, data between, init text, modules. */
    private static final String KALLSYMS = """
            ffffffff81000000 T srso_alias_untrain_ret
            ffffffff81000000 T _stext
            ffffffff81000000 T _text
            ffffffff81000040 t first
            ffffffff81000100 T second
            ffffffff81000100 T second_alias
            ffffffff81000180 W weak_one
            ffffffff81000200 T _etext
            ffffffff81100000 D some_data
            ffffffff81200000 T _sinittext
            ffffffff81200010 t init_fn
            ffffffff81200100 T _einittext
            ffffffff81300000 R __start_something
            ffffffffc0000000 t mod_a	[alpha]
            ffffffffc0000000 t mod_a_alias	[alpha]
            ffffffffc0000020 T mod_b	[alpha]
            ffffffffc0001000 t other_fn	[beta]
            ffffffffc0002000 t bpf_prog_1234_x	[bpf]
            ffffffffc0002100 t ftrace_trampoline	[__builtin__ftrace]
            """;

    private static final KernelSymbols SYMBOLS = KernelSymbols.parse(KALLSYMS);

    static String symbol(KernelSymbols symbols, long address, boolean offset, boolean module) {
        StringBuilder sb = new StringBuilder();
        symbols.appendSymbol(sb, address, offset, module);
        return sb.toString();
    }

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource(delimiter = '|', textBlock = """
            ffffffff81000000 | srso_alias_untrain_ret+0x0/0x40
            ffffffff8100003f | srso_alias_untrain_ret+0x3f/0x40
            ffffffff81000040 | first+0x0/0xc0
            ffffffff81000123 | second+0x23/0x80
            ffffffff810001ff | weak_one+0x7f/0x80
            ffffffff81000200 | 0xffffffff81000200
            ffffffff81100004 | 0xffffffff81100004
            ffffffff80ffffff | 0xffffffff80ffffff
            ffffffff81200010 | init_fn+0x0/0xf0
            ffffffff812000ff | init_fn+0xef/0xf0
            ffffffff81200100 | 0xffffffff81200100
            ffffffffc0000004 | mod_a+0x4/0x20 [alpha]
            ffffffffc0000020 | mod_b+0x0/0xfe0 [alpha]
            ffffffffc0001008 | other_fn+0x8/0x1000 [beta]
            ffffffffc0002010 | bpf_prog_1234_x+0x10/0x0
            ffffffffc0002100 | bpf_prog_1234_x+0x100/0x0
            0                | 0x0
            1234             | 0x1234
            """)
    void shouldRenderLikeSprintSymbol(String hex, String expected) {
        assertThat(symbol(SYMBOLS, Long.parseUnsignedLong(hex, 16), true, true)).isEqualTo(expected);
    }

    @Test
    void shouldPrintTheFirstAliasInTableOrder() {
        assertThat(symbol(SYMBOLS, 0xffffffff81000100L, false, true)).isEqualTo("second");
        assertThat(symbol(SYMBOLS, 0xffffffffc0000010L, false, true)).isEqualTo("mod_a [alpha]");
    }

    @Test
    void shouldOmitOffsetOrModuleOnRequest() {
        assertThat(symbol(SYMBOLS, 0xffffffffc0000024L, false, true)).isEqualTo("mod_b [alpha]");
        assertThat(symbol(SYMBOLS, 0xffffffffc0000024L, true, false)).isEqualTo("mod_b+0x4/0xfe0");
        assertThat(symbol(SYMBOLS, 0xffffffffc0000024L, false, false)).isEqualTo("mod_b");
    }

    @Test
    void shouldLookUpABacktraceAddressOneByteEarlierButPrintItsOwnOffset() {
        StringBuilder sb = new StringBuilder();
        // A call as the last instruction of "first" returns to the first byte of "second".
        SYMBOLS.appendBacktraceSymbol(sb, 0xffffffff81000100L);
        sb.append('|');
        SYMBOLS.appendBacktraceSymbol(sb, 0xffffffff81000104L);
        sb.append('|');
        SYMBOLS.appendBacktraceSymbol(sb, 0x10L);
        assertThat(sb).hasToString("first+0xc0/0xc0|second+0x4/0x80|0x10");
    }

    @Test
    void shouldResolveNothingWhenTheAddressesAreHidden() {
        KernelSymbols hidden = KernelSymbols.parse(KALLSYMS.replaceAll("(?m)^[0-9a-f]{16}", "0000000000000000"));
        assertThat(symbol(hidden, 0xffffffff81000040L, true, true)).isEqualTo("0xffffffff81000040");
        assertThat(symbol(hidden, 0, true, true)).isEqualTo("0x0");
    }

    @Test
    void shouldAcceptACallerTableInAnyOrder() {
        KernelSymbols table = KernelSymbols.of(List.of(new KernelSymbols.Symbol(0x2000, "b", null),
                new KernelSymbols.Symbol(0x1000, "a", null), new KernelSymbols.Symbol(0x1000, "a2", null),
                new KernelSymbols.Symbol(0x9000, "m", "mod")));
        assertThat(table.size()).isEqualTo(4);
        assertThat(symbol(table, 0x1800, true, true)).isEqualTo("a+0x800/0x1000");
        assertThat(symbol(table, 0x2001, true, true)).isEqualTo("b+0x1/0x0");
        assertThat(symbol(table, 0x9001, true, true)).isEqualTo("m+0x1/0x0 [mod]");
        assertThat(symbol(table, 0x10, true, true)).isEqualTo("0x10");
        assertThatThrownBy(() -> new KernelSymbols.Symbol(1, "", null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldRenderEveryAddressAsHexWithTheEmptyTable() {
        assertThat(symbol(KernelSymbols.empty(), 0xffffffff81000000L, true, true)).isEqualTo("0xffffffff81000000");
        assertThat(KernelSymbols.empty().size()).isZero();
    }

    @ParameterizedTest(name = "line ''{0}''")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            "ffffffff81000000"                 | expected 'address type name'
            "ffffffff81000000 T"               | expected 'address type name'
            "zzzzffff81000000 T foo"           | bad hex digit
            "1ffffffff81000000 T foo"          | expected 'address type name'
            "ffffffff81000000 T foo\t[mod"     | expected '\\t[module]'
            "ffffffff81000000 T foo\t[]"       | expected '\\t[module]'
            "ffffffff81000000 T \t[mod]"       | empty symbol name
            """)
    void shouldRejectMalformedLinesNamingTheLine(String line, String problem) {
        String text = "ffffffff81000000 T ok\n" + line.replace("\\t", "\t") + "\n";
        assertThatThrownBy(() -> KernelSymbols.parse(text)).isInstanceOf(MalformedDataException.class)
                .hasMessageStartingWith("kallsyms text at byte ").hasMessageContaining(problem);
    }

    @Test
    void shouldLoadAFileAsBytes(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("kallsyms");
        Files.writeString(file, KALLSYMS);
        KernelSymbols loaded = KernelSymbols.load(file);
        assertThat(loaded.size()).isEqualTo(SYMBOLS.size()).isEqualTo(18);
        assertThat(symbol(loaded, 0xffffffff81000041L, true, true)).isEqualTo("first+0x1/0xc0");
        assertThatThrownBy(() -> KernelSymbols.parse("ffffffff81000000 T ok\nbad\n"))
                .isInstanceOf(MalformedDataException.class).hasMessageStartingWith("kallsyms text at byte 22:");
    }
}
