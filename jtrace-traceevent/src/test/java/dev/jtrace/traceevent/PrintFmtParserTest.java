package dev.jtrace.traceevent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jtrace.core.MalformedDataException;
import dev.jtrace.traceevent.printfmt.BinaryOp;
import dev.jtrace.traceevent.printfmt.Expr;
import dev.jtrace.traceevent.printfmt.Expr.Binary;
import dev.jtrace.traceevent.printfmt.Expr.Call;
import dev.jtrace.traceevent.printfmt.Expr.Cast;
import dev.jtrace.traceevent.printfmt.Expr.CharLiteral;
import dev.jtrace.traceevent.printfmt.Expr.FieldRef;
import dev.jtrace.traceevent.printfmt.Expr.Ident;
import dev.jtrace.traceevent.printfmt.Expr.Index;
import dev.jtrace.traceevent.printfmt.Expr.InitList;
import dev.jtrace.traceevent.printfmt.Expr.IntLiteral;
import dev.jtrace.traceevent.printfmt.Expr.Member;
import dev.jtrace.traceevent.printfmt.Expr.Paren;
import dev.jtrace.traceevent.printfmt.Expr.SizeofExpr;
import dev.jtrace.traceevent.printfmt.Expr.SizeofType;
import dev.jtrace.traceevent.printfmt.Expr.StringLiteral;
import dev.jtrace.traceevent.printfmt.Expr.Ternary;
import dev.jtrace.traceevent.printfmt.Expr.Unary;
import dev.jtrace.traceevent.printfmt.PrintFmt;
import dev.jtrace.traceevent.printfmt.UnaryOp;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The exact expression trees of hard print fmts from the captured kernel formats, and C details. */
class PrintFmtParserTest {

    @Test
    void shouldParseSchedSwitchPrevStateTernaryWithPrintFlagsBraceLists() {
        PrintFmt fmt = FormatFixtures.parse("sched", "sched_switch").printFmt();
        assertThat(fmt.format()).isEqualTo(
                "prev_comm=%s prev_pid=%d prev_prio=%d prev_state=%s%s ==> next_comm=%s next_pid=%d next_prio=%d");
        assertThat(fmt.args()).hasSize(8);
        assertThat(fmt.args().subList(0, 3)).containsExactly(ref("prev_comm"), ref("prev_pid"), ref("prev_prio"));

        // (0x00000000 | 0x00000001 | ... | 0x00000040)
        Expr mask = hex(0);
        for (int bit = 0; bit <= 6; bit++) {
            mask = new Binary(BinaryOp.BIT_OR, mask, hex(1 << bit));
        }
        Expr plusOne = new Paren(new Binary(BinaryOp.ADD, new Paren(mask), dec(1)));
        Expr shifted = new Binary(BinaryOp.SHIFT_LEFT, plusOne, dec(1));
        Expr stateMask = new Paren(new Binary(BinaryOp.SUBTRACT, new Paren(shifted), dec(1)));
        Expr masked = new Binary(BinaryOp.BIT_AND, ref("prev_state"), stateMask);

        Ternary state = (Ternary) fmt.args().get(3);
        assertThat(state.condition()).isEqualTo(new Paren(masked));
        assertThat(state.ifFalse()).isEqualTo(str("R"));
        Call flags = (Call) state.ifTrue();
        assertThat(flags.function()).isEqualTo("__print_flags");
        assertThat(flags.args()).hasSize(10);
        assertThat(flags.args().get(0)).isEqualTo(masked);
        assertThat(flags.args().get(1)).isEqualTo(str("|"));
        assertThat(flags.args().get(2)).isEqualTo(new InitList(List.of(hex(1), str("S"))));
        assertThat(flags.args().get(9)).isEqualTo(new InitList(List.of(hex(0x80), str("I"))));

        // REC->prev_state & (X << 1) ? "+" : ""
        Expr preempted = new Binary(BinaryOp.BIT_AND, ref("prev_state"), new Paren(shifted));
        assertThat(fmt.args().get(4)).isEqualTo(new Ternary(preempted, str("+"), str("")));
        assertThat(fmt.args().subList(5, 8)).containsExactly(ref("next_comm"), ref("next_pid"), ref("next_prio"));
    }

