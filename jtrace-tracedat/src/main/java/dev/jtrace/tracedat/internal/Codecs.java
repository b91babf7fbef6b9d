package dev.jtrace.tracedat.internal;

import dev.jtrace.core.FacilityUnavailableException;

/** The codecs by the name a file header gives. */
public final class Codecs {
    private Codecs() {
    }

    /**
     * Creates a codec for a compression named in a file.
     *
     * @param name the name from the file header
     * @param what the file, for messages
     * @return a new codec (not shared: codecs keep per-stream state)
     * @throws FacilityUnavailableException if the algorithm is unknown or its library is missing
     */
    public static Codec create(String name, String what) {
        return switch (name) {
            case ZlibCodec.NAME -> new ZlibCodec();
            case ZstdCodec.NAME -> ZstdSupport.codec(what);
            default -> throw new FacilityUnavailableException(name + " decompression", what + " is compressed with '"
                    + name + "', which jtrace does not support (it reads zlib and zstd)");
        };
    }
}
