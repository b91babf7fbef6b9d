package dev.jtrace.tracedat.internal;

import java.io.ByteArrayOutputStream;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * zlib blocks as trace-cmd writes them with {@code compress2()} and reads them with
 * {@code uncompress()}: the zlib format (RFC 1950: header, deflate data, Adler-32), which is what
 * {@link Inflater} and {@link Deflater} speak by default. Part of the JDK, so always available.
 */
public final class ZlibCodec implements Codec {
    /** The name in the file header. */
    public static final String NAME = "zlib";
    /**
     * The version written in the file header. trace-cmd accepts a file whose major version is at
     * most that of its own zlib ({@code zlib_is_supported()}); every zlib in use is 1.x.
     */
    public static final String VERSION = "1.2.13";

    private final Inflater inflater = new Inflater();

    /** Creates a codec with its own inflater. */
    public ZlibCodec() {
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int decompress(byte[] in, int offset, int length, byte[] out, int expected) {
        inflater.reset();
        inflater.setInput(in, offset, length);
        try {
            int n = 0;
            while (n < expected && !inflater.finished()) {
                int got = inflater.inflate(out, n, expected - n);
                if (got == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                    throw new CorruptBlockException("zlib data ends after " + n + " of " + expected + " bytes", null);
                }
                n += got;
            }
            if (!inflater.finished()) {
                throw new CorruptBlockException("zlib data holds more than the " + expected + " bytes announced", null);
            }
            return n;
        } catch (DataFormatException e) {
            throw new CorruptBlockException("invalid zlib data: " + e.getMessage(), e);
        }
    }

    @Override
    public byte[] compress(byte[] in, int offset, int length) {
        // The default level: BEST_COMPRESSION (trace-cmd's) costs seconds on a 5 MB kallsyms for a few percent.
        Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION);
        try {
            deflater.setInput(in, offset, length);
            deflater.finish();
            ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(64, length / 4));
            byte[] buf = new byte[8192];
            while (!deflater.finished()) {
                int n = deflater.deflate(buf);
                out.write(buf, 0, n);
            }
            return out.toByteArray();
        } finally {
            deflater.end();
        }
    }
}
