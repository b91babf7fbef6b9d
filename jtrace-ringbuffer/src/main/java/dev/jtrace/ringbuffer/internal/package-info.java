/**
 * Internals of jtrace-ringbuffer: descriptors of the kernel structures it reads
 * ({@code struct trace_buffer_meta}, {@code struct perf_event_mmap_page}, {@code struct
 * perf_event_header}), the sub-buffer cutter and the wake-up eventfd. Not exported.
 */
package dev.jtrace.ringbuffer.internal;
