package dev.jtrace.ringbuffer;

import dev.jtrace.traceevent.HeaderPage;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * A sub-buffer source over captured pages, for tests without a kernel: hands out each page in
 * place, then reports an empty buffer; pages can be added later, as a writer would.
 */
final class ListSource implements SubBufferSource {
    private final Deque<MemorySegment> pages = new ArrayDeque<>();
    private final long overrun;

    ListSource(List<MemorySegment> pages, long overrun) {
        this.pages.addAll(pages);
        this.overrun = overrun;
    }

    void add(MemorySegment page) {
        pages.add(page);
    }

    @Override
    public boolean next(SubBuffer view) {
        MemorySegment page = pages.poll();
        if (page == null) {
            return false;
        }
        view.set(page, true);
        return true;
    }

    @Override
    public long kernelOverrun() {
        return overrun;
    }

    @Override
    public ReadMode mode() {
        return ReadMode.MMAP;
    }

    @Override
    public int pollFd() {
        return -1;
    }

    /** A CPU reader over the pages, with its own arena (closed with the reader). */
    static CpuBufferReader reader(int cpu, HeaderPage header, List<MemorySegment> pages, long overrun) {
        return reader(cpu, header, new ListSource(pages, overrun));
    }

    static CpuBufferReader reader(int cpu, HeaderPage header, ListSource source) {
        return new CpuBufferReader(cpu, "captured/cpu" + cpu, "captured/cpu" + cpu + "/stats", header, source, null,
                Arena.ofShared(), null);
    }

    /** A merged reader over captured CPU buffers. */
    static MergedBufferReader merged(HeaderPage header, List<CpuBufferReader> readers) {
        return new MergedBufferReader(Path.of("captured"), header, readers);
    }
}
