package dev.jtrace.tracefs;

import dev.jtrace.core.CpuSet;
import dev.jtrace.core.Errno;
import dev.jtrace.core.FacilityUnavailableException;
import dev.jtrace.core.KernelCallException;
import dev.jtrace.core.KernelFacility;
import dev.jtrace.core.MalformedDataException;
import dev.jtrace.tracefs.internal.Control;
import java.util.ArrayList;
import java.util.List;

/**
 * The ring buffer of an instance: its size (all CPUs or per CPU), sub-buffer size, wake-up
 * watermark and per-CPU counters. Size changes are undone when the instance handle is closed.
 * {@snippet :
 * instance.buffer().setSizeKb(4096);           // every CPU
 * instance.buffer().setSizeKb(1, 256);         // CPU 1 only
 * CpuStats cpu0 = instance.buffer().stats(0);  // entries, overrun, dropped ...
 * }
 */
public final class BufferSettings {
    private final InstanceContext context;

    BufferSettings(InstanceContext context) {
        this.context = context;
    }

    /**
     * Returns the CPUs that have a buffer ({@code per_cpu/cpuN}).
     *
     * @return the CPU set
     */
    public CpuSet cpus() {
        context.checkOpen();
        List<Integer> cpus = new ArrayList<>();
        for (String n : Listing.names(context.file("per_cpu"), true)) {
            if (n.startsWith("cpu")) {
                try {
                    cpus.add(Integer.parseInt(n.substring(3)));
                } catch (NumberFormatException e) {
                    // not a CPU directory
                }
            }
        }
        int[] array = new int[cpus.size()];
        for (int i = 0; i < array.length; i++) {
            array[i] = cpus.get(i);
        }
        return CpuSet.of(array);
    }

    /**
     * Returns the buffer size of every CPU, if they are all the same.
     *
     * @return the size in KiB, or -1 when CPUs have different sizes (see {@link #sizeKb(int)})
     * @throws MalformedDataException if the kernel's text is not a number
     */
    public long sizeKb() {
        return parseSize(context.read("buffer_size_kb"), "buffer_size_kb");
    }

    /**
     * Returns the buffer size of one CPU.
     *
     * @param cpu the CPU
     * @return the size in KiB
     * @throws IllegalArgumentException if the CPU has no buffer
     */
    public long sizeKb(int cpu) {
        return parseSize(context.read(cpuFile(cpu, "buffer_size_kb")), cpuFile(cpu, "buffer_size_kb"));
    }

    /**
     * Returns the total size of all CPU buffers.
     *
     * @return KiB
     */
    public long totalSizeKb() {
        return parseSize(context.read("buffer_total_size_kb"), "buffer_total_size_kb");
    }

    /**
     * Resizes every CPU's buffer (the kernel rounds up to whole pages).
     *
     * @param kb the size in KiB, at least 1
     * @throws IllegalArgumentException if {@code kb} is below 1, or so large that the kernel's byte
     *     count would overflow (it would then silently make the buffer tiny)
     * @throws dev.jtrace.core.KernelCallException if the kernel refuses (ENOMEM, or EBUSY while the
     *     buffer is memory-mapped)
     */
    public void setSizeKb(long kb) {
        checkSize(kb);
        context.checkOpen();
        resize("buffer_size_kb", kb);
    }

    /**
     * Resizes one CPU's buffer.
     *
     * @param cpu the CPU
     * @param kb the size in KiB, at least 1
     * @throws IllegalArgumentException if {@code kb} is below 1 or overflows (see {@link #setSizeKb(long)}),
     *     or the CPU has no buffer
     * @throws dev.jtrace.core.KernelCallException if the kernel refuses
     */
    public void setSizeKb(int cpu, long kb) {
        checkSize(kb);
        resize(cpuFile(cpu, "buffer_size_kb"), kb);
    }

    /**
     * Writes a size, journalling every CPU's size before this handle's first resize; a refused
     * first resize leaves no journal entry, so close() does not write sizes the handle never
     * changed (over a change someone else made meanwhile).
     */
    private void resize(String file, long kb) {
        String key = "buffer_size";
        boolean first = false;
        if (!context.journal.has(key)) {
            List<Long> before = perCpuSizes();
            first = context.journal.remember(key, () -> restoreSizes(before));
        }
        try {
            context.write(file, Long.toString(kb));
        } catch (RuntimeException e) {
            if (first) {
                context.journal.forget(key);
            }
            throw e;
        }
    }

    private List<Long> perCpuSizes() {
        List<Long> sizes = new ArrayList<>();
        CpuSet cpus = cpus();
        for (int cpu = cpus.next(0); cpu >= 0; cpu = cpus.next(cpu + 1)) {
            sizes.add((long) cpu);
            sizes.add(sizeKb(cpu));
        }
        return sizes;
    }

    private void restoreSizes(List<Long> cpuAndSize) {
        boolean uniform = true;
        for (int i = 3; i < cpuAndSize.size(); i += 2) {
            uniform &= cpuAndSize.get(i).equals(cpuAndSize.get(1));
        }
        if (uniform && !cpuAndSize.isEmpty()) {
            Control.write(context.file("buffer_size_kb"), Long.toString(cpuAndSize.get(1)), false, null);
            return;
        }
        for (int i = 0; i < cpuAndSize.size(); i += 2) {
            Control.write(context.file("per_cpu/cpu" + cpuAndSize.get(i) + "/buffer_size_kb"),
                    Long.toString(cpuAndSize.get(i + 1)), false, null);
        }
    }

