/**
 * trace-cmd {@code trace.dat} files: reading versions 6 and 7 (uncompressed, zlib, zstd) and
 * writing them.
 *
 * <p>{@link dev.jtrace.tracedat.TraceDatFile} maps a file and checks its structure; its
 * {@link dev.jtrace.tracedat.RecordCursor} yields the records of all CPUs and buffers in time
 * order through jtrace-traceevent's reusable {@link dev.jtrace.traceevent.EventRecord}, decoded in
 * place, optionally filtered by a {@link dev.jtrace.tracedat.RecordFilter}. Records render in the
 * kernel's own {@code trace} format ({@link dev.jtrace.tracedat.TraceDatFile#kernelRenderer}) or in
 * {@code trace-cmd report}'s layout ({@link dev.jtrace.tracedat.ReportRenderer}).
 * {@link dev.jtrace.tracedat.TraceDatWriter} writes files from ring-buffer pages (a
 * {@link dev.jtrace.tracedat.SubBufferSink} per buffer) or copies another file into another
 * version or compression.
 */
package dev.jtrace.tracedat;
