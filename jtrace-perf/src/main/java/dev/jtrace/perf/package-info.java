/**
 * perf_event_open: attributes, counters, groups and sampling.
 *
 * <p>This module has no API yet; its issue will add it.
 */
package dev.jtrace.perf;
