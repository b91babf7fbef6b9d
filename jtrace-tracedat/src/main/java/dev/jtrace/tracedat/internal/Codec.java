package dev.jtrace.tracedat.internal;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * One compression algorithm of trace.dat v7 ({@code tracecmd_compress_proto} in trace-cmd): blocks
 * are compressed independently, without framing of their own beyond the algorithm's. Instances
 * keep reusable state and are not thread-safe: one per reading stream.
 */
public interface Codec {
    /**
     * Returns the name written in the file header.
     *
     * @return {@code "zlib"} or {@code "zstd"}
     */
    String name();

    /**
     * Decompresses one block from an array, allocating nothing once the codec is warm (the path of
     * {@link CpuStream}, which copies each compressed chunk into a buffer of its own).
     *
     * @param in holds the compressed bytes
     * @param offset where they start in {@code in}
     * @param length how many there are
     * @param out where the result goes, from index 0
     * @param expected the uncompressed size the file announces; {@code out} holds at least this many
     * @return the number of bytes produced
     * @throws CorruptBlockException if the bytes are not a valid block or do not fit {@code expected}
     */
    int decompress(byte[] in, int offset, int length, byte[] out, int expected);

    /**
     * Tells the codec the arrays every later {@link #decompress(byte[], int, int, byte[], int)} call
     * will pass, so that what it wraps around them is made now, before the reading loop, and not
     * on the first block.
     *
     * @param in the compressed-block buffer
     * @param out the result buffer
     */
    default void prepare(byte[] in, byte[] out) {
    }

    /**
     * Decompresses one block held in a segment (a copy of it is made; for code off the hot path).
     *
     * @param in the compressed bytes
     * @param out where the result goes, from index 0
     * @param expected the uncompressed size the file announces; {@code out} holds at least this many
     * @return the number of bytes produced
     * @throws CorruptBlockException if the bytes are not a valid block or do not fit {@code expected}
     */
    default int decompress(MemorySegment in, byte[] out, int expected) {
        byte[] bytes = in.toArray(ValueLayout.JAVA_BYTE);
        return decompress(bytes, 0, bytes.length, out, expected);
    }

    /**
     * Compresses one block.
     *
     * @param in the bytes
     * @param offset where they start in {@code in}
     * @param length how many
     * @return the compressed block
     */
    byte[] compress(byte[] in, int offset, int length);

    /** A compressed block that cannot be decompressed; the caller adds where it is. */
    final class CorruptBlockException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        /**
         * Creates the exception.
         *
         * @param message what is wrong
         * @param cause the codec's own exception, or {@code null}
         */
        public CorruptBlockException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
