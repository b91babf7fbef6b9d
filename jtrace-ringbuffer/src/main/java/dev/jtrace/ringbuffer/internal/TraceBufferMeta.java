package dev.jtrace.ringbuffer.internal;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import dev.jtrace.core.MalformedDataException;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;

/**
 * {@code struct trace_buffer_meta}, the first page of a mapped {@code per_cpu/cpuN/trace_pipe_raw}
 * ({@code include/uapi/linux/trace_mmap.h}, Linux 6.10+). The kernel rewrites it on every
 * {@link #IOCTL_GET_READER} and on a buffer reset; user space only reads it.
 *
 * <pre>
 *  0                4                 8             12           16
 *  +----------------+-----------------+-------------+------------+
 *  | meta_page_size | meta_struct_len | subbuf_size | nr_subbufs |
 *  +----------------+-----------------+-------------+------------+
 *  16                       24          28          32
 *  +------------------------+-----------+-----------+
 *  | reader.lost_events u64 | reader.id | reader.read (bytes of the reader sub-buffer consumed)
 *  +------------------------+-----------+-----------+
 *  32       40        48        56     64          72          80
 *  +--------+---------+---------+------+-----------+-----------+
 *  | flags  | entries | overrun | read | Reserved1 | Reserved2 |
 *  +--------+---------+---------+------+-----------+-----------+
 * </pre>
 *
 * <p>The sub-buffers follow at file offset {@code meta_page_size}, ordered by id, each
 * {@code subbuf_size} bytes (header included). Verified on Linux 6.18: {@code reader.lost_events}
 * is always 0 after the ioctl (the kernel clears its count when it moves the loss into the new
 * reader sub-buffer's commit flags), {@code entries} counts every event ever written,
 * {@code overrun} the events overwritten and {@code read} the events consumed.
 */
