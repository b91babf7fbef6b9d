package dev.jtrace.traceevent.printfmt;

/** A C prefix operator in a print fmt expression. */
public enum UnaryOp {
    /** Arithmetic negation {@code -x}. */
    NEGATE("-"),
    /** Unary plus {@code +x}. */
    PLUS("+"),
    /** Logical not {@code !x}. */
    NOT("!"),
    /** Bitwise complement {@code ~x}. */
    COMPLEMENT("~"),
    /** Address of {@code &x}. */
    ADDRESS_OF("&"),
    /** Indirection {@code *x}. */
    DEREFERENCE("*");

    private final String symbol;

    UnaryOp(String symbol) {
        this.symbol = symbol;
    }

    /**
     * Returns the operator as written in C.
     *
     * @return the symbol, for example {@code "!"}
     */
    public String symbol() {
        return symbol;
    }
}
