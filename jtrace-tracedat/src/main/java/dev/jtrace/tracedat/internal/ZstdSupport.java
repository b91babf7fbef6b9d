package dev.jtrace.tracedat.internal;

import dev.jtrace.core.FacilityUnavailableException;
import dev.jtrace.core.internal.LibZstd;

/**
 * Finds out how zstd can be used. First choice: the system's {@code libzstd.so.1} through FFM
 * ({@link LibZstd}), the C library's speed with no Java dependency. Otherwise the optional
 * dependency {@code io.airlift:aircompressor-v3} must be loadable (on the class path, or on the
 * module path and in the module graph), and its use of {@code sun.misc.Unsafe} needs the module
 * {@code jdk.unsupported} in the graph.
 *
 * <p>System properties, read at every probe: {@value #IMPLEMENTATION_PROPERTY} chooses
 * {@code native} or {@code java} only (default: native where it works, else Java);
 * {@value #DISABLE_PROPERTY}{@code =true} acts as if neither were there (for tests of that path, and
 * for users who want zstd never touched).
 */
public final class ZstdSupport {
    /** Set to {@code true} to act as if the library were absent. */
    public static final String DISABLE_PROPERTY = "jtrace.tracedat.zstd.disabled";
    /** {@code native}, {@code java}, or unset for either (native first). */
    public static final String IMPLEMENTATION_PROPERTY = "jtrace.tracedat.zstd";
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
        String choice = System.getProperty(IMPLEMENTATION_PROPERTY, "");
        if (!choice.isEmpty() && !choice.equals("native") && !choice.equals("java")) {
            throw new IllegalArgumentException("-D" + IMPLEMENTATION_PROPERTY + "=" + choice
                    + ": expected 'native' or 'java'");
        }
        String nativeReason = Boolean.getBoolean(DISABLE_PROPERTY) ? "switched off" : LibZstd.unavailableReason();
        if (nativeReason == null && !choice.equals("java")) {
            return new NativeZstdCodec();
        }
        String javaReason = choice.equals("native") ? "not chosen (-D" + IMPLEMENTATION_PROPERTY + "=native)"
                : unavailableReason();
        if (javaReason == null) {
            return new ZstdCodec(handles);
        }
        String nativePart = choice.equals("java") ? "" : " the system's " + LibZstd.SONAME + " cannot be used ("
                + nativeReason + "), and";
        throw new FacilityUnavailableException("zstd", what + " is zstd-compressed, but" + nativePart + " "
                + javaReason);
    }
}