public final class TraceBufferMeta {
    /** The layout, 80 bytes. */
    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
            JAVA_INT.withName("meta_page_size"), JAVA_INT.withName("meta_struct_len"),
            JAVA_INT.withName("subbuf_size"), JAVA_INT.withName("nr_subbufs"),
            MemoryLayout.structLayout(JAVA_LONG.withName("lost_events"), JAVA_INT.withName("id"),
                    JAVA_INT.withName("read")).withName("reader"),
            JAVA_LONG.withName("flags"), JAVA_LONG.withName("entries"), JAVA_LONG.withName("overrun"),
            JAVA_LONG.withName("read"), JAVA_LONG.withName("Reserved1"), JAVA_LONG.withName("Reserved2"));

    /** Offset of {@code meta_page_size}. */
    public static final long META_PAGE_SIZE = 0;
    /** Offset of {@code meta_struct_len}. */
    public static final long META_STRUCT_LEN = 4;
    /** Offset of {@code subbuf_size}. */
    public static final long SUBBUF_SIZE = 8;
    /** Offset of {@code nr_subbufs}. */
    public static final long NR_SUBBUFS = 12;
    /** Offset of {@code reader.lost_events}. */
    public static final long READER_LOST_EVENTS = 16;
    /** Offset of {@code reader.id}. */
    public static final long READER_ID = 24;
    /** Offset of {@code reader.read}. */
    public static final long READER_READ = 28;
    /** Offset of {@code entries}. */
    public static final long ENTRIES = 40;
    /** Offset of {@code overrun}. */
    public static final long OVERRUN = 48;
    /** Offset of {@code read}. */
    public static final long READ = 56;
    /** The struct length jtrace needs: every field up to and including {@code read}. */
    public static final int MIN_STRUCT_LEN = 64;

    /** {@code TRACE_MMAP_IOCTL_GET_READER = _IO('R', 0x20)}: make the next unread sub-buffer the reader. */
    public static final long IOCTL_GET_READER = 0x5220;

    private TraceBufferMeta() {
    }

    /**
     * Returns {@code meta_page_size}.
     *
     * @param meta the mapped meta page
     * @return the size of the meta area in bytes, where the sub-buffers start in the file
     */
    public static int metaPageSize(MemorySegment meta) {
        return meta.get(JAVA_INT, META_PAGE_SIZE);
    }

    /**
     * Returns {@code meta_struct_len}.
     *
     * @param meta the mapped meta page
     * @return the length of the struct the kernel fills
     */
    public static int metaStructLen(MemorySegment meta) {
        return meta.get(JAVA_INT, META_STRUCT_LEN);
    }

    /**
     * Returns {@code subbuf_size}.
     *
     * @param meta the mapped meta page
     * @return the size of one sub-buffer, header included
     */
    public static int subbufSize(MemorySegment meta) {
        return meta.get(JAVA_INT, SUBBUF_SIZE);
    }

    /**
     * Returns {@code nr_subbufs}.
     *
     * @param meta the mapped meta page
     * @return how many sub-buffers the mapping holds, the reader's included
     */
    public static int nrSubbufs(MemorySegment meta) {
        return meta.get(JAVA_INT, NR_SUBBUFS);
    }

    /**
     * Returns {@code reader.id}.
     *
     * @param meta the mapped meta page
     * @return the id of the sub-buffer the reader owns
     */
    public static int readerId(MemorySegment meta) {
        return meta.get(JAVA_INT, READER_ID);
    }

    /**
     * Returns {@code reader.read}.
     *
     * @param meta the mapped meta page
     * @return how many data bytes of the reader sub-buffer the kernel counts as consumed
     */
    public static int readerRead(MemorySegment meta) {
        return meta.get(JAVA_INT, READER_READ);
    }

    /**
     * Returns {@code overrun}.
     *
     * @param meta the mapped meta page
     * @return how many events were overwritten before being read, as of the last ioctl
     */
    public static long overrun(MemorySegment meta) {
        return meta.get(JAVA_LONG, OVERRUN);
    }

    /**
     * Checks that a meta page describes a ring jtrace can map: the meta area a whole number of
     * pages, the struct long enough for every field jtrace reads, sub-buffers of the size
     * {@code events/header_page} gives, at least two of them and no more than one mapping holds.
     * A kernel that changes the ABI, or a file that is not a mapped trace_pipe_raw, fails here
     * rather than in a mapping of the wrong size.
     *
     * @param meta the first page of the mapping
     * @param pageSize the system page size
     * @param headerSubBufferSize the sub-buffer size from {@code events/header_page}
     * @param source what the meta page belongs to, for the exception
     * @throws MalformedDataException naming the source, the field's offset and the values
     */
    public static void checkLayout(MemorySegment meta, long pageSize, int headerSubBufferSize, String source) {
        int metaPageSize = metaPageSize(meta);
        int structLen = metaStructLen(meta);
        int subbufSize = subbufSize(meta);
        int nrSubbufs = nrSubbufs(meta);
        if (metaPageSize < pageSize || metaPageSize % pageSize != 0) {
            throw new MalformedDataException(source, META_PAGE_SIZE, "meta_page_size " + metaPageSize
                    + " is not a positive multiple of the page size " + pageSize);
        }
        if (structLen < MIN_STRUCT_LEN || structLen > metaPageSize) {
            throw new MalformedDataException(source, META_STRUCT_LEN, "meta_struct_len " + structLen
                    + " is not between " + MIN_STRUCT_LEN + " and " + metaPageSize);
        }
        if (subbufSize != headerSubBufferSize) {
            throw new MalformedDataException(source, SUBBUF_SIZE, "subbuf_size " + subbufSize
                    + " differs from the " + headerSubBufferSize + " bytes of events/header_page");
        }
        if (nrSubbufs < 2 || (long) nrSubbufs * subbufSize > Integer.MAX_VALUE) {
            throw new MalformedDataException(source, NR_SUBBUFS, "nr_subbufs " + nrSubbufs
                    + " of " + subbufSize + " bytes is not a ring buffer jtrace can map");
        }
    }

    /**
     * Checks the reader position the kernel published: a sub-buffer id of the ring and a read
     * offset inside the data area.
     *
     * @param id {@code reader.id}
     * @param read {@code reader.read}
     * @param nrSubbufs the ring's sub-buffer count
     * @param dataSize the data bytes of one sub-buffer
     * @param source what the meta page belongs to, for the exception
     * @throws MalformedDataException naming the source, the field's offset and the value
     */
    public static void checkReader(int id, int read, int nrSubbufs, int dataSize, String source) {
        if (id < 0 || id >= nrSubbufs) {
            throw new MalformedDataException(source, READER_ID, "reader.id " + id
                    + " is not one of the " + nrSubbufs + " sub-buffers");
        }
        if (read < 0 || read > dataSize) {
            throw new MalformedDataException(source, READER_READ, "reader.read " + read
                    + " exceeds the " + dataSize + "-byte data area");
        }
    }
}
