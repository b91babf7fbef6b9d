/**
 * Trace clocks: reading every clock id, the kernel's trace_clock model and conversions between clocks.
 *
 * <p>This module has no API yet; its issue will add it.
 */
package dev.jtrace.clock;
