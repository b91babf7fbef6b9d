package dev.jtrace.traceevent.internal;

import dev.jtrace.core.MalformedDataException;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits print fmt text into C tokens: identifiers, integer constants, character and string
 * literals (escapes resolved) and punctuators. Hand-written so that a whole tracefs (about 2,300
 * print fmts) lexes without regular expressions or backtracking.
 */
final class PrintFmtLexer {
    /** Token kinds. */
    enum Kind { IDENT, NUMBER, CHAR, STRING, PUNCT, END }

    /**
     * One token.
     *
     * @param kind its kind
     * @param start index of its first character in the text
     * @param end index after its last character
     * @param text the token as written
     * @param number the value of a NUMBER or CHAR token
     * @param string the value of a STRING token, escapes resolved
     */
    record Token(Kind kind, int start, int end, String text, long number, String string) {
        boolean is(String punct) {
            return kind == Kind.PUNCT && text.equals(punct);
        }
    }

    /** Interned one-character punctuator strings, indexed by the character. */
    private static final String[] PUNCT1 = new String[128];

    static {
        for (char c : "()[]{},;?:~#.-+&|<>*/%^!=".toCharArray()) {
            PUNCT1[c] = String.valueOf(c);
        }
    }

    private final String text;
    private final String source;
    private final long base;
    private int pos;

    private PrintFmtLexer(String text, String source, long base) {
        this.text = text;
        this.source = source;
        this.base = base;
    }

    /**
     * Tokenizes {@code text}; the list ends with an END token.
     *
     * @throws MalformedDataException for an unterminated literal, a malformed number or a
     *     character C has no token for
     */
    static List<Token> tokenize(String text, String source, long base) {
        return new PrintFmtLexer(text, source, base).run();
    }

    private List<Token> run() {
        List<Token> tokens = new ArrayList<>();
        int n = text.length();
        while (true) {
            while (pos < n && isSpace(text.charAt(pos))) {
                pos++;
            }
            if (pos >= n) {
                tokens.add(new Token(Kind.END, n, n, "", 0, null));
                return tokens;
            }
            char c = text.charAt(pos);
            int start = pos;
            if (isIdentStart(c)) {
                while (pos < n && isIdentPart(text.charAt(pos))) {
                    pos++;
                }
                tokens.add(new Token(Kind.IDENT, start, pos, text.substring(start, pos), 0, null));
            } else if (c >= '0' && c <= '9') {
                tokens.add(number());
            } else if (c == '"') {
                tokens.add(string());
            } else if (c == '\'') {
                tokens.add(character());
            } else {
                tokens.add(punct());
            }
        }
    }

    private Token number() {
        int start = pos;
        int n = text.length();
        int radix = 10;
        int digitsStart = pos;
        if (text.charAt(pos) == '0' && pos + 1 < n && (text.charAt(pos + 1) == 'x' || text.charAt(pos + 1) == 'X')) {
            radix = 16;
            pos += 2;
            digitsStart = pos;
        } else if (text.charAt(pos) == '0') {
            radix = 8;
        }
        long value = 0;
        boolean overflow = false;
        while (pos < n) {
            int d = Character.digit(text.charAt(pos), radix);
            if (d < 0) {
                break;
            }
            long next = value * radix + d;
            if (Long.compareUnsigned(value, Long.divideUnsigned(-1L, radix)) > 0
                    || Long.compareUnsigned(next, value * radix) < 0) {
                overflow = true;
            }
            value = next;
            pos++;
        }
        if (radix == 16 && pos == digitsStart) {
            throw error(start, "hex constant without digits");
        }
        while (pos < n && "uUlL".indexOf(text.charAt(pos)) >= 0) {
            pos++;
        }
        if (pos < n && (isIdentPart(text.charAt(pos)) || text.charAt(pos) == '.')) {
            throw error(start, "malformed number '" + text.substring(start, Math.min(n, pos + 1)) + "'");
        }
        if (overflow) {
            throw error(start, "integer constant " + text.substring(start, pos) + " does not fit in 64 bits");
        }
        return new Token(Kind.NUMBER, start, pos, text.substring(start, pos), value, null);
    }

