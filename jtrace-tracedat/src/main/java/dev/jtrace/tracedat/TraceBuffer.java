package dev.jtrace.tracedat;

import dev.jtrace.traceevent.HeaderPage;
import java.util.List;
import java.util.Objects;

/**
 * One ring buffer saved in a trace.dat file: the top-level buffer (name {@code ""}) or a tracefs
 * instance. It has its own trace clock and sub-buffer ("page") size, and per-CPU data.
 */
public final class TraceBuffer {
    private final int index;
    private final String name;
    private final String clock;
    private final int pageSize;
    private final HeaderPage headerPage;
    private final boolean compressed;
    private final List<CpuData> cpus;

    TraceBuffer(int index, String name, String clock, int pageSize, HeaderPage headerPage, boolean compressed,
            List<CpuData> cpus) {
        this.index = index;
        this.name = Objects.requireNonNull(name, "name");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.pageSize = pageSize;
        this.headerPage = headerPage;
        this.compressed = compressed;
        this.cpus = List.copyOf(cpus);
    }

    /**
     * Where a CPU's data lies in the file.
     *
     * @param cpu the CPU number
     * @param offset the file offset of the data (of the chunk table if compressed)
     * @param size the bytes it takes in the file
     * @param pages the number of sub-buffers (pages) once decompressed
     */
    public record CpuData(int cpu, long offset, long size, long pages) {
    }

    /**
     * Returns the buffer's position in {@link TraceDatFile#buffers()}; merged records of equal
     * time stamps come in this order, then by CPU, as trace-cmd orders them.
     *
     * @return the index
     */
    public int index() {
        return index;
    }

    /**
     * Returns the instance name, {@code ""} for the top-level buffer.
     *
     * @return the name
     */
    public String name() {
        return name;
    }

    /**
     * Returns the trace clock of the buffer's time stamps, e.g. {@code local} or {@code x86-tsc}.
     *
     * @return the clock name
     */
    public String clock() {
        return clock;
    }

    /**
     * Returns the sub-buffer size of this buffer's data.
     *
     * @return bytes per page
     */
    public int pageSize() {
        return pageSize;
    }

    /**
     * Returns the page layout (from the file's header_page, sized for this buffer's pages).
     *
     * @return the layout
     */
    public HeaderPage headerPage() {
        return headerPage;
    }

    /**
     * Tells whether the per-CPU data is stored compressed.
     *
     * @return whether it is
     */
    public boolean compressed() {
        return compressed;
    }

    /**
     * Returns the CPUs that have data, in file order.
     *
     * @return the CPUs
     */
    public List<CpuData> cpus() {
        return cpus;
    }

    @Override
    public String toString() {
        return "TraceBuffer[" + (name.isEmpty() ? "(top)" : name) + ", clock " + clock + ", " + pageSize
                + "-byte pages, " + cpus.size() + " CPUs" + (compressed ? ", compressed" : "") + "]";
    }
}
