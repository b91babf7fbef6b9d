/**
 * Small, commented examples of the jtrace API: a live session counting events
 * ({@link dev.jtrace.samples.examples.CountEvents}), reading a trace.dat file
 * ({@link dev.jtrace.samples.examples.DecodeTraceDat}), and application markers next to kernel events
 * ({@link dev.jtrace.samples.examples.MarkersNextToKernelEvents}).
 */
package dev.jtrace.samples.examples;
