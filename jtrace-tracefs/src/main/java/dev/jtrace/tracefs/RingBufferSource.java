package dev.jtrace.tracefs;

import dev.jtrace.core.CpuSet;
import dev.jtrace.ringbuffer.MergedBufferReader;
import dev.jtrace.ringbuffer.ReadMode;
import dev.jtrace.traceevent.EventRecord;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A session's records through jtrace-ringbuffer: every CPU buffer of the instance, mapped in place
 * where the kernel allows it (Linux 6.10+) and read otherwise, merged by time stamp.
 */
final class RingBufferSource implements RecordSource {
    private final MergedBufferReader reader;
    private final EventRecord record = new EventRecord();

    private RingBufferSource(MergedBufferReader reader) {
        this.reader = reader;
    }

    static RingBufferSource open(Path instanceDir, CpuSet cpus, ReadMode mode) {
        return new RingBufferSource(MergedBufferReader.open(instanceDir, cpus, mode));
    }

    /** Returns the mode the reader chose. */
    ReadMode mode() {
        return reader.mode();
    }

    @Override
    public EventRecord next() {
        return reader.next(record) ? record : null;
    }

    @Override
    public boolean await(long timeoutNanos) {
        return reader.await(Duration.ofNanos(Math.max(0, timeoutNanos)));
    }

    @Override
    public long lostEvents() {
        return reader.lostEvents();
    }

    @Override
    public void close() {
        reader.close(); // unmaps and closes at once: the session removes the instance right after
    }
}
