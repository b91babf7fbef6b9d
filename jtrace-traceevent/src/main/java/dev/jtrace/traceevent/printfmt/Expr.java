package dev.jtrace.traceevent.printfmt;

import java.util.List;
import java.util.Objects;

/**
 * One argument expression of a print fmt, as the kernel wrote it after the format string.
 *
 * <p>The tree mirrors C syntax closely enough for a renderer to evaluate it against a record:
 * {@code REC->prev_pid} is a {@link FieldRef}, {@code (unsigned long)REC->ip} a {@link Cast} of a
 * field reference, {@code __print_flags(REC->flags, "|", { 1, "A" })} a {@link Call} whose last
 * argument is an {@link InitList}. Macro and enum names the kernel left unexpanded (for example
 * {@code HRTIMER_MODE_ABS}) are {@link Ident}s. A GNU statement expression {@code ({ ... })} is
 * kept as {@link Raw} text. Records compare by value, so a test can state the expected tree.
 */
public sealed interface Expr {

    /**
     * A field of the event record: {@code REC->name}, also written {@code (REC)->name}.
     *
     * @param name the field name
     */
    record FieldRef(String name) implements Expr {
        /**
         * Checks the name.
         *
         * @param name the field name
         */
        public FieldRef {
            Objects.requireNonNull(name, "name");
        }
    }

    /**
     * Member access on another expression: {@code target.member} or {@code target->member}.
     *
     * @param target the expression whose member is taken
     * @param member the member name
     * @param arrow {@code true} for {@code ->}, {@code false} for {@code .}
     */
    record Member(Expr target, String member, boolean arrow) implements Expr {
        /**
         * Checks the components.
         *
         * @param target the expression whose member is taken
         * @param member the member name
         * @param arrow {@code true} for {@code ->}
         */
        public Member {
            Objects.requireNonNull(target, "target");
            Objects.requireNonNull(member, "member");
        }
    }

    /**
     * Array subscript: {@code array[index]}.
     *
     * @param array the indexed expression
     * @param index the index expression
     */
    record Index(Expr array, Expr index) implements Expr {
        /**
         * Checks the components.
         *
         * @param array the indexed expression
         * @param index the index expression
         */
        public Index {
            Objects.requireNonNull(array, "array");
            Objects.requireNonNull(index, "index");
        }
    }

    /**
     * An integer constant in decimal, hex ({@code 0x}) or octal (leading {@code 0}) with optional
     * {@code U}/{@code L}/{@code UL}/{@code ULL} suffixes.
     *
     * @param value the value as 64 bits (constants above {@link Long#MAX_VALUE} are negative here;
     *     read them with {@link Long#toUnsignedString(long)})
     * @param text the constant as written, suffix included
     */
    record IntLiteral(long value, String text) implements Expr {
        /**
         * Checks the text.
         *
         * @param value the value as 64 bits
         * @param text the constant as written
         */
        public IntLiteral {
            Objects.requireNonNull(text, "text");
        }

        /**
         * Tells whether the constant has a {@code U} suffix.
         *
         * @return {@code true} for an unsigned constant such as {@code 1U} or {@code 0x10UL}
         */
        public boolean unsignedSuffix() {
            return text.indexOf('u') >= 0 || text.indexOf('U') >= 0;
        }

        /**
         * Counts the {@code L} letters of the suffix.
         *
         * @return 0 for {@code int}, 1 for {@code long}, 2 for {@code long long}
         */
        public int longSuffixCount() {
            int n = 0;
            for (int i = text.length() - 1; i >= 0; i--) {
                char c = text.charAt(i);
                if (c == 'l' || c == 'L') {
                    n++;
                } else if (c != 'u' && c != 'U') {
                    break;
                }
            }
            return n;
        }
    }

    /**
     * A character constant such as {@code 'R'} or {@code '\n'}.
     *
     * @param value the character's value (0..255)
     * @param text the constant as written, quotes included
     */
    record CharLiteral(int value, String text) implements Expr {
        /**
         * Checks the text.
         *
         * @param value the character's value
         * @param text the constant as written
         */
        public CharLiteral {
            Objects.requireNonNull(text, "text");
        }
    }

    /**
     * A string literal, adjacent literals already concatenated ({@code "a" "b"} is {@code "ab"}).
     *
     * @param value the string with C escapes resolved (one char per byte, ISO-8859-1 style)
     * @param text the literal(s) as written, quotes included
     */
    record StringLiteral(String value, String text) implements Expr {
        /**
         * Checks the components.
         *
         * @param value the string with escapes resolved
         * @param text the literal(s) as written
         */
        public StringLiteral {
            Objects.requireNonNull(value, "value");
            Objects.requireNonNull(text, "text");
        }
    }

    /**
     * An identifier the kernel did not expand: an enum constant, a macro, a variable.
     *
     * @param name the identifier
     */
    record Ident(String name) implements Expr {
        /**
         * Checks the name.
         *
         * @param name the identifier
         */
        public Ident {
            Objects.requireNonNull(name, "name");
        }
    }