    @Test
    void shouldParseHrtimerStartCastsAndSymbolicIdentifiers() {
        PrintFmt fmt = FormatFixtures.parse("timer", "hrtimer_start").printFmt();
        assertThat(fmt.args().subList(0, 4)).containsExactly(
                ref("hrtimer"), ref("function"),
                new Cast("unsigned long long", ref("expires")),
                new Cast("unsigned long long", ref("softexpires")));
        Call symbolic = (Call) fmt.args().get(4);
        assertThat(symbolic.function()).isEqualTo("__print_symbolic");
        assertThat(symbolic.args()).hasSize(13);
        assertThat(symbolic.args().get(0)).isEqualTo(ref("mode"));
        assertThat(symbolic.args().get(1)).isEqualTo(new InitList(List.of(new Ident("HRTIMER_MODE_ABS"), str("ABS"))));
        assertThat(symbolic.args().get(4))
                .isEqualTo(new InitList(List.of(new Ident("HRTIMER_MODE_REL_PINNED"), str("REL|PINNED"))));
        assertThat(fmt.args().get(5)).isEqualTo(ref("was_armed"));
    }

    @Test
    void shouldParseNestedTernariesInBothBranches() {
        PrintFmt fmt = FormatFixtures.parse("xfs", "xfs_free_extent").printFmt();
        Expr last = fmt.args().getLast();
        assertThat(last).isEqualTo(new Ternary(ref("haveleft"),
                new Paren(new Ternary(ref("haveright"), str("both"), str("left"))),
                new Paren(new Ternary(ref("haveright"), str("right"), str("none")))));
        // ((unsigned int) ((REC->dev) >> 20))
        assertThat(fmt.args().getFirst()).isEqualTo(new Paren(new Cast("unsigned int",
                new Paren(new Binary(BinaryOp.SHIFT_RIGHT, new Paren(ref("dev")), dec(20))))));
        // ((unsigned int) ((REC->dev) & ((1U << 20) - 1)))
        Expr minor = new Binary(BinaryOp.SUBTRACT,
                new Paren(new Binary(BinaryOp.SHIFT_LEFT, new IntLiteral(1, "1U"), dec(20))), dec(1));
        assertThat(fmt.args().get(1)).isEqualTo(new Paren(new Cast("unsigned int",
                new Paren(new Binary(BinaryOp.BIT_AND, new Paren(ref("dev")), new Paren(minor))))));
    }

    @Test
    void shouldParseATernaryChainWithNegationAndConcatenatedStrings() {
        PrintFmt fmt = FormatFixtures.parse("kvm", "kvm_userspace_exit").printFmt();
        Ternary reason = (Ternary) fmt.args().get(0);
        Expr negative = new Binary(BinaryOp.LESS, ref("errno"), dec(0));
        assertThat(reason.condition()).isEqualTo(negative);
        assertThat(reason.ifTrue()).isEqualTo(new Paren(new Ternary(
                new Binary(BinaryOp.EQUAL, ref("errno"), new Unary(UnaryOp.NEGATE, dec(4))),
                str("restart"), str("error"))));
        Call symbolic = (Call) reason.ifFalse();
        assertThat(symbolic.args().get(1)).isEqualTo(new InitList(List.of(dec(0),
                new StringLiteral("KVM_EXIT_UNKNOWN", "\"KVM_EXIT_\" \"UNKNOWN\""))));
        assertThat(fmt.args().get(1)).isEqualTo(new Ternary(negative,
                new Unary(UnaryOp.NEGATE, ref("errno")), ref("reason")));
    }

    @Test
    void shouldParseCharLiteralsAsTernaryBranches() {
        PrintFmt fmt = FormatFixtures.parse("tcp", "tcp_hash_md5_required").printFmt();
        assertThat(fmt.args().getLast()).isEqualTo(new Ternary(ref("ack"),
                new CharLiteral('.', "'.'"), new CharLiteral(' ', "' '")));
        Call state = (Call) fmt.args().get(1);
        assertThat(state.args().get(1)).isEqualTo(new InitList(List.of(new Ident("TCP_ESTABLISHED"), str("TCP_ESTABLISHED"))));
    }

    @Test
    void shouldParseSizeofAndNestedHelperCalls() {
        PrintFmt fmt = FormatFixtures.parse("dma", "dma_alloc_sgt").printFmt();
        assertThat(fmt.args().get(0)).isEqualTo(new Call("__get_str", List.of(new Ident("device"))));
        assertThat(fmt.args().get(4)).isEqualTo(new Call("__print_array", List.of(
                new Call("__get_dynamic_array", List.of(new Ident("phys_addrs"))),
                new Binary(BinaryOp.DIVIDE, new Call("__get_dynamic_array_len", List.of(new Ident("phys_addrs"))),
                        new SizeofType("u64")),
                new SizeofType("u64"))));
        Ternary flags = (Ternary) fmt.args().get(5);
        Call printFlags = (Call) flags.ifTrue();
        InitList first = (InitList) printFlags.args().get(2);
        // {( unsigned long)(...), "GFP_TRANSHUGE"}: the cast keeps the normalized type name
        assertThat(first.elements().get(0)).isInstanceOf(Cast.class)
                .extracting(e -> ((Cast) e).type()).isEqualTo("unsigned long");
        assertThat(first.elements().get(1)).isEqualTo(str("GFP_TRANSHUGE"));
    }

