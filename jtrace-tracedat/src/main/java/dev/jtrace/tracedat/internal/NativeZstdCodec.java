package dev.jtrace.tracedat.internal;

import dev.jtrace.core.internal.LibZstd;
import java.lang.foreign.MemorySegment;

/**
 * zstd blocks through the system's {@code libzstd.so.1} ({@link LibZstd}): decoded in place in the
 * caller's arrays, at the C library's speed. The array segments are kept while the caller passes
 * the same arrays, as {@link CpuStream} does for every chunk of a stream, so a warm codec
 * allocates nothing per block.
 */
final class NativeZstdCodec implements Codec {
    /** zstd's own default level, which trace-cmd's files are written with too. */
    private static final int LEVEL = 3;

    private byte[] inArray;
    private MemorySegment inSegment;
    private byte[] outArray;
    private MemorySegment outSegment;

    @Override
    public String name() {
        return ZstdCodec.NAME;
    }

    @Override
    public void prepare(byte[] in, byte[] out) {
        inArray = in;
        inSegment = MemorySegment.ofArray(in);
        outArray = out;
        outSegment = MemorySegment.ofArray(out);
    }

    @Override
    public int decompress(byte[] in, int offset, int length, byte[] out, int expected) {
        MemorySegment src;
        if (offset == 0) {
            if (in != inArray) {
                inArray = in;
                inSegment = MemorySegment.ofArray(in);
            }
            src = inSegment;
        } else {
            src = MemorySegment.ofArray(in).asSlice(offset, length);
        }
        if (out != outArray) {
            outArray = out;
            outSegment = MemorySegment.ofArray(out);
        }
        try {
            return LibZstd.decompress(src, length, outSegment, expected);
        } catch (IllegalArgumentException e) { // the library's error text, or a length past an array
            throw new CorruptBlockException("invalid zstd data: " + e.getMessage(), e);
        }
    }

    @Override
    public byte[] compress(byte[] in, int offset, int length) {
        return LibZstd.compress(in, offset, length, LEVEL);
    }
}
