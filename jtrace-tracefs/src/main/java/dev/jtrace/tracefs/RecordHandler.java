package dev.jtrace.tracefs;

import dev.jtrace.traceevent.EventRecord;

/**
 * Receives the records of a {@link TraceSession}, one call per event, in time-stamp order.
 *
 * <p>The record is a reused view over the session's buffers: valid only during the call. Read the
 * fields you need (or copy the payload) before returning; do not keep the object. A handler may
 * call {@link TraceSession#stop()} to end a {@link TraceSession#consume consume} loop after the
 * records already recorded are delivered.
 */
@FunctionalInterface
public interface RecordHandler {
    /**
     * Handles one record.
     *
     * @param record the record, valid until this method returns
     */
    void onRecord(EventRecord record);
}