    @Test
    void shouldParseCastsOfParenthesizedRecAndIndexing() {
        PrintFmt repeats = FormatFixtures.parse("ftrace", "func_repeats").printFmt();
        // (((u64)(REC)->top_delta_ts << 32) | (REC)->bottom_delta_ts)
        assertThat(repeats.args().get(0)).isEqualTo(new Cast("void *", ref("ip")));
        assertThat(repeats.args().getLast()).isEqualTo(new Paren(new Binary(BinaryOp.BIT_OR,
                new Paren(new Binary(BinaryOp.SHIFT_LEFT, new Cast("u64", ref("top_delta_ts")), dec(32))),
                ref("bottom_delta_ts"))));
        PrintFmt raw = FormatFixtures.parse("ftrace", "raw_data").printFmt();
        assertThat(raw.args()).containsExactly(ref("id"), new Cast("int", new Index(ref("buf"), dec(0))));
    }

    @Test
    void shouldConcatenateAdjacentFormatStringLiterals() {
        PrintFmt fmt = FormatFixtures.parse("ftrace", "kernel_stack").printFmt();
        assertThat(fmt.format()).isEqualTo("\t=> %ps\n".repeat(8));
        assertThat(fmt.args()).hasSize(8);
        assertThat(fmt.args().get(7)).isEqualTo(new Cast("void *", new Index(ref("caller"), dec(7))));
    }

    @Test
    void shouldKeepGnuStatementExpressionsAsRawText() {
        EventFormat sg = FormatFixtures.parse("dma", "dma_map_sg");
        assertThat(sg.printFmtError()).isNull();
        Expr.Raw raw = (Expr.Raw) sg.printFmt().args().get(2);
        assertThat(raw.isStatementExpression()).isTrue();
        assertThat(raw.text()).startsWith("({ int __UNIQUE_ID_x_").endsWith("; })");
        assertThat(sg.printFmt().args().get(3)).isEqualTo(ref("full_nents"));

        EventFormat kvm = FormatFixtures.parse("kvmmmu", "kvm_mmu_get_page");
        assertThat(kvm.printFmtError()).isNull();
        assertThat(kvm.printFmt().args().getFirst()).isInstanceOf(Expr.Raw.class);
    }

    @Test
    void shouldApplyCPrecedenceAndLeftAssociativity() {
        assertThat(arg("1 + 2 * 3 - 4")).isEqualTo(new Binary(BinaryOp.SUBTRACT,
                new Binary(BinaryOp.ADD, dec(1), new Binary(BinaryOp.MULTIPLY, dec(2), dec(3))), dec(4)));
        assertThat(arg("a || b && c | d ^ e & f == g < h << i")).isEqualTo(
                new Binary(BinaryOp.LOGICAL_OR, id("a"), new Binary(BinaryOp.LOGICAL_AND, id("b"),
                        new Binary(BinaryOp.BIT_OR, id("c"), new Binary(BinaryOp.BIT_XOR, id("d"),
                                new Binary(BinaryOp.BIT_AND, id("e"), new Binary(BinaryOp.EQUAL, id("f"),
                                        new Binary(BinaryOp.LESS, id("g"),
                                                new Binary(BinaryOp.SHIFT_LEFT, id("h"), id("i"))))))))));
        assertThat(arg("a ? b : c ? d : e")).isEqualTo(new Ternary(id("a"), id("b"), new Ternary(id("c"), id("d"), id("e"))));
        assertThat(arg("!~-*&x")).isEqualTo(new Unary(UnaryOp.NOT, new Unary(UnaryOp.COMPLEMENT,
                new Unary(UnaryOp.NEGATE, new Unary(UnaryOp.DEREFERENCE, new Unary(UnaryOp.ADDRESS_OF, id("x")))))));
        assertThat(arg("a % b / c >= d != e")).isEqualTo(new Binary(BinaryOp.NOT_EQUAL,
                new Binary(BinaryOp.GREATER_EQUAL, new Binary(BinaryOp.DIVIDE,
                        new Binary(BinaryOp.REMAINDER, id("a"), id("b")), id("c")), id("d")), id("e")));
    }

