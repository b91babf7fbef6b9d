package dev.jtrace.tracedat;

import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * The options a trace.dat file carries besides its buffers: where it was recorded, per-CPU
 * statistics, time corrections and guest data. Options jtrace does not know are listed by id in
 * {@link #unknownIds()} and otherwise skipped, as trace-cmd does.
 *
 * <p>Time corrections are applied to {@link RecordCursor#timestamp()} in trace-cmd's order
 * ({@code timestamp_calc()} in trace-cmd's {@code trace-input.c}): guest-to-host synchronisation
 * ({@link #timeShift()}), then TSC to nanoseconds ({@link #tsc2nsec()}), then the fixed offset
 * ({@link #timeOffset()}). Like trace-cmd, only the top-level buffer is synchronised with the host;
 * the conversion and the offset apply to every buffer.
 */
public final class TraceDatOptions {
    private final String uname;
    private final String traceCmdVersion;
    private final String traceClockText;
    private final OptionalLong traceId;
    private final int cpuCount;
    private final List<String> cpuStats;
    private final long dateOffsetNanos;
    private final long offsetNanos;
    private final Tsc2Nsec tsc2nsec;
    private final TimeShift timeShift;
    private final List<Guest> guests;
    private final String procMaps;
    private final List<String> hooks;
    private final List<Integer> unknownIds;

    TraceDatOptions(String uname, String traceCmdVersion, String traceClockText, OptionalLong traceId, int cpuCount,
            List<String> cpuStats, long dateOffsetNanos, long offsetNanos, Tsc2Nsec tsc2nsec, TimeShift timeShift,
            List<Guest> guests, String procMaps, List<String> hooks, List<Integer> unknownIds) {
        this.uname = uname;
        this.traceCmdVersion = traceCmdVersion;
        this.traceClockText = traceClockText;
        this.traceId = traceId;
        this.cpuCount = cpuCount;
        this.cpuStats = List.copyOf(cpuStats);
        this.dateOffsetNanos = dateOffsetNanos;
        this.offsetNanos = offsetNanos;
        this.tsc2nsec = tsc2nsec;
        this.timeShift = timeShift;
        this.guests = List.copyOf(guests);
        this.procMaps = procMaps;
        this.hooks = List.copyOf(hooks);
        this.unknownIds = List.copyOf(unknownIds);
    }

    /**
     * Returns {@code uname -a} of the machine that recorded the trace (option UNAME).
     *
     * @return the text, or {@code null} if the file has none
     */
    public String uname() {
        return uname;
    }

    /**
     * Returns the version of the trace-cmd (or jtrace) that wrote the file (option VERSION).
     *
     * @return the text, or {@code null} if the file has none
     */
    public String traceCmdVersion() {
        return traceCmdVersion;
    }

    /**
     * Returns the {@code trace_clock} file's text as recorded (option TRACECLOCK), e.g.
     * {@code "[local] global counter ..."}: the selected clock in brackets.
     *
     * @return the text, or {@code null} if the file has none
     */
    public String traceClockText() {
        return traceClockText;
    }

    /**
     * Returns the session id (option TRACEID), which ties host and guest files together.
     *
     * @return the id, or empty
     */
    public OptionalLong traceId() {
        return traceId;
    }

    /**
     * Returns the number of CPUs of the traced machine (v6 header or option CPUCOUNT), at least the
     * number of CPUs with data.
     *
     * @return the CPU count
     */
    public int cpuCount() {
        return cpuCount;
    }

    /**
     * Returns the per-CPU statistics texts (options CPUSTAT), in file order: the top buffer's CPUs,
     * then for each instance a {@code "Buffer: name"} text and its CPUs, as trace-cmd writes them.
     *
     * @return the texts
     */
    public List<String> cpuStats() {
        return cpuStats;
    }

    /**
     * Returns the offset from option DATE (trace time to wall-clock time), in nanoseconds.
     *
     * @return the offset, 0 if the file has none
     */
    public long dateOffsetNanos() {
        return dateOffsetNanos;
    }

    /**
     * Returns the fixed offset added to every time stamp: option DATE (given in microseconds)
     * plus option OFFSET, in nanoseconds (trace-cmd's {@code ts_offset}).
     *
     * @return the offset, 0 if the file has neither
     */
    public long timeOffset() {
        return dateOffsetNanos + offsetNanos;
    }

    /**
     * Returns the TSC-to-nanoseconds conversion (option TSC2NSEC).
     *
     * @return the conversion, or {@code null} if the file has none
     */
    public Tsc2Nsec tsc2nsec() {
        return tsc2nsec;
    }

    /**
     * Returns the guest-to-host time synchronisation (option TIME_SHIFT).
     *
     * @return the data, or {@code null} if the file has none
     */
    public TimeShift timeShift() {
        return timeShift;
    }

    /**
     * Returns the traced guests (options GUEST), found in a host's file.
     *
     * @return the guests, empty if none
     */
    public List<Guest> guests() {
        return guests;
    }

    /**
     * Returns the memory maps of traced processes (option PROCMAPS), as text.
     *
     * @return the text, or {@code null} if the file has none
     */
    public String procMaps() {
        return procMaps;
    }

    /**
     * Returns the event hook descriptions (options HOOK).
     *
     * @return the descriptions, empty if none
     */
    public List<String> hooks() {
        return hooks;
    }

    /**
     * Returns the ids of options jtrace does not know, which it skipped.
     *
     * @return the ids in file order
     */
    public List<Integer> unknownIds() {
        return unknownIds;
    }

    /**
     * TSC to nanoseconds: {@code ns = (tsc * mult) >> shift}, then {@code offset} is the host's
     * offset at the start (trace-cmd applies mult and shift; the offset is informational there too).
     *
     * @param mult the multiplier
     * @param shift the shift
     * @param offset the offset
     */
    public record Tsc2Nsec(long mult, int shift, long offset) {
        /**
         * Converts a TSC value as trace-cmd's {@code mul_u64_u32_shr()} does.
         *
         * @param tsc the TSC value
         * @return nanoseconds
         */
        public long toNanos(long tsc) {
            long lo = tsc & 0xffffffffL;
            long hi = tsc >>> 32;
            long r = (lo * mult) >>> shift;
            if (hi != 0) {
                r += (hi * mult) << (32 - shift);
            }
            return r;
        }
    }

    /**
     * Guest-to-host time synchronisation samples per guest CPU (option TIME_SHIFT).
     *
     * @param peerTraceId the trace id of the peer (the host)
     * @param flags protocol flags; bit 0 asks for interpolation between samples
     * @param cpus the samples of each CPU, by CPU number
     */
    public record TimeShift(long peerTraceId, int flags, List<CpuSamples> cpus) {
        /** Flag: interpolate the offset between two samples ({@code TRACECMD_TSYNC_FLAG_INTERPOLATE}). */
        public static final int FLAG_INTERPOLATE = 1;

        /**
         * Copies the list.
         *
         * @param peerTraceId the trace id of the peer
         * @param flags protocol flags
         * @param cpus the samples of each CPU
         */
        public TimeShift {
            cpus = List.copyOf(Objects.requireNonNull(cpus, "cpus"));
        }
    }

    /**
     * The synchronisation samples of one guest CPU, sorted by time.
     *
     * @param times when each sample was taken (guest time)
     * @param offsets the host-minus-guest offset of each sample
     * @param scalings the scaling ratio of each sample
     * @param fractions the fraction bits of each scaling (0 when the file has none)
     */
    public record CpuSamples(long[] times, long[] offsets, long[] scalings, long[] fractions) {
        /**
         * Checks that the arrays have one length.
         *
         * @param times sample times
         * @param offsets sample offsets
         * @param scalings sample scalings
         * @param fractions sample fraction bits
         * @throws IllegalArgumentException if the lengths differ
         */
        public CpuSamples {
            if (offsets.length != times.length || scalings.length != times.length || fractions.length != times.length) {
                throw new IllegalArgumentException("sample arrays differ in length");
            }
        }
    }

    /**
     * A guest traced with this host (option GUEST).
     *
     * @param name the guest's name
     * @param traceId the guest file's trace id
     * @param vcpuHostPids for each virtual CPU, the pid of the host task running it (index = vCPU)
     */
    public record Guest(String name, long traceId, List<Integer> vcpuHostPids) {
        /**
         * Copies the list.
         *
         * @param name the guest's name
         * @param traceId the guest file's trace id
         * @param vcpuHostPids host task per vCPU
         */
        public Guest {
            Objects.requireNonNull(name, "name");
            vcpuHostPids = List.copyOf(vcpuHostPids);
        }
    }
}
