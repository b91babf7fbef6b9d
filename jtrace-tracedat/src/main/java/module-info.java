/**
 * jtrace-tracedat: read and write trace-cmd trace.dat files (versions 6 and 7, with compression).
 */
module dev.jtrace.tracedat {
    requires transitive dev.jtrace.traceevent;
    // exports dev.jtrace.tracedat; -- added with the module's first public type (an export of a
    // package holding only package-info.java does not compile).
}
