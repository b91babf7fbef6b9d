/**
 * Trace-event formats, print-fmt parsing and rendering, sub-buffer page decoding and flyweight records.
 *
 * <p>This module has no API yet; its issue will add it.
 */
package dev.jtrace.traceevent;
