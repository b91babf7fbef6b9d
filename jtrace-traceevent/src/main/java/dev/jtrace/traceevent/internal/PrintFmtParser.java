package dev.jtrace.traceevent.internal;

import dev.jtrace.core.MalformedDataException;
import dev.jtrace.traceevent.internal.PrintFmtLexer.Kind;
import dev.jtrace.traceevent.internal.PrintFmtLexer.Token;
import dev.jtrace.traceevent.printfmt.BinaryOp;
import dev.jtrace.traceevent.printfmt.Expr;
import dev.jtrace.traceevent.printfmt.PrintFmt;
import dev.jtrace.traceevent.printfmt.UnaryOp;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Recursive-descent parser for print fmt text: one or more adjacent string literals, then
 * comma-separated C expressions. Binary operators are parsed by precedence climbing on
 * {@link BinaryOp#precedence()}.
 *
 * <p>C cannot tell {@code (x)-1} from {@code (int)-1} without knowing which names are types. The
 * kernel's print fmts only ever cast to built-in types, {@code struct}/{@code union}/{@code enum}
 * types, pointers, and typedefs such as {@code u64} or {@code gfp_t}; so a parenthesized name is a
 * cast when it is a known type word, a {@code *_t} name, or when what follows can only begin an
 * operand (a name, a constant or an opening parenthesis).
 */
public final class PrintFmtParser {
    /** Deeper nesting than this is refused rather than risking a stack overflow. */
    private static final int MAX_DEPTH = 200;

    private static final Set<String> TYPE_WORDS = Set.of(
            "void", "char", "short", "int", "long", "signed", "unsigned", "float", "double", "bool", "_Bool",
            "const", "volatile", "struct", "union", "enum",
            "u8", "u16", "u32", "u64", "s8", "s16", "s32", "s64",
            "__u8", "__u16", "__u32", "__u64", "__s8", "__s16", "__s32", "__s64",
            "__le16", "__le32", "__le64", "__be16", "__be32", "__be64",
            "uint", "ulong", "ushort", "uchar");

    private final List<Token> tokens;
    private final String text;
    private final String source;
    private final long base;
    private int next;
    private int depth;

    private PrintFmtParser(List<Token> tokens, String text, String source, long base) {
        this.tokens = tokens;
        this.text = text;
        this.source = source;
        this.base = base;
    }

    /**
     * Parses print fmt text.
     *
     * @param text the text after {@code print fmt: }
     * @param source what the text comes from
     * @param base the offset of {@code text} within the source
     * @return the parsed print fmt
     * @throws MalformedDataException if the text is not a string literal followed by
     *     comma-separated expressions; the offset is {@code base} plus the index in {@code text}
     */
    public static PrintFmt parse(String text, String source, long base) {
        PrintFmtParser p = new PrintFmtParser(PrintFmtLexer.tokenize(text, source, base), text, source, base);
        return p.printFmt();
    }

    /**
     * Reads the leading format string only, for a print fmt whose arguments do not parse.
     *
     * @param text the text after {@code print fmt: }
     * @return the format string, or {@code null} if the text does not start with a readable one
     */
    public static String formatStringOrNull(String text) {
        try {
            List<Token> t = PrintFmtLexer.tokenize(text, "", 0);
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < t.size() && t.get(i).kind() == Kind.STRING; i++) {
                sb.append(t.get(i).string());
            }
            return t.getFirst().kind() == Kind.STRING ? sb.toString() : null;
        } catch (MalformedDataException e) {
            return null;
        }
    }

    private PrintFmt printFmt() {
        if (peek().kind() != Kind.STRING) {
            throw error(peek(), "print fmt does not start with a string literal");
        }
        String format = ((Expr.StringLiteral) primary()).value();
        List<Expr> args = new ArrayList<>();
        while (peek().is(",")) {
            next++;
            args.add(conditional());
        }
        if (peek().kind() != Kind.END) {
            throw error(peek(), "expected ',' or end of print fmt but found " + describe(peek()));
        }
        return new PrintFmt(format, args);
    }

    /**
     * A conditional expression, the top level of a print fmt argument (the kernel never assigns
     * or uses the comma operator there). GNU's {@code a ?: b} reuses {@code a} as the middle operand.
     */
    private Expr conditional() {
        enter();
        Expr condition = binary(1);
        if (peek().is("?")) {
            next++;
            Expr ifTrue = peek().is(":") ? condition : conditional();
            expect(":");
            Expr ifFalse = conditional();
            condition = new Expr.Ternary(condition, ifTrue, ifFalse);
        }
        depth--;
        return condition;
    }

    private Expr binary(int minPrecedence) {
        Expr left = unary();
        while (true) {
            Token t = peek();
            BinaryOp op = t.kind() == Kind.PUNCT ? BinaryOp.ofSymbol(t.text()) : null;
            if (op == null || op.precedence() < minPrecedence) {
                return left;
            }
            next++;
            Expr right = binary(op.precedence() + 1);
            left = new Expr.Binary(op, left, right);
        }
    }

    private Expr unary() {
        enter();
        try {
            Token t = peek();
            if (t.kind() == Kind.PUNCT) {
                UnaryOp op = switch (t.text()) {
                    case "-" -> UnaryOp.NEGATE;
                    case "+" -> UnaryOp.PLUS;
                    case "!" -> UnaryOp.NOT;
                    case "~" -> UnaryOp.COMPLEMENT;
                    case "&" -> UnaryOp.ADDRESS_OF;
                    case "*" -> UnaryOp.DEREFERENCE;
                    default -> null;
                };
                if (op != null) {
                    next++;
                    return new Expr.Unary(op, unary());
                }
                if (t.is("(")) {
                    String type = castType();
                    if (type != null) {
                        return new Expr.Cast(type, unary());
                    }
                }
            } else if (t.kind() == Kind.IDENT && t.text().equals("sizeof")) {
                next++;
                if (peek().is("(")) {
                    int save = next;
                    String type = parenthesizedType(true);
                    if (type != null) {
                        return new Expr.SizeofType(type);
                    }
                    next = save;
                }
                return new Expr.SizeofExpr(unary());
            }
            return postfix(primary());
        } finally {
            depth--;
        }
    }

    /** At '(': if a cast follows, consumes "(type)" and returns the type; else consumes nothing. */
    private String castType() {
        int save = next;
        String type = parenthesizedType(false);
        if (type == null) {
            next = save;
            return null;
        }
        return type;
    }

    /**
     * At '(': reads "( type-name )" and returns the normalized type, or null (position undefined)
     * if the parentheses do not hold a type name. {@code inSizeof} accepts any single name.
     */
    private String parenthesizedType(boolean inSizeof) {
        next++; // '('
        List<String> words = new ArrayList<>();
        int stars = 0;
        boolean tagged = false;
        boolean known = false;
        while (true) {
            Token t = peek();
            if (t.kind() == Kind.IDENT && stars == 0) {
                words.add(t.text());
                tagged |= t.text().equals("struct") || t.text().equals("union") || t.text().equals("enum");
                known |= TYPE_WORDS.contains(t.text()) || t.text().endsWith("_t");
                next++;
            } else if (t.kind() == Kind.IDENT && stars > 0 && t.text().equals("const")) {
                next++;
            } else if (t.is("*")) {
                stars++;
                next++;
            } else {
                break;
            }
        }
        if (words.isEmpty() || !peek().is(")") || words.contains("sizeof")) {
            return null;
        }
        next++; // ')'
        boolean isType = words.size() > 1 || stars > 0 || tagged || known || inSizeof
                || startsOperand(peek());
        if (!isType) {
            return null;
        }
        StringBuilder sb = new StringBuilder(String.join(" ", words));
        if (stars > 0) {
            sb.append(' ');
            sb.repeat('*', stars);
        }
        return sb.toString();
    }

    private static boolean startsOperand(Token t) {
        return switch (t.kind()) {
            case IDENT, NUMBER, CHAR, STRING -> true;
            case PUNCT -> t.text().equals("(") || t.text().equals("!") || t.text().equals("~");
            case END -> false;
        };
    }

    private Expr postfix(Expr e) {
        while (true) {
            Token t = peek();
            if (t.is("->") || t.is(".")) {
                next++;
                Token member = peek();
                if (member.kind() != Kind.IDENT) {
                    throw error(member, "expected a member name after '" + t.text() + "' but found " + describe(member));
                }
                next++;
                e = isRec(e) && t.is("->") ? new Expr.FieldRef(member.text())
                        : new Expr.Member(e, member.text(), t.is("->"));
            } else if (t.is("[")) {
                next++;
                Expr index = conditional();
                expect("]");
                e = new Expr.Index(e, index);
            } else if (t.is("(") && e instanceof Expr.Ident(String name)) {
                next++;
                List<Expr> args = new ArrayList<>();
                if (!peek().is(")")) {
                    args.add(conditional());
                    while (peek().is(",")) {
                        next++;
                        args.add(conditional());
                    }
                }
                expect(")");
                e = new Expr.Call(name, args);
            } else {
                return e;
            }
        }
    }

    private static boolean isRec(Expr e) {
        return e instanceof Expr.Ident(String name) && name.equals("REC")
                || e instanceof Expr.Paren(Expr inner) && isRec(inner);
    }

    private Expr primary() {
        Token t = peek();
        switch (t.kind()) {
            case IDENT -> {
                next++;
                return new Expr.Ident(t.text());
            }
            case NUMBER -> {
                next++;
                return new Expr.IntLiteral(t.number(), t.text());
            }
            case CHAR -> {
                next++;
                return new Expr.CharLiteral((int) t.number(), t.text());
            }
            case STRING -> {
                StringBuilder value = new StringBuilder();
                int start = t.start();
                int end = t.end();
                while (peek().kind() == Kind.STRING) {
                    value.append(peek().string());
                    end = peek().end();
                    next++;
                }
                return new Expr.StringLiteral(value.toString(), text.substring(start, end));
            }
            case PUNCT -> {
                if (t.is("(")) {
                    if (tokens.get(next + 1).is("{")) {
                        return statementExpression();
                    }
                    next++;
                    Expr inner = conditional();
                    expect(")");
                    return new Expr.Paren(inner);
                }
                if (t.is("{")) {
                    next++;
                    List<Expr> elements = new ArrayList<>();
                    while (!peek().is("}")) {
                        elements.add(conditional());
                        if (!peek().is(",")) {
                            break;
                        }
                        next++;
                    }
                    expect("}");
                    return new Expr.InitList(elements);
                }
                throw error(t, "expected an expression but found " + describe(t));
            }
            case END -> throw error(t, "expected an expression but found the end of the print fmt");
        }
        throw new AssertionError(t.kind());
    }

    /** At "({": skips to the matching "})" and keeps the text as written. */
    private Expr statementExpression() {
        Token open = peek();
        int level = 0;
        while (true) {
            Token t = peek();
            if (t.kind() == Kind.END) {
                throw error(open, "unterminated statement expression");
            }
            next++;
            if (t.is("(") || t.is("{") || t.is("[")) {
                level++;
            } else if (t.is(")") || t.is("}") || t.is("]")) {
                level--;
                if (level == 0) {
                    if (!t.is(")")) {
                        throw error(t, "statement expression ends with " + describe(t) + " instead of ')'");
                    }
                    return new Expr.Raw(text.substring(open.start(), t.end()));
                }
            }
        }
    }

    private void enter() {
        if (++depth > MAX_DEPTH) {
            throw error(peek(), "expression nested more than " + MAX_DEPTH + " levels deep");
        }
    }

    private Token peek() {
        return tokens.get(next);
    }

    private void expect(String punct) {
        Token t = peek();
        if (!t.is(punct)) {
            throw error(t, "expected '" + punct + "' but found " + describe(t));
        }
        next++;
    }

    private static String describe(Token t) {
        return t.kind() == Kind.END ? "the end of the print fmt" : "'" + t.text() + "'";
    }

    private MalformedDataException error(Token at, String detail) {
        return new MalformedDataException(source, base + at.start(), detail);
    }
}