    private Token string() {
        int start = pos++;
        StringBuilder sb = new StringBuilder();
        int n = text.length();
        while (true) {
            if (pos >= n) {
                throw error(start, "unterminated string literal");
            }
            char c = text.charAt(pos);
            if (c == '"') {
                pos++;
                break;
            }
            if (c == '\\') {
                sb.append((char) escape(start, "string literal"));
            } else {
                sb.append(c);
                pos++;
            }
        }
        return new Token(Kind.STRING, start, pos, text.substring(start, pos), 0, sb.toString());
    }

    private Token character() {
        int start = pos++;
        int n = text.length();
        if (pos >= n) {
            throw error(start, "unterminated character constant");
        }
        int value;
        char c = text.charAt(pos);
        if (c == '\\') {
            value = escape(start, "character constant");
        } else if (c == '\'') {
            throw error(start, "empty character constant");
        } else {
            value = c & 0xFF;
            pos++;
        }
        if (pos >= n || text.charAt(pos) != '\'') {
            throw error(start, "unterminated character constant");
        }
        pos++;
        return new Token(Kind.CHAR, start, pos, text.substring(start, pos), value, null);
    }

    /** Reads one escape sequence starting at the backslash at {@code pos}; returns its byte. */
    private int escape(int literalStart, String what) {
        int n = text.length();
        pos++; // the backslash
        if (pos >= n) {
            throw error(literalStart, "unterminated " + what);
        }
        char c = text.charAt(pos++);
        switch (c) {
            case 'n': return '\n';
            case 't': return '\t';
            case 'r': return '\r';
            case 'a': return 7;
            case 'b': return '\b';
            case 'f': return '\f';
            case 'v': return 11;
            case 'e': return 27;
            case '\\': return '\\';
            case '\'': return '\'';
            case '"': return '"';
            case '?': return '?';
            case 'x': {
                int value = 0;
                int digits = 0;
                while (pos < n && Character.digit(text.charAt(pos), 16) >= 0) {
                    value = (value * 16 + Character.digit(text.charAt(pos), 16)) & 0xFFFF;
                    pos++;
                    digits++;
                }
                if (digits == 0) {
                    throw error(pos - 2, "\\x used with no following hex digits");
                }
                return value & 0xFF;
            }
            default:
                if (c >= '0' && c <= '7') {
                    int value = c - '0';
                    for (int k = 0; k < 2 && pos < n && text.charAt(pos) >= '0' && text.charAt(pos) <= '7'; k++) {
                        value = value * 8 + (text.charAt(pos++) - '0');
                    }
                    return value & 0xFF;
                }
                // An unknown escape stands for the character itself, as gcc does (with a warning).
                return c;
        }
    }

    private Token punct() {
        int start = pos;
        char c = text.charAt(pos);
        char d = pos + 1 < text.length() ? text.charAt(pos + 1) : 0;
        char e = pos + 2 < text.length() ? text.charAt(pos + 2) : 0;
        int length = switch (c) {
            case '(', ')', '[', ']', '{', '}', ',', ';', '?', ':', '~', '#' -> 1;
            case '.' -> d == '.' && e == '.' ? 3 : 1;
            case '-' -> d == '>' || d == '-' || d == '=' ? 2 : 1;
            case '+' -> d == '+' || d == '=' ? 2 : 1;
            case '&' -> d == '&' || d == '=' ? 2 : 1;
            case '|' -> d == '|' || d == '=' ? 2 : 1;
            case '<', '>' -> d == c ? (e == '=' ? 3 : 2) : d == '=' ? 2 : 1;
            case '*', '/', '%', '^', '!', '=' -> d == '=' ? 2 : 1;
            default -> throw error(start, "unexpected character " + describe(c));
        };
        pos += length;
        return new Token(Kind.PUNCT, start, pos, length == 1 ? PUNCT1[c] : text.substring(start, pos), 0, null);
    }

    static String describe(char c) {
        return c >= 0x20 && c < 0x7F ? "'" + c + "'" : String.format("U+%04X", (int) c);
    }

    private MalformedDataException error(int at, String detail) {
        return new MalformedDataException(source, base + at, detail);
    }

    private static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == 11;
    }

    static boolean isIdentStart(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
    }

    static boolean isIdentPart(char c) {
        return isIdentStart(c) || (c >= '0' && c <= '9');
    }
}
