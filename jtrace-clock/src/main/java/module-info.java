/**
 * jtrace-clock: clock_gettime for every clock id, the kernel's trace-clock model, and conversions between trace, perf, JVM and wall clocks.
 */
module dev.jtrace.clock {
    requires transitive dev.jtrace.core;
    // exports dev.jtrace.clock; -- added with the module's first public type (an export of a
    // package holding only package-info.java does not compile).
}
