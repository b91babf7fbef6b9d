/**
 * jtrace-traceevent: trace-event formats, print-fmt parsing and rendering, sub-buffer page decoding and flyweight event records. It makes no native calls.
 */
module dev.jtrace.traceevent {
    requires transitive dev.jtrace.core;
    // exports dev.jtrace.traceevent; -- added with the module's first public type (an export of a
    // package holding only package-info.java does not compile).
}
