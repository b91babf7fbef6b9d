package dev.jtrace.core.internal;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;

/**
 * The system's zstd library ({@code libzstd.so.1}, Debian's {@code libzstd1}), when there is one:
 * trace-cmd's default compression decoded at the speed of the C tools, with no Java dependency.
 * jtrace-tracedat prefers it and falls back to the optional pure-Java aircompressor.
 *
 * <p>The library is looked up once; {@link #unavailableReason()} says why it cannot be used (not
 * installed, too old, native access refused). The calls are made as critical downcalls on heap
 * arrays ({@link Linker.Option#critical(boolean) critical(true)}): no copy in or out, and a block of
 * trace-cmd's (ten pages) is decoded in microseconds, short enough to hold off the GC for.
 * {@code size_t} results that are errors are recognised with {@code ZSTD_isError}, and their text is
 * {@code ZSTD_getErrorName}.
 */
@SuppressWarnings("restricted") // with LibC, the project's audited restricted-call sites
public final class LibZstd {
    /** The library file looked up, by its soname. */
    public static final String SONAME = "libzstd.so.1";

    private static final MethodHandle DECOMPRESS;
    private static final MethodHandle COMPRESS;
    private static final MethodHandle COMPRESS_BOUND;
    private static final MethodHandle IS_ERROR;
    private static final MethodHandle ERROR_NAME;
    private static final String UNAVAILABLE;

    static {
        MethodHandle decompress = null;
        MethodHandle compress = null;
        MethodHandle bound = null;
        MethodHandle isError = null;
        MethodHandle errorName = null;
        String reason = null;
        try {
            Linker linker = Linker.nativeLinker();
            SymbolLookup zstd = SymbolLookup.libraryLookup(SONAME, Arena.global());
            Linker.Option critical = Linker.Option.critical(true);
            // size_t ZSTD_decompress(void *dst, size_t dstCapacity, const void *src, size_t compressedSize)
            decompress = linker.downcallHandle(zstd.findOrThrow("ZSTD_decompress"),
                    FunctionDescriptor.of(JAVA_LONG, ADDRESS, JAVA_LONG, ADDRESS, JAVA_LONG), critical);
            // size_t ZSTD_compress(void *dst, size_t dstCapacity, const void *src, size_t srcSize, int level)
            compress = linker.downcallHandle(zstd.findOrThrow("ZSTD_compress"),
                    FunctionDescriptor.of(JAVA_LONG, ADDRESS, JAVA_LONG, ADDRESS, JAVA_LONG, JAVA_INT), critical);
            bound = linker.downcallHandle(zstd.findOrThrow("ZSTD_compressBound"),
                    FunctionDescriptor.of(JAVA_LONG, JAVA_LONG), critical);
            isError = linker.downcallHandle(zstd.findOrThrow("ZSTD_isError"),
                    FunctionDescriptor.of(JAVA_INT, JAVA_LONG), critical);
            errorName = linker.downcallHandle(zstd.findOrThrow("ZSTD_getErrorName"),
                    FunctionDescriptor.of(ADDRESS, JAVA_LONG));
        } catch (IllegalArgumentException e) { // no such library
            reason = SONAME + " is not installed (Debian package libzstd1): " + e.getMessage();
        } catch (java.util.NoSuchElementException e) { // a symbol missing: far older than 1.3
            reason = SONAME + " lacks a function jtrace needs: " + e.getMessage();
        } catch (IllegalCallerException e) { // --illegal-native-access=deny without the grant
            reason = "native access is not enabled for jtrace: " + e.getMessage()
                    + NativeAccess.advice().map(a -> "; " + a).orElse("");
        }
        DECOMPRESS = decompress;
        COMPRESS = compress;
        COMPRESS_BOUND = bound;
        IS_ERROR = isError;
        ERROR_NAME = errorName;
        UNAVAILABLE = reason;
    }

    private LibZstd() {
    }

    /**
     * Tells why the system's zstd cannot be used.
     *
     * @return the reason, or {@code null} when it can
     */
    public static String unavailableReason() {
        return UNAVAILABLE;
    }

    /**
     * Decompresses one zstd frame: the first {@code length} bytes of {@code in} into the first
     * {@code capacity} bytes of {@code out}. Heap segments (of byte arrays) are passed in place.
     *
     * @param in the compressed bytes, from its start
     * @param length how many there are
     * @param out where the result goes, from its start
     * @param capacity how much of {@code out} may be written
     * @return the number of bytes produced
     * @throws IllegalStateException if the library is unavailable
     * @throws IllegalArgumentException if a length exceeds its segment, or the library reports an
     *     error (its text in the message: corrupt data, or a result larger than {@code capacity})
     */
    public static int decompress(MemorySegment in, int length, MemorySegment out, int capacity) {
        checkAvailable();
        checkRange(in, length, "input");
        checkRange(out, capacity, "output");
        long r;
        try {
            r = (long) DECOMPRESS.invokeExact(out, (long) capacity, in, (long) length);
        } catch (Throwable t) {
            throw new AssertionError("ZSTD_decompress cannot throw", t);
        }
        return checkResult(r, "ZSTD_decompress");
    }

    /**
     * Compresses {@code in[offset, offset + length)} into one zstd frame.
     *
     * @param in the bytes
     * @param offset where they start
     * @param length how many
     * @param level the compression level (3 is zstd's default)
     * @return the frame
     * @throws IllegalStateException if the library is unavailable
     */
    public static byte[] compress(byte[] in, int offset, int length, int level) {
        checkAvailable();
        if (offset < 0 || length < 0 || offset > in.length - length) {
            throw new IllegalArgumentException("input range [" + offset + ", +" + length
                    + ") lies outside its array of " + in.length + " bytes");
        }
        try {
            long bound = (long) COMPRESS_BOUND.invokeExact((long) length);
            byte[] out = new byte[Math.toIntExact(bound)];
            long r = (long) COMPRESS.invokeExact(MemorySegment.ofArray(out), bound,
                    MemorySegment.ofArray(in).asSlice(offset, length), (long) length, level);
            return java.util.Arrays.copyOf(out, checkResult(r, "ZSTD_compress"));
        } catch (RuntimeException e) {
            throw e;
        } catch (Throwable t) {
            throw new AssertionError("ZSTD_compress cannot throw", t);
        }
    }

    private static int checkResult(long r, String call) {
        int error;
        try {
            error = (int) IS_ERROR.invokeExact(r);
        } catch (Throwable t) {
            throw new AssertionError("ZSTD_isError cannot throw", t);
        }
        if (error != 0) {
            String name;
            try {
                name = ((MemorySegment) ERROR_NAME.invokeExact(r)).reinterpret(256).getString(0);
            } catch (Throwable t) {
                name = "error code " + r;
            }
            throw new IllegalArgumentException(call + " failed: " + name);
        }
        return Math.toIntExact(r);
    }

    private static void checkAvailable() {
        if (UNAVAILABLE != null) {
            throw new IllegalStateException(UNAVAILABLE);
        }
    }

    private static void checkRange(MemorySegment segment, int length, String what) {
        if (length < 0 || length > segment.byteSize()) {
            throw new IllegalArgumentException(what + " length " + length + " exceeds its "
                    + segment.byteSize() + "-byte segment");
        }
    }
}
