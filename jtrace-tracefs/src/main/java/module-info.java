/**
 * jtrace-tracefs: the tracefs control plane and live trace sessions.
 */
module dev.jtrace.tracefs {
    requires transitive dev.jtrace.core;
    requires transitive dev.jtrace.clock;
    requires transitive dev.jtrace.traceevent;
    requires transitive dev.jtrace.ringbuffer;
    // exports dev.jtrace.tracefs; -- added with the module's first public type (an export of a
    // package holding only package-info.java does not compile).
}