    @Test
    void shouldTellCastsFromParenthesizedExpressions() {
        assertThat(arg("(x) - 1")).isEqualTo(new Binary(BinaryOp.SUBTRACT, new Paren(id("x")), dec(1)));
        assertThat(arg("(u32) - 1")).isEqualTo(new Cast("u32", new Unary(UnaryOp.NEGATE, dec(1))));
        assertThat(arg("(unsigned long)-1")).isEqualTo(new Cast("unsigned long", new Unary(UnaryOp.NEGATE, dec(1))));
        assertThat(arg("(struct foo *)REC->p")).isEqualTo(new Cast("struct foo *", ref("p")));
        assertThat(arg("(char)REC->c")).isEqualTo(new Cast("char", ref("c")));
        assertThat(arg("(mytype)(REC->c)")).isEqualTo(new Cast("mytype", new Paren(ref("c"))));
        assertThat(arg("(const char **)x")).isEqualTo(new Cast("const char **", id("x")));
        assertThat(arg("(REC)->x")).isEqualTo(ref("x"));
        assertThat(arg("sizeof(REC->x)")).isEqualTo(new SizeofExpr(new Paren(ref("x"))));
        assertThat(arg("sizeof REC->x")).isEqualTo(new SizeofExpr(ref("x")));
        assertThat(arg("sizeof(struct foo)")).isEqualTo(new SizeofType("struct foo"));
        assertThat(arg("REC->a.b->c[2]")).isEqualTo(new Index(new Member(new Member(ref("a"), "b", false), "c", true), dec(2)));
        assertThat(arg("f()")).isEqualTo(new Call("f", List.of()));
        assertThat(arg("{ }")).isEqualTo(new InitList(List.of()));
        assertThat(arg("{ 1, 2, }")).isEqualTo(new InitList(List.of(dec(1), dec(2))));
    }

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource({
        "0, 0", "42, 42", "0x1f, 31", "0X1F, 31", "017, 15", "1U, 1", "1UL, 1", "1ULL, 1", "10lu, 10",
        "0xffffffffffffffff, -1", "18446744073709551615, -1", "9223372036854775807, 9223372036854775807",
    })
    void shouldReadIntegerConstantsWithTheirSuffixes(String text, long value) {
        assertThat(arg(text)).isEqualTo(new IntLiteral(value, text));
    }

    @Test
    void shouldResolveEscapesInStringAndCharLiterals() {
        PrintFmt fmt = PrintFmt.parse("\"a\\tb\\n\\\\\\\"\\x41\\101\\0z\" \"!\", '\\n', '\\'', '\\x7f', 'R'", "t");
        assertThat(fmt.format()).isEqualTo("a\tb\n\\\"AA\0z!");
        assertThat(fmt.args()).containsExactly(new CharLiteral('\n', "'\\n'"), new CharLiteral('\'', "'\\''"),
                new CharLiteral(0x7f, "'\\x7f'"), new CharLiteral('R', "'R'"));
    }

    @Test
    void shouldReportIntegerSuffixKinds() {
        IntLiteral ull = (IntLiteral) arg("1ULL");
        assertThat(ull.unsignedSuffix()).isTrue();
        assertThat(ull.longSuffixCount()).isEqualTo(2);
        IntLiteral plain = (IntLiteral) arg("7");
        assertThat(plain.unsignedSuffix()).isFalse();
        assertThat(plain.longSuffixCount()).isZero();
    }

    @Test
    void shouldRejectAConstantBeyondSixtyFourBits() {
        assertThatThrownBy(() -> PrintFmt.parse("\"%d\", 0x10000000000000000", "t"))
                .isInstanceOfSatisfying(MalformedDataException.class, e -> {
                    assertThat(e.offset()).isEqualTo(6);
                    assertThat(e.detail()).isEqualTo("integer constant 0x10000000000000000 does not fit in 64 bits");
                });
    }

    private static Expr arg(String expression) {
        PrintFmt fmt = PrintFmt.parse("\"%d\", " + expression, "test");
        assertThat(fmt.args()).hasSize(1);
        return fmt.args().getFirst();
    }

    private static FieldRef ref(String name) {
        return new FieldRef(name);
    }

    private static Ident id(String name) {
        return new Ident(name);
    }

    private static StringLiteral str(String value) {
        return new StringLiteral(value, "\"" + value + "\"");
    }

    private static IntLiteral dec(long value) {
        return new IntLiteral(value, Long.toString(value));
    }

    private static IntLiteral hex(long value) {
        return new IntLiteral(value, String.format("0x%08x", value));
    }
}
