/**
 * jtrace-ringbuffer: zero-copy readers for ftrace per-CPU ring buffers (mmap and read modes) and perf rings.
 */
module dev.jtrace.ringbuffer {
    requires transitive dev.jtrace.core;
    // exports dev.jtrace.ringbuffer; -- added with the module's first public type (an export of a
    // package holding only package-info.java does not compile).
}
