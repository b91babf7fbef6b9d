/**
 * Zero-copy readers for ftrace per-CPU ring buffers and perf rings.
 *
 * <ul>
 *   <li>{@link dev.jtrace.ringbuffer.CpuBufferReader}: the raw sub-buffers of one CPU buffer of a
 *       tracefs instance ({@code per_cpu/cpuN/trace_pipe_raw}), mapped in place (Linux 6.10+) or
 *       read, with lost-event counts, a blocking wait honouring {@code buffer_percent} and a
 *       wake-up on close; for recording to files.
 *   <li>{@link dev.jtrace.ringbuffer.MergedBufferReader}: every CPU buffer of an instance as one
 *       stream of decoded {@link dev.jtrace.traceevent.EventRecord}s in time stamp order, in
 *       iterator or callback style; for live sessions.
 *   <li>{@link dev.jtrace.ringbuffer.PerfRingReader}: the records of a perf_event ring, forward or
 *       backward (overwrite).
 * </ul>
 * Views ({@link dev.jtrace.ringbuffer.SubBuffer}, {@link dev.jtrace.traceevent.EventRecord},
 * {@link dev.jtrace.ringbuffer.PerfRecord}) are reused and valid until the next call on the
 * reader that filled them.
 */
package dev.jtrace.ringbuffer;
