package dev.jtrace.tracedat;

import java.util.Objects;

/**
 * The version and compression of a trace.dat file to write.
 *
 * @param version 6 or 7
 * @param compression {@code "none"}, {@code "zlib"} or {@code "zstd"} (version 7 only)
 */
public record TraceDatFormat(int version, String compression) {
    /** Version 6, uncompressed: what trace-cmd before 3.0 reads. */
    public static final TraceDatFormat V6 = new TraceDatFormat(6, "none");
    /** Version 7, uncompressed. */
    public static final TraceDatFormat V7 = new TraceDatFormat(7, "none");
    /** Version 7 with zlib (java.util.zip; trace-cmd needs to be built with zlib to read it). */
    public static final TraceDatFormat V7_ZLIB = new TraceDatFormat(7, "zlib");
    /** Version 7 with zstd, trace-cmd's default (needs io.airlift:aircompressor-v3). */
    public static final TraceDatFormat V7_ZSTD = new TraceDatFormat(7, "zstd");

    /**
     * Checks the combination.
     *
     * @param version 6 or 7
     * @param compression {@code "none"}, {@code "zlib"} or {@code "zstd"}
     * @throws IllegalArgumentException for another version or compression, or compression with v6
     */
    public TraceDatFormat {
        Objects.requireNonNull(compression, "compression");
        if (version != 6 && version != 7) {
            throw new IllegalArgumentException("trace.dat version " + version + ": jtrace writes 6 and 7");
        }
        if (!compression.equals("none") && !compression.equals("zlib") && !compression.equals("zstd")) {
            throw new IllegalArgumentException("compression '" + compression + "': jtrace writes none, zlib and zstd");
        }
        if (version == 6 && !compression.equals("none")) {
            throw new IllegalArgumentException("version 6 files cannot be compressed");
        }
    }
}
