package dev.jtrace.tracefs;

import dev.jtrace.core.CpuSet;
import dev.jtrace.traceevent.HeaderPage;

/**
 * Creates the {@link RecordSource} of a session: the one place to change when the memory-mapped
 * reader of jtrace-ringbuffer takes over (for example: try the mmap reader when
 * {@code KernelFacility.RING_BUFFER_MMAP} is available, fall back to {@link PipeRawSource}).
 */
final class RecordSources {
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
        return PipeRawSource.open(instance.dir, cpus, layout);
    }
}
