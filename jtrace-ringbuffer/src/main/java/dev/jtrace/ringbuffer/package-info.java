/**
 * Zero-copy readers for ftrace per-CPU ring buffers and perf rings.
 *
 * <p>This module has no API yet; its issue will add it.
 */
package dev.jtrace.ringbuffer;
