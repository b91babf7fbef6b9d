/**
 * jtrace-perf: perf_event_open attributes, counters, groups and sampling.
 */
module dev.jtrace.perf {
    requires transitive dev.jtrace.core;
    requires transitive dev.jtrace.clock;
    requires transitive dev.jtrace.traceevent;
    requires transitive dev.jtrace.ringbuffer;
    // exports dev.jtrace.perf; -- added with the module's first public type (an export of a
    // package holding only package-info.java does not compile).
}
