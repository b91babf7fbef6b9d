package dev.jtrace.traceevent.internal;

import dev.jtrace.traceevent.EventFormat;
import dev.jtrace.traceevent.FieldFormat;
import dev.jtrace.traceevent.printfmt.Conversion;
import dev.jtrace.traceevent.printfmt.Expr;
import dev.jtrace.traceevent.printfmt.PrintFmt;
import dev.jtrace.traceevent.printfmt.Segment;
import dev.jtrace.traceevent.printfmt.UnaryOp;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import dev.jtrace.traceevent.KernelTypes;

/**
 * Turns an event's parsed print fmt into a {@link CompiledPrintFmt}: field names resolved to
 * offsets, constants folded, helpers bound. Anything it cannot render exactly raises
 * {@link Unsupported}, and the event is then printed as a field dump instead.
 */
public final class PrintFmtCompiler {
    /** The print fmt uses something jtrace cannot render exactly; the message says what. */
    public static final class Unsupported extends Exception {
        private static final long serialVersionUID = 1L;

        Unsupported(String message) {
            super(message, null, false, false);
        }
    }

    private final EventFormat format;
    private final KernelTypes types;
    private final Map<Long, String> kernelStrings;

    private PrintFmtCompiler(EventFormat format, KernelTypes types, Map<Long, String> kernelStrings) {
        this.format = format;
        this.types = types;
        this.kernelStrings = kernelStrings;
    }

    /**
     * Compiles an event's print fmt.
     *
     * @param format the event
     * @param types enum constants, struct sizes and kernel variables
     * @param kernelStrings strings by kernel address (printk_formats), for {@code %s} of a pointer
     * @return the program
     * @throws Unsupported if the print fmt cannot be rendered exactly
     */
    public static CompiledPrintFmt compile(EventFormat format, KernelTypes types, Map<Long, String> kernelStrings)
            throws Unsupported {
        if (format.printFmtError() != null) {
            throw new Unsupported("print fmt did not parse: " + format.printFmtError());
        }
        return new PrintFmtCompiler(format, types, kernelStrings).compile(format.printFmt());
    }

    private CompiledPrintFmt compile(PrintFmt fmt) throws Unsupported {
        List<Segment> segments = fmt.segments();
        List<RenderNode> args = new ArrayList<>();
        for (Expr e : fmt.args()) {
            args.add(node(e));
        }
        int needed = 0;
        for (Segment s : segments) {
            if (s instanceof Conversion c) {
                needed += c.argumentCount();
                checkConversion(c);
            }
        }
        if (needed != args.size()) {
            throw new Unsupported("format needs " + needed + " arguments but has " + args.size());
        }
        int i = 0;
        for (Segment s : segments) {
            if (s instanceof Conversion c) {
                i += c.argumentCount();
                RenderNode arg = args.get(i - 1);
                if (c.conversion() == 's' && !arg.isString() && !arg.isData()) {
                    // A char * into the kernel (tracepoint_string): printk_formats knows the text.
                    arg = new RenderNodes.KernelString(arg, kernelStrings);
                    args.set(i - 1, arg);
                }
                checkArgument(c, arg);
            }
        }
        return new CompiledPrintFmt(segments, args.toArray(RenderNode[]::new));
    }

    private static void checkConversion(Conversion c) throws Unsupported {
        switch (c.conversion()) {
            case 'd', 'i', 'u', 'x', 'X', 'o', 'c', 's', 'p' -> {
            }
            default -> throw new Unsupported("conversion %" + c.conversion() + " is not supported");
        }
    }

    private static void checkArgument(Conversion c, RenderNode arg) throws Unsupported {
        if (c.conversion() == 's' && !arg.isString()) {
            throw new Unsupported("%s argument is not a string");
        }
        if (c.conversion() == 'p' && KernelPrintf.readsMemory(c) && !arg.isData()) {
            throw new Unsupported("%p" + c.pointerExt() + " argument does not point into the record");
        }
    }

    private RenderNode node(Expr e) throws Unsupported {
        RenderNode n = build(e);
        // Fold constants, but keep a pointer cast: its pointee size matters to a following + or -.
        if (n.isConstant() && !n.isString() && !(n instanceof RenderNodes.Constant)
                && !(n instanceof RenderNodes.PointerCast)) {
            return new RenderNodes.Constant(n.evalLong(null), n.cSize(), n.isUnsigned());
        }
        return n;
    }

