package dev.jtrace.traceevent.printfmt;

import dev.jtrace.core.MalformedDataException;
import dev.jtrace.traceevent.internal.PrintFmtParser;
import dev.jtrace.traceevent.internal.PrintFmtSegments;
import java.util.List;
import java.util.Objects;

/**
 * A parsed print fmt: the format string and its argument expressions.
 *
 * <p>For the line {@code print fmt: "irq=%d name=%s", REC->irq, __get_str(name)} of a format
 * file, {@link #format()} is {@code irq=%d name=%s}, {@link #args()} holds
 * {@code FieldRef[name=irq]} and {@code Call[function=__get_str, args=[Ident[name=name]]]}, and
 * {@link #segments()} splits the format string into literal text and conversions:
 * {@snippet :
 * PrintFmt fmt = PrintFmt.parse("\"irq=%d name=%s\", REC->irq, __get_str(name)", "example");
 * for (Segment s : fmt.segments()) {
 *     if (s instanceof Conversion c) {
 *         System.out.println(c.conversion()); // d, then s
 *     }
 * }
 * }
 *
 * @param format the format string with C escapes resolved and adjacent literals concatenated
 * @param args the argument expressions, in order
 * @param segments the format string as literal text and conversion specifications, in order
 */
public record PrintFmt(String format, List<Expr> args, List<Segment> segments) {

    /**
     * Copies the lists.
     *
     * @param format the format string
     * @param args the argument expressions
     * @param segments the segments of {@code format}
     */
    public PrintFmt {
        Objects.requireNonNull(format, "format");
        args = List.copyOf(args);
        segments = List.copyOf(segments);
    }

    /**
     * Creates a print fmt, splitting {@code format} into segments.
     *
     * @param format the format string, escapes resolved
     * @param args the argument expressions
     */
    public PrintFmt(String format, List<Expr> args) {
        this(format, args, segmentsOf(format));
    }

    /**
     * Parses the text after {@code print fmt: } in a format file.
     *
     * @param text the print fmt text: a string literal (or several adjacent ones) followed by
     *     comma-separated argument expressions
     * @param source what the text comes from, for error messages (a file path)
     * @return the parsed print fmt
     * @throws MalformedDataException if the text is not a valid print fmt; its offset is the
     *     character index in {@code text}
     */
    public static PrintFmt parse(String text, String source) {
        return parse(text, source, 0);
    }

    /**
     * Parses print fmt text that starts at {@code baseOffset} within a larger source, so that
     * error offsets point into that source.
     *
     * @param text the print fmt text
     * @param source what the text comes from, for error messages
     * @param baseOffset the character offset of {@code text} within the source
     * @return the parsed print fmt
     * @throws MalformedDataException if the text is not a valid print fmt; its offset is
     *     {@code baseOffset} plus the character index in {@code text}
     */
    public static PrintFmt parse(String text, String source, long baseOffset) {
        return PrintFmtParser.parse(text, source, baseOffset);
    }

    /**
     * Splits a format string (escapes already resolved) into literal text and conversions, as the
     * kernel's {@code vsnprintf} reads it. Never fails: a {@code %} at the very end is literal text.
     *
     * @param format the format string
     * @return the segments, adjacent literal text merged
     */
    public static List<Segment> segmentsOf(String format) {
        return PrintFmtSegments.split(format);
    }

    /**
     * Creates the stand-in for a print fmt that could not be parsed: whatever part could not be
     * understood is kept as one {@link Expr.Raw} argument.
     *
     * @param format the format string if it could be read, else {@code ""}
     * @param rest the unparsed text
     * @return a print fmt with one raw argument
     */
    public static PrintFmt unparsed(String format, String rest) {
        return new PrintFmt(format, List.of(new Expr.Raw(rest)));
    }

    /**
     * Counts the conversions of the format string.
     *
     * @return how many {@link Conversion} segments there are
     */
    public int conversionCount() {
        int n = 0;
        for (Segment s : segments) {
            if (s instanceof Conversion) {
                n++;
            }
        }
        return n;
    }
}
