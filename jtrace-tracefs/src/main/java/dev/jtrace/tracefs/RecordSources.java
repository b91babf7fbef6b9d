package dev.jtrace.tracefs;

import dev.jtrace.core.CpuSet;
import dev.jtrace.ringbuffer.ReadMode;
import dev.jtrace.traceevent.HeaderPage;

/**
 * Creates the {@link RecordSource} of a session: jtrace-ringbuffer's merged reader (mapped in place
 * on Linux 6.10+, read() otherwise), or, when the system property {@value #READER_PROPERTY} is
 * {@code pipe}, the session's own read() merger {@link PipeRawSource} (kept as an independent
 * second implementation the tests compare against).
 */
final class RecordSources {
    /** Selects the reader: {@code auto} (default), {@code mmap}, {@code read} or {@code pipe}. */
    static final String READER_PROPERTY = "jtrace.tracefs.reader";
    private RecordSources() {
    }

    /**
     * Opens the reader for an instance's per-CPU buffers.
     *
     * @param instance the instance (its {@code per_cpu/cpuN/trace_pipe_raw} files)
     * @param cpus the CPUs to read
     * @param layout the sub-buffer layout from the instance's {@code events/header_page}
     * @return the source
     */
    static RecordSource open(InstanceContext instance, CpuSet cpus, HeaderPage layout) {
        return switch (System.getProperty(READER_PROPERTY, "auto")) {
            case "pipe" -> PipeRawSource.open(instance.dir, cpus, layout);
            case "read" -> RingBufferSource.open(instance.dir, cpus, ReadMode.READ);
            case "mmap" -> RingBufferSource.open(instance.dir, cpus, ReadMode.MMAP);
            default -> RingBufferSource.open(instance.dir, cpus, ReadMode.AUTO);
        };
    }
}
