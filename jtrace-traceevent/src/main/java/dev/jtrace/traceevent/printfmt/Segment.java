package dev.jtrace.traceevent.printfmt;

import java.util.Objects;

/**
 * A piece of a print fmt's format string: literal {@link Text} or a {@link Conversion}.
 */
public sealed interface Segment permits Segment.Text, Conversion {

    /**
     * Literal text copied to the output as it is ({@code %%} already turned into {@code %}).
     *
     * @param text the text, escapes resolved
     */
    record Text(String text) implements Segment {
        /**
         * Checks the text.
         *
         * @param text the text
         */
        public Text {
            Objects.requireNonNull(text, "text");
        }
    }
}
