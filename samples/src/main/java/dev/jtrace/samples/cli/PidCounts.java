package dev.jtrace.samples.cli;

import java.util.Arrays;

/**
 * Counts per pid without boxing: an open-addressing table of {@code int} keys and {@code long}
 * counts, grown by doubling. {@code jtrace top} feeds it once per event, so a {@code HashMap<Integer,
 * Long>} would allocate on the hot path; this allocates only when it grows.
 */
final class PidCounts {
    private static final int EMPTY = Integer.MIN_VALUE; // no pid is negative

    private int[] keys;
    private long[] counts;
    private int size;

    PidCounts() {
        keys = new int[256];
        counts = new long[256];
        Arrays.fill(keys, EMPTY);
    }

    /** Adds {@code n} to the count of {@code pid}. */
    void add(int pid, long n) {
        int slot = slot(keys, pid);
        if (keys[slot] == EMPTY) {
            keys[slot] = pid;
            size++;
            if (size * 2 > keys.length) {
                grow();
                slot = slot(keys, pid);
            }
        }
        counts[slot] += n;
    }

    /** Returns the count of {@code pid}, 0 if it was never added. */
    long get(int pid) {
        int slot = slot(keys, pid);
        return keys[slot] == EMPTY ? 0 : counts[slot];
    }

    /** Returns how many distinct pids were counted. */
    int size() {
        return size;
    }

    /** Returns the sum of all counts. */
    long total() {
        long sum = 0;
        for (int i = 0; i < keys.length; i++) {
            if (keys[i] != EMPTY) {
                sum += counts[i];
            }
        }
        return sum;
    }

    /**
     * Returns the pids with the highest counts, highest first (ties: lower pid first).
     *
     * @param limit how many at most
     */
    int[] top(int limit) {
        Integer[] pids = new Integer[size];
        int n = 0;
        for (int key : keys) {
            if (key != EMPTY) {
                pids[n++] = key;
            }
        }
        Arrays.sort(pids, (a, b) -> {
            int byCount = Long.compare(get(b), get(a));
            return byCount != 0 ? byCount : Integer.compare(a, b);
        });
        int[] result = new int[Math.min(limit, n)];
        for (int i = 0; i < result.length; i++) {
            result[i] = pids[i];
        }
        return result;
    }

    private void grow() {
        int[] oldKeys = keys;
        long[] oldCounts = counts;
        keys = new int[oldKeys.length * 2];
        counts = new long[oldKeys.length * 2];
        Arrays.fill(keys, EMPTY);
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldKeys[i] != EMPTY) {
                int slot = slot(keys, oldKeys[i]);
                keys[slot] = oldKeys[i];
                counts[slot] = oldCounts[i];
            }
        }
    }

    private static int slot(int[] table, int pid) {
        int mask = table.length - 1;
        int i = (pid * 0x9E3779B9) >>> 7 & mask;
        while (table[i] != EMPTY && table[i] != pid) {
            i = (i + 1) & mask;
        }
        return i;
    }
}
