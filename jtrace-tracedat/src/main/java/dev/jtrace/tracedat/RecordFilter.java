package dev.jtrace.tracedat;

import dev.jtrace.core.CpuSet;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Which records a {@link RecordCursor} yields: by event, CPU, pid and buffer. Immutable; each
 * method returns a narrowed copy. The default ({@link #all()}) keeps everything.
 * {@snippet :
 * RecordFilter filter = RecordFilter.all()
 *         .events("sched:sched_switch", "sched:sched_wakeup")
 *         .cpus(CpuSet.parseList("0-1"))
 *         .pids(1234);
 * }
 *
 * <p>Event names are {@code system:event}, {@code system:*} or a bare {@code event} (any system);
 * they are resolved against the file's formats when the cursor is made, and a name that matches no
 * event is an error then. Filtering happens while decoding, before the merge: a filtered-out record
 * costs its header and the few bytes the test reads.
 */
public final class RecordFilter {
    private static final RecordFilter ALL = new RecordFilter(null, null, null, null);

    private final List<String> events;
    private final CpuSet cpus;
    private final int[] pids;
    private final List<String> buffers;

    private RecordFilter(List<String> events, CpuSet cpus, int[] pids, List<String> buffers) {
        this.events = events;
        this.cpus = cpus;
        this.pids = pids;
        this.buffers = buffers;
    }

    /**
     * Returns the filter that keeps every record.
     *
     * @return the filter
     */
    public static RecordFilter all() {
        return ALL;
    }

    /**
     * Keeps only the named events.
     *
     * @param names {@code system:event}, {@code system:*} or {@code event}
     * @return the narrowed filter
     * @throws IllegalArgumentException if no name is given or one is empty
     */
    public RecordFilter events(String... names) {
        if (names.length == 0) {
            throw new IllegalArgumentException("no event names");
        }
        for (String n : names) {
            if (Objects.requireNonNull(n, "event name").isBlank()) {
                throw new IllegalArgumentException("empty event name");
            }
        }
        return new RecordFilter(List.of(names), cpus, pids, buffers);
    }

    /**
     * Keeps only records of the given CPUs.
     *
     * @param cpuSet the CPUs
     * @return the narrowed filter
     */
    public RecordFilter cpus(CpuSet cpuSet) {
        return new RecordFilter(events, Objects.requireNonNull(cpuSet, "cpuSet"), pids, buffers);
    }

    /**
     * Keeps only records whose {@code common_pid} is one of the given (0 is the idle task).
     *
     * @param pidList the pids
     * @return the narrowed filter
     * @throws IllegalArgumentException if no pid is given
     */
    public RecordFilter pids(int... pidList) {
        if (pidList.length == 0) {
            throw new IllegalArgumentException("no pids");
        }
        int[] sorted = pidList.clone();
        Arrays.sort(sorted);
        return new RecordFilter(events, cpus, sorted, buffers);
    }

    /**
     * Keeps only records of the named buffers ({@code ""} is the top-level buffer).
     *
     * @param names the buffer names
     * @return the narrowed filter
     * @throws IllegalArgumentException if no name is given
     */
    public RecordFilter buffers(String... names) {
        if (names.length == 0) {
            throw new IllegalArgumentException("no buffer names");
        }
        return new RecordFilter(events, cpus, pids, List.of(names));
    }

    List<String> events() {
        return events;
    }

    CpuSet cpus() {
        return cpus;
    }

    int[] pids() {
        return pids;
    }

    List<String> buffers() {
        return buffers;
    }

    @Override
    public String toString() {
        return "RecordFilter[events=" + (events == null ? "all" : events) + ", cpus=" + (cpus == null ? "all" : cpus)
                + ", pids=" + (pids == null ? "all" : Arrays.toString(pids)) + ", buffers="
                + (buffers == null ? "all" : buffers) + "]";
    }
}
