/**
 * The tracefs control plane (instances, events, filters, triggers, tracers, options, markers, dynamic events) and live sessions.
 *
 * <p>This module has no API yet; its issue will add it.
 */
package dev.jtrace.tracefs;
