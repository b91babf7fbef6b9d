/**
 * The tracefs control plane and live sessions: libtracefs for the JVM.
 *
 * <ul>
 *   <li>{@link dev.jtrace.tracefs.Tracefs}: locate (or mount) tracefs; create, open, list and remove
 *       instances; the top-level instance; dynamic events; the reaper.
 *   <li>{@link dev.jtrace.tracefs.TraceInstance} and its facets
 *       {@link dev.jtrace.tracefs.InstanceEvents} (enable by {@code system:event} glob, filters,
 *       triggers, pid filters), {@link dev.jtrace.tracefs.TraceOptions},
 *       {@link dev.jtrace.tracefs.BufferSettings}, {@link dev.jtrace.tracefs.Tracers}; markers
 *       ({@link dev.jtrace.tracefs.TraceMarker}) and text streaming
 *       ({@link dev.jtrace.tracefs.TracePipe}).
 *   <li>Dynamic events: {@link dev.jtrace.tracefs.Uprobe}, {@link dev.jtrace.tracefs.Kprobe},
 *       {@link dev.jtrace.tracefs.Eprobe}, {@link dev.jtrace.tracefs.SyntheticEvent}, created by
 *       {@link dev.jtrace.tracefs.DynamicEvents} in the group {@code jtrace_<pid>}.
 *   <li>{@link dev.jtrace.tracefs.TraceSession}: one object from events, filters, probes, options
 *       and buffer settings to a live stream of decoded records.
 * </ul>
 *
 * <p>Kernel state: every handle undoes what it changed when closed, a JVM shutdown hook closes
 * what is still open, and {@link dev.jtrace.tracefs.Reaper} removes what killed processes left
 * (instances {@code jtrace-<pid>-<n>}, probe groups {@code jtrace_<pid>}). Every refused write
 * reports errno and, when the kernel logged one, its {@code error_log} entry.
 */
package dev.jtrace.tracefs;
