package dev.jtrace.tracedat.internal;

import dev.jtrace.core.FacilityUnavailableException;

/**
 * Finds out whether zstd can be used: the optional dependency {@code io.airlift:aircompressor-v3}
 * must be loadable (on the class path, or on the module path and in the module graph), and its use
 * of {@code sun.misc.Unsafe} needs the module {@code jdk.unsupported} in the graph. The probe can be
 * forced off (for tests of the "missing library" path, and for users who want zstd never touched)
 * with the system property {@value #DISABLE_PROPERTY}{@code =true}, read at every probe.
 */
public final class ZstdSupport {
    /** Set to {@code true} to act as if the library were absent. */
    public static final String DISABLE_PROPERTY = "jtrace.tracedat.zstd.disabled";
    /** The Maven coordinates named in the error. */
    public static final String ARTIFACT = "io.airlift:aircompressor-v3";

    private static volatile ZstdCodec.Handles handles;

    private ZstdSupport() {
    }

    /**
     * Tells why zstd cannot be used here.
     *
     * @return the reason, or {@code null} when it can
     */
    public static String unavailableReason() {
        boolean forcedOff = Boolean.getBoolean(DISABLE_PROPERTY);
        if (handles != null && !forcedOff) {
            return null;
        }
        ClassLoader loader = ZstdSupport.class.getClassLoader();
        if (forcedOff) {
            // The same answer as a missing jar, so the path users meet is the one tests exercise.
            return missing() + " [the probe is switched off: -D" + DISABLE_PROPERTY + "=true]";
        }
        try {
            Class.forName("sun.misc.Unsafe", false, loader);
        } catch (ClassNotFoundException | LinkageError e) {
            return ARTIFACT + " needs sun.misc.Unsafe, and the module jdk.unsupported is not in the module graph "
                    + "(run with --add-modules jdk.unsupported)";
        }
        try {
            handles = new ZstdCodec.Handles(loader);
            return null;
        } catch (ClassNotFoundException | NoClassDefFoundError e) {
            return missing();
        } catch (ReflectiveOperationException | LinkageError e) {
            return ARTIFACT + " is present but not usable (a version other than 3.x?): " + e;
        }
    }

    private static String missing() {
        return "the optional dependency " + ARTIFACT + " (version 3.x) is not on the class path or module path; add "
                + "it to read or write zstd-compressed trace.dat files (on the module path, also "
                + "--add-modules aircompressor.v3,jdk.unsupported)";
    }

    /**
     * Creates a zstd codec, or explains why there is none.
     *
     * @param what what needs zstd (a file), for the message
     * @return the codec
     * @throws FacilityUnavailableException if zstd cannot be used
     */
    public static Codec codec(String what) {
        String reason = unavailableReason();
        if (reason != null) {
            throw new FacilityUnavailableException("zstd", what + " is zstd-compressed, but " + reason);
        }
        return new ZstdCodec(handles);
    }
}