    private RenderNode build(Expr e) throws Unsupported {
        return switch (e) {
            case Expr.Paren p -> node(p.inner());
            case Expr.FieldRef f -> field(f.name());
            case Expr.IntLiteral i -> literal(i);
            case Expr.CharLiteral c -> new RenderNodes.Constant(c.value(), 4, false);
            case Expr.StringLiteral s -> new RenderNodes.Text(s.value());
            case Expr.Ident id -> ident(id.name());
            case Expr.Cast c -> cast(c);
            case Expr.Unary u -> unary(u);
            case Expr.Binary b -> binary(b);
            case Expr.Ternary t -> ternary(t);
            case Expr.SizeofType s -> sizeofType(s.type());
            case Expr.SizeofExpr s -> sizeofExpr(s.operand());
            case Expr.Index x -> index(x);
            case Expr.Call c -> call(c);
            case Expr.Member m -> throw new Unsupported("member access ." + m.member() + " is not supported");
            case Expr.InitList l -> throw new Unsupported("a brace list outside a helper");
            case Expr.Raw r -> throw new Unsupported("expression not rendered: " + abbreviate(r.text()));
        };
    }

    /**
     * {@code cond ? text : 0}: C gives a null {@code char *}, which the kernel's {@code %s} prints
     * as {@code (null)}; make both branches strings so that happens here too.
     */
    private RenderNode ternary(Expr.Ternary t) throws Unsupported {
        RenderNode condition = node(t.condition());
        RenderNode ifTrue = node(t.ifTrue());
        RenderNode ifFalse = node(t.ifFalse());
        if (ifTrue.isString() != ifFalse.isString()) {
            if (!ifTrue.isString()) {
                ifTrue = new RenderNodes.KernelString(ifTrue, kernelStrings);
            } else {
                ifFalse = new RenderNodes.KernelString(ifFalse, kernelStrings);
            }
        }
        return new RenderNodes.Ternary(condition, ifTrue, ifFalse);
    }

    private FieldFormat requireField(String name) throws Unsupported {
        FieldFormat f = format.field(name);
        if (f == null) {
            for (FieldFormat c : format.commonFields()) {
                if (c.name().equals(name)) {
                    return c;
                }
            }
            throw new Unsupported("no field '" + name + "'");
        }
        return f;
    }

    private RenderNode field(String name) throws Unsupported {
        FieldFormat f = requireField(name);
        if (f.isDynamicArray()) {
            return new RenderNodes.Dynamic(f);
        }
        if (f.isArray()) {
            return new RenderNodes.FieldBytes(f, true);
        }
        return switch (f.size()) {
            case 1, 2, 4, 8 -> new RenderNodes.Scalar(f.offset(), f.size(), f.isSigned());
            default -> throw new Unsupported("field '" + name + "' of " + f.size() + " bytes is not a scalar");
        };
    }

    private RenderNode ident(String name) throws Unsupported {
        Long value = types.enumValue(name);
        if (value != null) {
            return new RenderNodes.Constant(value, false); // int, or long when it does not fit
        }
        value = types.variable(name);
        if (value != null) {
            return new RenderNodes.Constant(value, 8, true); // kernel variables here are unsigned long
        }
        throw new Unsupported("unknown identifier " + name);
    }

    /**
     * C's type for an integer literal: decimal without suffix is int, else long; octal and hex
     * try int, unsigned int, long, unsigned long; U, L and UL narrow the choice the same way.
     */
    private static RenderNode literal(Expr.IntLiteral i) {
        long v = i.value();
        String t = i.text().toLowerCase(java.util.Locale.ROOT);
        boolean decimal = !(t.startsWith("0x") || (t.length() > 1 && t.startsWith("0") && Character.isDigit(t.charAt(1))));
        boolean u = i.unsignedSuffix();
        boolean l = i.longSuffixCount() > 0;
        boolean fitsInt = v >= 0 && v <= Integer.MAX_VALUE;
        boolean fitsUInt = v >= 0 && v <= 0xFFFF_FFFFL;
        if (!l && !u && fitsInt) {
            return new RenderNodes.Constant(v, 4, false);
        }
        if (!l && fitsUInt && (u || !decimal)) {
            return new RenderNodes.Constant(v, 4, true);
        }
        boolean unsigned = u || v < 0 || (!decimal && v < 0);
        return new RenderNodes.Constant(v, 8, unsigned);
    }

    /** C pointer arithmetic: {@code (struct page *)base + n} advances by n structs. */
    private RenderNode binary(Expr.Binary b) throws Unsupported {
        RenderNode left = node(b.left());
        RenderNode right = node(b.right());
        if ((b.op() == dev.jtrace.traceevent.printfmt.BinaryOp.ADD
                || b.op() == dev.jtrace.traceevent.printfmt.BinaryOp.SUBTRACT)
                && left instanceof RenderNodes.PointerCast p && p.elementSize() > 1) {
            right = new RenderNodes.Binary(dev.jtrace.traceevent.printfmt.BinaryOp.MULTIPLY, right,
                    new RenderNodes.Constant(p.elementSize(), 8, true));
        }
        return new RenderNodes.Binary(b.op(), left, right);
    }

