/**
 * trace-cmd trace.dat files: reading versions 6 and 7 with compression, and writing.
 *
 * <p>This module has no API yet; its issue will add it.
 */
package dev.jtrace.tracedat;