    /**
     * Returns the sub-buffer ("page") size.
     *
     * @return KiB
     * @throws dev.jtrace.core.FacilityUnavailableException on kernels before 6.8 (no
     *     {@code buffer_subbuf_size_kb})
     */
    public int subBufferSizeKb() {
        return (int) parseSize(context.readRequired("buffer_subbuf_size_kb", "sub-buffer size"),
                "buffer_subbuf_size_kb");
    }

    /**
     * Sets the sub-buffer size; the kernel rounds it up to a power-of-two number of pages and
     * discards the buffer's contents.
     *
     * @param kb KiB, at least 1
     * @throws IllegalArgumentException if {@code kb} is below 1
     * @throws dev.jtrace.core.FacilityUnavailableException if the kernel has no sub-buffer setting or
     *     refuses every change of it (EPERM; see {@link dev.jtrace.core.KernelFacility#SUB_BUFFER_RESIZE})
     * @throws dev.jtrace.core.KernelCallException if the kernel refuses this size
     */
    public void setSubBufferSizeKb(int kb) {
        checkSize(kb);
        int old = subBufferSizeKb();
        try {
            context.set("buffer_subbuf_size_kb", Integer.toString(kb), Integer.toString(old));
        } catch (KernelCallException e) {
            if (e.errno() != Errno.EPERM) {
                throw e;
            }
            // EPERM is not about this size: the kernel allows no sub-buffer size but its own.
            throw new FacilityUnavailableException(KernelFacility.SUB_BUFFER_RESIZE.description(),
                    "writing " + kb + " to " + context.file("buffer_subbuf_size_kb") + " was refused by this kernel: "
                            + e.errnoName() + " (" + e.errnoText() + "); the sub-buffer size stays " + old
                            + " KiB and every other buffer setting keeps working", e);
        }
    }

    /**
     * Returns the wake-up watermark: how full (in percent) a CPU buffer must be before blocked
     * readers are woken; 0 wakes them on any data.
     *
     * @return 0 to 100
     */
    public int percent() {
        return (int) parseSize(context.readRequired("buffer_percent", "buffer_percent"), "buffer_percent");
    }

    /**
     * Sets the wake-up watermark.
     *
     * @param percent 0 to 100
     * @throws IllegalArgumentException if out of range
     * @throws dev.jtrace.core.KernelCallException if the kernel refuses
     */
    public void setPercent(int percent) {
        if (percent < 0 || percent > 100) {
            throw new IllegalArgumentException("buffer_percent must be 0 to 100, not " + percent);
        }
        int old = percent();
        context.set("buffer_percent", Integer.toString(percent), Integer.toString(old));
    }

    /**
     * Reads the counters of one CPU's buffer.
     *
     * @param cpu the CPU
     * @return the counters
     * @throws IllegalArgumentException if the CPU has no buffer
     */
    public CpuStats stats(int cpu) {
        String file = cpuFile(cpu, "stats");
        return CpuStats.parse(cpu, context.read(file), context.file(file).toString());
    }

    /**
     * Discards the buffer's contents (all CPUs). Not undone by {@code close()}: there is nothing to
     * restore.
     *
     * @throws dev.jtrace.core.KernelCallException if the kernel refuses
     */
    public void clear() {
        context.writeTruncating("trace", "");
    }

    private String cpuFile(int cpu, String name) {
        context.checkOpen();
        if (cpu < 0 || !context.exists("per_cpu/cpu" + cpu)) {
            throw new IllegalArgumentException(context.describe() + " has no buffer for CPU " + cpu + "; it has CPUs "
                    + cpus());
        }
        return "per_cpu/cpu" + cpu + "/" + name;
    }

    /** Above this the kernel's KiB-to-bytes shift overflows and it silently sets a tiny buffer. */
    static final long MAX_SIZE_KB = Long.MAX_VALUE >> 10;

    private static void checkSize(long kb) {
        if (kb < 1) {
            throw new IllegalArgumentException("a buffer size must be at least 1 KiB, not " + kb);
        }
        if (kb > MAX_SIZE_KB) {
            throw new IllegalArgumentException("a buffer size of " + kb + " KiB overflows the kernel's byte count "
                    + "(at most " + MAX_SIZE_KB + " KiB)");
        }
    }

    /** Parses "1410", "X" (per-CPU sizes differ: -1) or "7 (expanded: 1408)" (the size on first use). */
    static long parseSize(String text, String source) {
        String t = text.strip();
        if (t.equals("X")) {
            return -1;
        }
        int expanded = t.indexOf("(expanded: ");
        if (expanded >= 0) {
            int end = t.indexOf(')', expanded);
            t = t.substring(expanded + "(expanded: ".length(), end < 0 ? t.length() : end).strip();
        }
        try {
            return Long.parseLong(t);
        } catch (NumberFormatException e) {
            throw new MalformedDataException(source, 0, "not a number: " + text.strip());
        }
    }
}
