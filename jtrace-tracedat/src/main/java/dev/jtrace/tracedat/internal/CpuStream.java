package dev.jtrace.tracedat.internal;

import dev.jtrace.core.MalformedDataException;
import dev.jtrace.traceevent.EventRecord;
import dev.jtrace.traceevent.HeaderPage;
import dev.jtrace.traceevent.PageDecoder;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;

/**
 * Walks the records of one CPU of one buffer, page by page, decoding each page in place: in the
 * file mapping for plain data, in a reused per-stream buffer for compressed chunks. Records that
 * fail the event or pid filter are skipped here, so the merge sees only wanted ones. Nothing is
 * allocated per record, nor per compressed chunk by this class: each chunk is copied into a
 * compressed-input buffer and decompressed into a page buffer, both sized for the largest chunk when
 * the stream is made (what the codec library allocates per chunk is its own: aircompressor's zstd
 * decoder makes one small frame header object).
 */
public final class CpuStream {
    private final MemorySegment file;
    private final CpuChunks chunks;
    private final Codec codec;
    private final PageDecoder decoder;
    private final EventRecord record = new EventRecord();
    private final String source;
    private final boolean[] ids;
    private final int[] pids;
    private final int pageSize;
    private final long pages;
    private final MemorySegment plain;
    private final byte[] compressedBuffer;
    private final byte[] chunkBuffer;
    private final MemorySegment chunkSegment;
    private int chunk = -1;
    private long chunkEndPage;
    private long page = -1;
    private boolean pageOpen;
    private long pendingMissed;
    private long missed;

    /**
     * Creates a stream.
     *
     * @param file the file mapping
     * @param chunks where the CPU's data is
     * @param layout the page layout of the buffer
     * @param codec the codec for compressed data, {@code null} for plain data
     * @param source the file and buffer, for messages (the decoder adds CPU and page)
     * @param ids event ids to keep, indexed by id, or {@code null} for all
     * @param pids pids to keep, sorted, or {@code null} for all
     */
    public CpuStream(MemorySegment file, CpuChunks chunks, HeaderPage layout, Codec codec, String source,
            boolean[] ids, int[] pids) {
        this.file = file;
        this.chunks = chunks;
        this.codec = codec;
        this.decoder = new PageDecoder(layout);
        this.source = source;
        this.ids = ids;
        this.pids = pids;
        this.pageSize = chunks.pageSize();
        this.pages = chunks.pages();
        if (chunks.compressed()) {
            this.plain = null;
            this.compressedBuffer = new byte[chunks.maxChunkCompressedSize()];
            this.chunkBuffer = new byte[chunks.maxChunkSize()];
            this.chunkSegment = MemorySegment.ofArray(chunkBuffer);
            codec.prepare(compressedBuffer, chunkBuffer);
        } else {
            this.plain = file.asSlice(chunks.offset(), chunks.size());
            this.compressedBuffer = null;
            this.chunkBuffer = null;
            this.chunkSegment = null;
        }
    }

    /**
     * Returns the CPU.
     *
     * @return the CPU
     */
    public int cpu() {
        return chunks.cpu();
    }

    /**
     * Returns the record view, valid after {@link #next()} returned true and until it is called again.
     *
     * @return the record view, valid after {@link #next()} returned true and until it is called again
     */
    public EventRecord record() {
        return record;
    }

    /**
     * Returns how many events the kernel lost right before the current record's page, for the first
     * kept record after such a loss.
     *
     * @return 0 for none, -1 for an unknown number, else the count
     */
    public long missedBefore() {
        return missed;
    }

    /**
     * Moves to the next record that passes the filters.
     *
     * @return whether there is one
     * @throws MalformedDataException if a page or chunk is corrupt
     */
    public boolean next() {
        for (;;) {
            if (pageOpen) {
                while (decoder.next(record)) {
                    if (wanted()) {
                        missed = pendingMissed;
                        pendingMissed = 0;
                        return true;
                    }
                }
                pageOpen = false;
            }
            if (page + 1 >= pages) {
                return false;
            }
            page++;
            openPage();
        }
    }

    private boolean wanted() {
        if (ids != null) {
            int id = record.id();
            if (id >= ids.length || !ids[id]) {
                return false;
            }
        }
        return pids == null || Arrays.binarySearch(pids, record.commonPid()) >= 0;
    }

    private void openPage() {
        if (plain != null) {
            decoder.reset(plain, page * pageSize, source, chunks.cpu(), page);
        } else {
            if (page >= chunkEndPage) {
                loadChunk(chunk + 1);
            }
            // The page lies within the chunk's size, and the decoder reads one page from the offset.
            decoder.reset(chunkSegment, (page - chunks.firstPage(chunk)) * pageSize, source, chunks.cpu(), page);
        }
        if (decoder.missedEvents()) {
            long n = decoder.missedCount();
            pendingMissed = pendingMissed == 0 ? n : (n < 0 || pendingMissed < 0 ? -1 : pendingMissed + n);
        }
        pageOpen = true;
    }

    private void loadChunk(int next) {
        chunk = next;
        int size = chunks.chunkSize(chunk);
        long at = chunks.chunkDataOffset(chunk);
        int compressed = chunks.chunkCompressedSize(chunk);
        // Checked against the file when the chunk table was read.
        MemorySegment.copy(file, ValueLayout.JAVA_BYTE, at, compressedBuffer, 0, compressed);
        int n;
        try {
            n = codec.decompress(compressedBuffer, 0, compressed, chunkBuffer, size);
        } catch (Codec.CorruptBlockException e) {
            throw new MalformedDataException(source + " cpu" + chunks.cpu() + " chunk " + chunk, at
                    - TraceDatLayout.BLOCK_HEADER_SIZE, e.getMessage(), e);
        }
        if (n != size) {
            throw new MalformedDataException(source + " cpu" + chunks.cpu() + " chunk " + chunk, at
                    - TraceDatLayout.BLOCK_HEADER_SIZE, "decompressed to " + n + " bytes, the chunk header announces "
                    + size);
        }
        chunkEndPage = chunks.firstPage(chunk) + size / pageSize;
    }
}
