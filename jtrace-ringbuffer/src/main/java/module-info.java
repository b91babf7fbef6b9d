/**
 * jtrace-ringbuffer: zero-copy readers for ftrace per-CPU ring buffers (mmap and read modes) and
 * perf rings.
 *
 * <p>{@link dev.jtrace.ringbuffer.CpuBufferReader} hands out the raw sub-buffers of one CPU,
 * {@link dev.jtrace.ringbuffer.MergedBufferReader} the decoded records of all CPUs of an instance
 * in time stamp order, and {@link dev.jtrace.ringbuffer.PerfRingReader} the records of a
 * perf_event ring.
 */
module dev.jtrace.ringbuffer {
    requires transitive dev.jtrace.core;
    // Not in DESIGN.md's module graph (ringbuffer -> core only): the merged reader decodes the
    // sub-buffers it reads with jtrace-traceevent's PageDecoder and hands out its EventRecord, so
    // both are part of this module's API. traceevent makes no native calls and does not depend
    // on this module, so the graph stays acyclic.
    requires transitive dev.jtrace.traceevent;

    exports dev.jtrace.ringbuffer;
}
