package dev.jtrace.tracedat.internal;

import dev.jtrace.core.MalformedDataException;

/**
 * Where one CPU's trace data lies in a file: either one plain region of whole pages, or (v7 with
 * compression) a table of compressed chunks, each decompressing to whole pages. Built and checked
 * once when the file is opened; reading pages then needs no bounds decisions beyond these.
 *
 * <pre>
 *  compressed:  u32 count | u32 zsize | u32 size | zsize bytes | u32 zsize | u32 size | ... (count chunks)
 * </pre>
 */
public final class CpuChunks {
    private final int cpu;
    private final long offset;
    private final long size;
    private final int pageSize;
    /** File offsets of each chunk's compressed bytes (after its 8-byte header); null when plain. */
    private final long[] dataOffsets;
    private final int[] compressedSizes;
    private final int[] sizes;
    /** Index of each chunk's first page, plus the total at the end. */
    private final long[] firstPage;

    private CpuChunks(int cpu, long offset, long size, int pageSize, long[] dataOffsets, int[] compressedSizes,
            int[] sizes, long[] firstPage) {
        this.cpu = cpu;
        this.offset = offset;
        this.size = size;
        this.pageSize = pageSize;
        this.dataOffsets = dataOffsets;
        this.compressedSizes = compressedSizes;
        this.sizes = sizes;
        this.firstPage = firstPage;
    }

    /**
     * Describes uncompressed data: {@code size} bytes at {@code offset}, page after page (a last
     * partial page is kept; the page decoder checks what it holds).
     *
     * @param cpu the CPU
     * @param offset file offset
     * @param size byte count
     * @param pageSize the buffer's page size
     * @return the description
     */
    public static CpuChunks plain(int cpu, long offset, long size, int pageSize) {
        long pages = (size + pageSize - 1) / pageSize;
        return new CpuChunks(cpu, offset, size, pageSize, null, null, null, new long[] {0, pages});
    }

    /**
     * Reads and checks the chunk table of compressed data.
     *
     * @param file a reader over the whole file
     * @param cpu the CPU
     * @param offset file offset of the chunk count
     * @param size the bytes the chunks take in the file, not counting the chunk count (as trace-cmd
     *     records it)
     * @param pageSize the buffer's page size
     * @param what the buffer and CPU, for messages
     * @return the table
     * @throws MalformedDataException if the table runs past the data, a chunk is empty, or a chunk's
     *     uncompressed size is not a whole number of pages
     */
    public static CpuChunks compressed(ByteReader file, int cpu, long offset, long size, int pageSize, String what) {
        // trace-cmd records the size of the chunks without the 4-byte count before them
        // (tracecmd_compress_copy_from() counts only chunk headers and data), so the data ends 4
        // bytes later than offset + size. Accept a size that includes the count as well.
        long end = Math.min(offset + size + 4, file.limit());
        file.seek(offset, what + " chunk count");
        long count = file.u32(what + " chunk count");
        if (count > (end - offset - 4) / TraceDatLayout.BLOCK_HEADER_SIZE) {
            throw file.error(offset, what + ": " + count + " chunks cannot fit in " + size + " bytes");
        }
        int n = (int) count;
        long[] dataOffsets = new long[n];
        int[] compressedSizes = new int[n];
        int[] sizes = new int[n];
        long[] firstPage = new long[n + 1];
        long pages = 0;
        for (int i = 0; i < n; i++) {
            long at = file.position();
            if (end - at < TraceDatLayout.BLOCK_HEADER_SIZE) {
                throw file.error(at, what + " chunk " + i + ": header runs past the end of the CPU data at " + end);
            }
            long zsize = file.u32(what + " chunk size");
            long usize = file.u32(what + " chunk uncompressed size");
            if (zsize == 0 || zsize > end - file.position()) {
                throw file.error(at, what + " chunk " + i + ": compressed size " + zsize + " does not fit the "
                        + (end - file.position()) + " bytes left of the CPU data");
            }
            if (usize == 0 || usize % pageSize != 0 || usize > Integer.MAX_VALUE - 16) {
                throw file.error(at + 4, what + " chunk " + i + ": uncompressed size " + usize
                        + " is not a whole number of " + pageSize + "-byte pages");
            }
            dataOffsets[i] = file.position();
            compressedSizes[i] = (int) zsize;
            sizes[i] = (int) usize;
            firstPage[i] = pages;
            pages += usize / pageSize;
            file.skip(zsize, what + " chunk data");
        }
        firstPage[n] = pages;
        return new CpuChunks(cpu, offset, size, pageSize, dataOffsets, compressedSizes, sizes, firstPage);
    }

    /**
     * Returns the CPU.
     *
     * @return the CPU
     */
    public int cpu() {
        return cpu;
    }

    /**
     * Returns the file offset of the data.
     *
     * @return the file offset of the data
     */
    public long offset() {
        return offset;
    }

    /**
     * Returns the bytes the data takes in the file.
     *
     * @return the bytes the data takes in the file
     */
    public long size() {
        return size;
    }

    /**
     * Returns the page size.
     *
     * @return the page size
     */
    public int pageSize() {
        return pageSize;
    }

    /**
     * Returns whether the data is compressed.
     *
     * @return whether the data is compressed
     */
    public boolean compressed() {
        return dataOffsets != null;
    }

    /**
     * Returns the number of pages once decompressed.
     *
     * @return the number of pages once decompressed
     */
    public long pages() {
        return firstPage[firstPage.length - 1];
    }

    /**
     * Returns the number of compressed chunks (1 for plain data).
     *
     * @return the number of compressed chunks (1 for plain data)
     */
    public int chunks() {
        return dataOffsets == null ? 1 : dataOffsets.length;
    }

    /**
     * Returns a chunk's compressed bytes' file offset.
     *
     * @param chunk the chunk
     * @return the offset
     */
    public long chunkDataOffset(int chunk) {
        return dataOffsets[chunk];
    }

    /**
     * Returns a chunk's compressed size.
     *
     * @param chunk the chunk
     * @return bytes
     */
    public int chunkCompressedSize(int chunk) {
        return compressedSizes[chunk];
    }

    /**
     * Returns a chunk's uncompressed size.
     *
     * @param chunk the chunk
     * @return bytes, a multiple of the page size
     */
    public int chunkSize(int chunk) {
        return sizes[chunk];
    }

    /**
     * Returns the largest uncompressed chunk.
     *
     * @return bytes, 0 for plain data
     */
    public int maxChunkSize() {
        int max = 0;
        if (sizes != null) {
            for (int s : sizes) {
                max = Math.max(max, s);
            }
        }
        return max;
    }

    /**
     * Returns the largest compressed chunk.
     *
     * @return bytes, 0 for plain data
     */
    public int maxChunkCompressedSize() {
        int max = 0;
        if (compressedSizes != null) {
            for (int s : compressedSizes) {
                max = Math.max(max, s);
            }
        }
        return max;
    }

    /**
     * Returns the index of a chunk's first page.
     *
     * @param chunk the chunk
     * @return the page index
     */
    public long firstPage(int chunk) {
        return firstPage[chunk];
    }
}
