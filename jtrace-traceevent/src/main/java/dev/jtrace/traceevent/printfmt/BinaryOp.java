package dev.jtrace.traceevent.printfmt;

/**
 * A C binary operator in a print fmt expression, with its C precedence (higher binds tighter).
 * All of them associate to the left.
 */
public enum BinaryOp {
    /** {@code *}. */
    MULTIPLY("*", 10),
    /** {@code /}. */
    DIVIDE("/", 10),
    /** {@code %}. */
    REMAINDER("%", 10),
    /** {@code +}. */
    ADD("+", 9),
    /** {@code -}. */
    SUBTRACT("-", 9),
    /** {@code <<}. */
    SHIFT_LEFT("<<", 8),
    /** {@code >>}. */
    SHIFT_RIGHT(">>", 8),
    /** {@code <}. */
    LESS("<", 7),
    /** {@code <=}. */
    LESS_EQUAL("<=", 7),
    /** {@code >}. */
    GREATER(">", 7),
    /** {@code >=}. */
    GREATER_EQUAL(">=", 7),
    /** {@code ==}. */
    EQUAL("==", 6),
    /** {@code !=}. */
    NOT_EQUAL("!=", 6),
    /** {@code &}. */
    BIT_AND("&", 5),
    /** {@code ^}. */
    BIT_XOR("^", 4),
    /** {@code |}. */
    BIT_OR("|", 3),
    /** {@code &&}. */
    LOGICAL_AND("&&", 2),
    /** {@code ||}. */
    LOGICAL_OR("||", 1);

    private final String symbol;
    private final int precedence;

    BinaryOp(String symbol, int precedence) {
        this.symbol = symbol;
        this.precedence = precedence;
    }

    /**
     * Returns the operator as written in C.
     *
     * @return the symbol, for example {@code "<<"}
     */
    public String symbol() {
        return symbol;
    }

    /**
     * Returns the C precedence level: 10 for multiplicative operators down to 1 for {@code ||}.
     *
     * @return the level; a higher level binds tighter
     */
    public int precedence() {
        return precedence;
    }

    /**
     * Finds the operator written as {@code symbol}.
     *
     * @param symbol the operator text
     * @return the operator, or {@code null} if {@code symbol} is not a binary operator
     */
    public static BinaryOp ofSymbol(String symbol) {
        return switch (symbol) {
            case "*" -> MULTIPLY;
            case "/" -> DIVIDE;
            case "%" -> REMAINDER;
            case "+" -> ADD;
            case "-" -> SUBTRACT;
            case "<<" -> SHIFT_LEFT;
            case ">>" -> SHIFT_RIGHT;
            case "<" -> LESS;
            case "<=" -> LESS_EQUAL;
            case ">" -> GREATER;
            case ">=" -> GREATER_EQUAL;
            case "==" -> EQUAL;
            case "!=" -> NOT_EQUAL;
            case "&" -> BIT_AND;
            case "^" -> BIT_XOR;
            case "|" -> BIT_OR;
            case "&&" -> LOGICAL_AND;
            case "||" -> LOGICAL_OR;
            default -> null;
        };
    }
}