    private RenderNode cast(Expr.Cast c) throws Unsupported {
        RenderNode operand = node(c.operand());
        CTypes.Info type = CTypes.of(c.type());
        if (type.size() == 0 && !type.pointer()) {
            int typedef = types.typedefSize(CTypes.normalize(c.type()));
            if (typedef != 0) {
                type = new CTypes.Info(Math.abs(typedef), typedef < 0, false, false);
            }
        }
        if (type.pointer()) {
            if (operand.isData() || operand.isString()) {
                return operand;
            }
            return new RenderNodes.PointerCast(operand, pointeeSize(c.type()));
        }
        if (type.size() == 0) {
            if (operand.isString() || operand.isData()) {
                return operand;
            }
            throw new Unsupported("cast to unknown type '" + c.type() + "'");
        }
        return new RenderNodes.Cast(operand, type.size(), type.signed(), type.bool());
    }

    private int pointeeSize(String pointerType) {
        String t = CTypes.normalize(pointerType);
        t = t.substring(0, t.length() - 1).trim(); // drop one '*'
        if (t.endsWith("*")) {
            return 8;
        }
        if (t.startsWith("struct ") || t.startsWith("union ")) {
            return types.structSize(t.substring(t.indexOf(' ') + 1));
        }
        int size = CTypes.of(t).size();
        return size == 0 ? 1 : size; // void * arithmetic advances bytes (GNU C)
    }

    private RenderNode unary(Expr.Unary u) throws Unsupported {
        if (u.op() == UnaryOp.ADDRESS_OF) {
            Expr inner = unwrap(u.operand());
            if (inner instanceof Expr.FieldRef f) {
                return new RenderNodes.FieldBytes(requireField(f.name()), false);
            }
            throw new Unsupported("& of something other than a field");
        }
        if (u.op() == UnaryOp.DEREFERENCE) {
            throw new Unsupported("pointer dereference");
        }
        return new RenderNodes.Unary(u.op(), node(u.operand()));
    }

    private static Expr unwrap(Expr e) {
        while (e instanceof Expr.Paren p) {
            e = p.inner();
        }
        return e;
    }

    private RenderNode sizeofType(String type) throws Unsupported {
        CTypes.Info info = CTypes.of(type);
        if (info.size() == 0) {
            throw new Unsupported("sizeof unknown type '" + type + "'");
        }
        return new RenderNodes.Constant(info.size(), 8, true); // size_t
    }

    private RenderNode sizeofExpr(Expr operand) throws Unsupported {
        Expr inner = unwrap(operand);
        if (inner instanceof Expr.FieldRef f) {
            return new RenderNodes.Constant(requireField(f.name()).size(), 8, true);
        }
        if (inner instanceof Expr.Unary u && u.op() == UnaryOp.DEREFERENCE
                && unwrap(u.operand()) instanceof Expr.FieldRef f) {
            return new RenderNodes.Constant(requireField(f.name()).elementSize(), 8, true);
        }
        throw new Unsupported("sizeof of an expression");
    }

    private RenderNode index(Expr.Index x) throws Unsupported {
        Expr array = unwrap(x.array());
        if (array instanceof Expr.FieldRef f) {
            FieldFormat field = requireField(f.name());
            if (field.isFixedArray() && field.elementSize() > 0) {
                return new RenderNodes.Element(field, node(x.index()));
            }
        }
        throw new Unsupported("indexing something other than a fixed array field");
    }

    private RenderNode call(Expr.Call c) throws Unsupported {
        List<Expr> a = c.args();
        return switch (c.function()) {
            case "__get_str", "__get_rel_str", "__get_dynamic_array", "__get_rel_dynamic_array",
                    "__get_sockaddr", "__get_rel_sockaddr" -> dynamicField(c, a);
            case "__get_dynamic_array_len", "__get_rel_dynamic_array_len" ->
                    new HelperNodes.DataLength(dynamicField(c, a));
            case "__get_bitmask", "__get_rel_bitmask", "__get_cpumask", "__get_rel_cpumask" ->
                    new HelperNodes.Bitmask(dynamicField(c, a));
            case "__builtin_expect" -> {
                arity(c, a, 2);
                yield node(a.get(0));
            }
            case "__print_flags", "__print_flags_u64" -> printFlags(c, a);
            case "__print_symbolic", "__print_symbolic_u64" -> printSymbolic(c, a);
            case "__print_hex", "__print_hex_str" -> {
                arity(c, a, 2);
                yield new HelperNodes.PrintHex(data(c, a.get(0)), node(a.get(1)),
                        c.function().equals("__print_hex_str"));
            }
            case "__print_array" -> {
                arity(c, a, 3);
                yield new HelperNodes.PrintArray(data(c, a.get(0)), node(a.get(1)), elementSize(c, a.get(2)));
            }
            case "__print_dynamic_array" -> {
                arity(c, a, 2);
                RenderNode data = dynamicField(c, a.subList(0, 1));
                int size = elementSize(c, a.get(1));
                yield new HelperNodes.PrintArray(data, new RenderNodes.Binary(
                        dev.jtrace.traceevent.printfmt.BinaryOp.DIVIDE, new HelperNodes.DataLength(data),
                        new RenderNodes.Constant(size, 8, true)), size);
            }
            default -> throw new Unsupported("helper " + c.function() + "() is not supported");
        };
    }

