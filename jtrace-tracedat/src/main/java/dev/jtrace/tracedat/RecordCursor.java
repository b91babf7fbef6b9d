package dev.jtrace.tracedat;

import dev.jtrace.core.MalformedDataException;
import dev.jtrace.tracedat.internal.CpuStream;
import dev.jtrace.tracedat.internal.TimeCorrection;
import dev.jtrace.traceevent.EventFormat;
import dev.jtrace.traceevent.EventRecord;

/**
 * Iterates the records of a trace.dat file in time order, across CPUs and buffers, handing each out
 * through a reusable {@link EventRecord} view over the file's memory. Valid until the next call to
 * {@link #next()} and while the file is open; copy what you keep.
 * {@snippet :
 * try (TraceDatFile file = TraceDatFile.open(Path.of("trace.dat"))) {
 *     EventFormat sw = file.formats().find("sched", "sched_switch");
 *     int prevPid = sw.field("prev_pid").offset();
 *     RecordCursor cursor = file.cursor(RecordFilter.all().events("sched:sched_switch"));
 *     while (cursor.next()) {
 *         EventRecord r = cursor.record();
 *         System.out.println(cursor.timestamp() + " cpu" + r.cpu() + " prev_pid=" + r.s32(prevPid));
 *     }
 * }
 * }
 *
 * <p>Order: by {@linkplain #timestamp() corrected time stamp}; among equal time stamps, by buffer
 * (file order) and then CPU, the order trace-cmd's {@code tracecmd_iterate_events_multi()} gives.
 * Each CPU's records come in the order the kernel wrote them. Pages are decoded in place (in the
 * mapping, or in one reused buffer per CPU for compressed files); nothing is allocated per record.
 *
 * <p>Not thread-safe; make one cursor per thread (cursors of one file are independent).
 */
public final class RecordCursor {
    private final TraceDatFile file;
    private final CpuStream[] streams;
    private final TraceBuffer[] buffers;
    private final TimeCorrection correction;
    private final long[] keys;
    private final int[] heap;
    private int heapSize;
    private int current = -1;
    private boolean started;

    RecordCursor(TraceDatFile file, CpuStream[] streams, TraceBuffer[] buffers, TimeCorrection correction) {
        this.file = file;
        this.streams = streams;
        this.buffers = buffers;
        this.correction = correction;
        this.keys = new long[streams.length];
        this.heap = new int[streams.length];
    }

    /**
     * Moves to the next record in time order.
     *
     * @return whether there is one
     * @throws MalformedDataException if a page or compressed chunk is corrupt; the message names the
     *     file, buffer, CPU, page or chunk and the byte offset
     * @throws dev.jtrace.core.ResourceClosedException if the file was closed
     */
    public boolean next() {
        file.checkOpen();
        if (!started) {
            started = true;
            for (int i = 0; i < streams.length; i++) {
                if (streams[i].next()) {
                    keys[i] = key(i);
                    push(i);
                }
            }
        } else if (current >= 0) {
            if (streams[current].next()) {
                keys[current] = key(current);
                siftDown(0);
            } else {
                pop();
            }
        }
        if (heapSize == 0) {
            current = -1;
            return false;
        }
        current = heap[0];
        return true;
    }

    private long key(int stream) {
        EventRecord r = streams[stream].record();
        return correction.apply(r.timestamp(), r.cpu(), buffers[stream].name().isEmpty());
    }

    /**
     * Returns the current record: a view valid until the next call to {@link #next()}.
     *
     * @return the record
     * @throws IllegalStateException if {@link #next()} has not returned {@code true}
     */
    public EventRecord record() {
        return streams[checkCurrent()].record();
    }

    /**
     * Returns the current record's time stamp after the file's corrections (see
     * {@link TraceDatOptions}); {@link EventRecord#timestamp()} is the raw one from the ring buffer.
     *
     * @return the corrected time stamp
     * @throws IllegalStateException if there is no current record
     */
    public long timestamp() {
        return keys[checkCurrent()];
    }

    /**
     * Returns the CPU of the current record.
     *
     * @return the CPU number
     * @throws IllegalStateException if there is no current record
     */
    public int cpu() {
        return streams[checkCurrent()].cpu();
    }

    /**
     * Returns the buffer the current record belongs to.
     *
     * @return the buffer
     * @throws IllegalStateException if there is no current record
     */
    public TraceBuffer buffer() {
        return buffers[checkCurrent()];
    }

    /**
     * Returns the format of the current record's event, an array lookup by id.
     *
     * @return the format, or {@code null} if the file has none for the record's id
     * @throws IllegalStateException if there is no current record
     */
    public EventFormat format() {
        return file.formats().byId(record().id());
    }

    /**
     * Tells whether the kernel lost events on this record's CPU just before it (the page it starts
     * had {@code RB_MISSED_EVENTS} set), as {@code trace-cmd report} shows with
     * {@code CPU:N [n EVENTS DROPPED]}.
     *
     * @return 0 for none, -1 for an unknown number, else how many
     * @throws IllegalStateException if there is no current record
     */
    public long missedEventsBefore() {
        return streams[checkCurrent()].missedBefore();
    }

    private int checkCurrent() {
        if (current < 0) {
            throw new IllegalStateException(started ? "no more records" : "call next() first");
        }
        return current;
    }

    // ---- a binary heap of stream indices, ordered by (key unsigned, index) ----------------------

    private boolean less(int a, int b) {
        int c = Long.compareUnsigned(keys[a], keys[b]);
        return c < 0 || c == 0 && a < b;
    }

    private void push(int stream) {
        int i = heapSize++;
        heap[i] = stream;
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            if (!less(heap[i], heap[parent])) {
                break;
            }
            swap(i, parent);
            i = parent;
        }
    }

    private void pop() {
        heap[0] = heap[--heapSize];
        siftDown(0);
    }

    private void siftDown(int i) {
        for (;;) {
            int left = 2 * i + 1;
            if (left >= heapSize) {
                return;
            }
            int right = left + 1;
            int min = right < heapSize && less(heap[right], heap[left]) ? right : left;
            if (!less(heap[min], heap[i])) {
                return;
            }
            swap(i, min);
            i = min;
        }
    }

    private void swap(int a, int b) {
        int t = heap[a];
        heap[a] = heap[b];
        heap[b] = t;
    }
}