    /**
     * A cast {@code (type)operand}.
     *
     * @param type the type name with single spaces and pointer stars attached as {@code " *"}, for
     *     example {@code "unsigned long"}, {@code "void *"}, {@code "struct page *"}, {@code "u64"}
     * @param operand the converted expression
     */
    record Cast(String type, Expr operand) implements Expr {
        /**
         * Checks the components.
         *
         * @param type the type name
         * @param operand the converted expression
         */
        public Cast {
            Objects.requireNonNull(type, "type");
            Objects.requireNonNull(operand, "operand");
        }
    }

    /**
     * A prefix operator applied to an operand.
     *
     * @param op the operator
     * @param operand the operand
     */
    record Unary(UnaryOp op, Expr operand) implements Expr {
        /**
         * Checks the components.
         *
         * @param op the operator
         * @param operand the operand
         */
        public Unary {
            Objects.requireNonNull(op, "op");
            Objects.requireNonNull(operand, "operand");
        }
    }

    /**
     * A binary operator applied to two operands.
     *
     * @param op the operator
     * @param left the left operand
     * @param right the right operand
     */
    record Binary(BinaryOp op, Expr left, Expr right) implements Expr {
        /**
         * Checks the components.
         *
         * @param op the operator
         * @param left the left operand
         * @param right the right operand
         */
        public Binary {
            Objects.requireNonNull(op, "op");
            Objects.requireNonNull(left, "left");
            Objects.requireNonNull(right, "right");
        }
    }

    /**
     * The conditional operator {@code condition ? ifTrue : ifFalse}.
     *
     * @param condition the condition
     * @param ifTrue the value when the condition is non-zero
     * @param ifFalse the value when it is zero
     */
    record Ternary(Expr condition, Expr ifTrue, Expr ifFalse) implements Expr {
        /**
         * Checks the components.
         *
         * @param condition the condition
         * @param ifTrue the value when non-zero
         * @param ifFalse the value when zero
         */
        public Ternary {
            Objects.requireNonNull(condition, "condition");
            Objects.requireNonNull(ifTrue, "ifTrue");
            Objects.requireNonNull(ifFalse, "ifFalse");
        }
    }

    /**
     * {@code sizeof(type)}.
     *
     * @param type the type name, spelled as in {@link Cast#type()}
     */
    record SizeofType(String type) implements Expr {
        /**
         * Checks the type.
         *
         * @param type the type name
         */
        public SizeofType {
            Objects.requireNonNull(type, "type");
        }
    }

    /**
     * {@code sizeof expr} (or {@code sizeof(expr)}, where the operand is a {@link Paren}).
     *
     * @param operand the expression whose size is taken
     */
    record SizeofExpr(Expr operand) implements Expr {
        /**
         * Checks the operand.
         *
         * @param operand the expression whose size is taken
         */
        public SizeofExpr {
            Objects.requireNonNull(operand, "operand");
        }
    }

    /**
     * A function-like call: a helper such as {@code __print_symbolic}, {@code __get_str} or
     * {@code __print_hex}, or a kernel function the print fmt calls.
     *
     * @param function the called name
     * @param args the argument expressions, in order
     */
    record Call(String function, List<Expr> args) implements Expr {
        /**
         * Copies the argument list.
         *
         * @param function the called name
         * @param args the argument expressions
         */
        public Call {
            Objects.requireNonNull(function, "function");
            args = List.copyOf(args);
        }
    }

    /**
     * A brace initializer list, as in the {@code { value, "name" }} pairs of
     * {@code __print_flags} and {@code __print_symbolic}.
     *
     * @param elements the elements, in order
     */
    record InitList(List<Expr> elements) implements Expr {
        /**
         * Copies the element list.
         *
         * @param elements the elements
         */
        public InitList {
            elements = List.copyOf(elements);
        }
    }

    /**
     * A parenthesized expression (kept so the tree shows what the kernel wrote).
     *
     * @param inner the expression inside the parentheses
     */
    record Paren(Expr inner) implements Expr {
        /**
         * Checks the inner expression.
         *
         * @param inner the expression inside the parentheses
         */
        public Paren {
            Objects.requireNonNull(inner, "inner");
        }
    }

    /**
     * Source text kept as written: a GNU statement expression {@code ({ ... })}, or, in an event
     * whose print fmt failed to parse, the rest of the print fmt (see
     * {@link PrintFmt#unparsed(String, String)}).
     *
     * @param text the text as written
     */
    record Raw(String text) implements Expr {
        /**
         * Checks the text.
         *
         * @param text the text as written
         */
        public Raw {
            Objects.requireNonNull(text, "text");
        }

        /**
         * Tells whether the text is a GNU statement expression.
         *
         * @return {@code true} if the text starts with {@code ({} and ends with {@code })}
         */
        public boolean isStatementExpression() {
            return text.startsWith("({") && text.endsWith("})");
        }
    }
}