    private static void arity(Expr.Call c, List<Expr> a, int n) throws Unsupported {
        if (a.size() != n) {
            throw new Unsupported(c.function() + "() with " + a.size() + " arguments");
        }
    }

    private RenderNode dynamicField(Expr.Call c, List<Expr> a) throws Unsupported {
        arity(c, a, 1);
        Expr arg = unwrap(a.get(0));
        String name = arg instanceof Expr.FieldRef f ? f.name() : arg instanceof Expr.Ident i ? i.name() : null;
        if (name == null) {
            throw new Unsupported(c.function() + "() of something other than a field name");
        }
        FieldFormat f = requireField(name);
        if (!f.isDynamicArray()) {
            throw new Unsupported(c.function() + "(" + name + ") on a field that is not __data_loc/__rel_loc");
        }
        return new RenderNodes.Dynamic(f);
    }

    private RenderNode data(Expr.Call c, Expr e) throws Unsupported {
        RenderNode n = node(e);
        if (!n.isData()) {
            throw new Unsupported(c.function() + "() of something that is not record data");
        }
        return n;
    }

    private int constantInt(Expr.Call c, Expr e) throws Unsupported {
        RenderNode n = node(e);
        if (!n.isConstant()) {
            throw new Unsupported(c.function() + "() needs a constant element size");
        }
        return (int) n.evalLong(null);
    }

    private int elementSize(Expr.Call c, Expr e) throws Unsupported {
        int size = constantInt(c, e);
        if (size != 1 && size != 2 && size != 4 && size != 8) {
            throw new Unsupported(c.function() + "() with element size " + size); // the kernel prints BAD SIZE
        }
        return size;
    }

    private RenderNode printFlags(Expr.Call c, List<Expr> a) throws Unsupported {
        if (a.size() < 2 || !(unwrap(a.get(1)) instanceof Expr.StringLiteral delim)) {
            throw new Unsupported(c.function() + "() without a delimiter string");
        }
        List<Expr> entries = a.subList(2, a.size());
        long[] keys = new long[entries.size()];
        String[] names = new String[entries.size()];
        int n = table(c, entries, keys, names);
        return new HelperNodes.PrintFlags(node(a.get(0)), delim.value(), java.util.Arrays.copyOf(keys, n),
                java.util.Arrays.copyOf(names, n));
    }

    private RenderNode printSymbolic(Expr.Call c, List<Expr> a) throws Unsupported {
        if (a.isEmpty()) {
            throw new Unsupported(c.function() + "() without a value");
        }
        List<Expr> entries = a.subList(1, a.size());
        long[] keys = new long[entries.size()];
        String[] names = new String[entries.size()];
        int n = table(c, entries, keys, names);
        return new HelperNodes.PrintSymbolic(node(a.get(0)), java.util.Arrays.copyOf(keys, n),
                java.util.Arrays.copyOf(names, n));
    }

    /** Fills the table; returns its length (the kernel stops at an entry whose name is NULL). */
    private int table(Expr.Call c, List<Expr> entries, long[] keys, String[] names) throws Unsupported {
        for (int i = 0; i < entries.size(); i++) {
            if (!(unwrap(entries.get(i)) instanceof Expr.InitList pair) || pair.elements().size() != 2) {
                throw new Unsupported(c.function() + "() entry " + (i + 1) + " is not { value, \"name\" }");
            }
            if (!(unwrap(pair.elements().get(1)) instanceof Expr.StringLiteral name)) {
                RenderNode terminator = node(pair.elements().get(1));
                if (terminator.isConstant() && terminator.evalLong(null) == 0) {
                    return i;
                }
                throw new Unsupported(c.function() + "() entry " + (i + 1) + " has no name string");
            }
            RenderNode key = node(pair.elements().get(0));
            if (!key.isConstant()) {
                throw new Unsupported(c.function() + "() entry " + (i + 1) + " has no constant value");
            }
            keys[i] = key.evalLong(null);
            names[i] = name.value();
        }
        return entries.size();
    }

    private static String abbreviate(String s) {
        return s.length() <= 60 ? s : s.substring(0, 57) + "...";
    }
}
