package dev.jtrace.tracedat.internal;

/**
 * Turns a record's raw time stamp into the one trace-cmd reports ({@code timestamp_calc()} in
 * trace-cmd's {@code trace-input.c}): guest-to-host synchronisation per CPU, then TSC to
 * nanoseconds, then a fixed offset. With none of them it is the identity, checked with one branch.
 */
public final class TimeCorrection {
    private final boolean identity;
    private final long[][] times;
    private final long[][] offsets;
    private final long[][] scalings;
    private final long[][] fractions;
    private final boolean interpolate;
    private final long mult;
    private final int shift;
    private final long offset;

    /**
     * Creates a correction.
     *
     * @param times per CPU, sample times (null for no synchronisation)
     * @param offsets per CPU, sample offsets
     * @param scalings per CPU, sample scalings
     * @param fractions per CPU, sample fraction bits
     * @param interpolate whether to interpolate between samples
     * @param mult TSC multiplier, 0 for none
     * @param shift TSC shift
     * @param offset nanoseconds to add
     */
    public TimeCorrection(long[][] times, long[][] offsets, long[][] scalings, long[][] fractions, boolean interpolate,
            long mult, int shift, long offset) {
        this.times = times;
        this.offsets = offsets;
        this.scalings = scalings;
        this.fractions = fractions;
        this.interpolate = interpolate;
        this.mult = mult;
        this.shift = shift;
        this.offset = offset;
        this.identity = times == null && mult == 0 && offset == 0;
    }

    /**
     * Corrects a time stamp.
     *
     * @param ts the raw time stamp
     * @param cpu the record's CPU
     * @param topBuffer whether the record is of the top-level buffer: trace-cmd synchronises only
     *     those with the host (its instance handles start with no host data)
     * @return the corrected time stamp
     */
    public long apply(long ts, int cpu, boolean topBuffer) {
        if (identity) {
            return ts;
        }
        if (topBuffer && times != null && cpu < times.length && times[cpu].length > 0) {
            ts = hostSync(ts, cpu);
        }
        if (mult != 0) {
            long lo = ts & 0xffffffffL;
            long hi = ts >>> 32;
            long r = (lo * mult) >>> shift;
            if (hi != 0) {
                r += (hi * mult) << (32 - shift);
            }
            ts = r;
        }
        return ts + offset;
    }

    private long hostSync(long ts, int cpu) {
        long[] t = times[cpu];
        int n = t.length;
        if (n == 1) {
            return ts + offsets[cpu][0];
        }
        int lo;
        if (n == 2 || Long.compareUnsigned(ts, t[0]) <= 0) {
            lo = 0;
        } else if (Long.compareUnsigned(ts, t[n - 1]) >= 0) {
            lo = n - 2;
        } else {
            // The last sample at or before ts (trace-cmd's binary search lands on it).
            int min = 0;
            int max = n - 1;
            int mid = (min + max) / 2;
            while (min <= max) {
                int c = Long.compareUnsigned(ts, t[mid]);
                if (c < 0) {
                    max = mid - 1;
                } else if (c > 0) {
                    min = mid + 1;
                } else {
                    break;
                }
                mid = (min + max) / 2;
            }
            lo = Math.min(mid, n - 2);
        }
        return correct(ts, cpu, lo, lo + 1);
    }

    private long correct(long ts, int cpu, int min, int max) {
        long correction;
        if (interpolate) {
            long delta = times[cpu][max] - times[cpu][min];
            long scaled = (ts - times[cpu][min]) * (offsets[cpu][max] - offsets[cpu][min]);
            correction = offsets[cpu][min] + (delta == 0 ? 0 : (scaled + delta / 2) / delta);
        } else {
            correction = offsets[cpu][min];
        }
        long scaling = scalings[cpu][min];
        long fraction = fractions[cpu][min];
        ts = (ts * scaling) >>> fraction;
        return ts + correction;
    }
}
