/**
 * jtrace-tracefs: the tracefs control plane and live trace sessions.
 *
 * <p>{@link dev.jtrace.tracefs.Tracefs} finds tracefs and hands out instances
 * ({@link dev.jtrace.tracefs.TraceInstance}), dynamic events and the reaper;
 * {@link dev.jtrace.tracefs.TraceSession} sets up a whole live trace in one object.
 */
module dev.jtrace.tracefs {
    requires transitive dev.jtrace.core;
    requires transitive dev.jtrace.clock;
    requires transitive dev.jtrace.traceevent;
    requires transitive dev.jtrace.ringbuffer;

    exports dev.jtrace.tracefs;
}
