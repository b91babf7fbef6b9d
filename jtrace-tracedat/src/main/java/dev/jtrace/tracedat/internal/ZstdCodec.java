package dev.jtrace.tracedat.internal;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.Arrays;

/**
 * zstd blocks (single zstd frames; trace-cmd writes them without the content size) through the
 * pure-Java implementation of aircompressor ({@code io.airlift:aircompressor-v3},
 * {@code ZstdJavaDecompressor} and {@code ZstdJavaCompressor}).
 *
 * <p>Why method handles instead of a {@code requires static} and direct calls: aircompressor has no
 * module descriptor and no {@code Automatic-Module-Name}, so its module name would be derived from
 * the jar's file name, which a published module must not depend on (Maven warns exactly so). Core
 * reflection needs no readability edge, and automatic and unnamed modules export every package,
 * so {@link MethodHandles#publicLookup()} reaches the classes whether the jar is on the class path
 * or the module path. The handles are looked up once (by {@link ZstdSupport}) and called with
 * {@code invokeExact}; a call per chunk of ten pages costs nothing measurable.
 */
final class ZstdCodec implements Codec {
    /** The name in the file header. */
    static final String NAME = "zstd";
    private static final String PACKAGE = "io.airlift.compress.v3.zstd.";

    /** The handles into aircompressor, found once. */
    static final class Handles {
        final MethodHandle newDecompressor;
        final MethodHandle decompress;
        final MethodHandle newCompressor;
        final MethodHandle maxCompressedLength;
        final MethodHandle compress;

        Handles(ClassLoader loader) throws ReflectiveOperationException {
            MethodHandles.Lookup lookup = MethodHandles.publicLookup();
            Class<?> d = Class.forName(PACKAGE + "ZstdJavaDecompressor", true, loader);
            Class<?> c = Class.forName(PACKAGE + "ZstdJavaCompressor", true, loader);
            newDecompressor = lookup.findConstructor(d, MethodType.methodType(void.class))
                    .asType(MethodType.methodType(Object.class));
            // The array form: the MemorySegment form needs a slice per block and calls heapBase(),
            // objects that escape through this non-constant handle.
            decompress = lookup.findVirtual(d, "decompress", MethodType.methodType(int.class, byte[].class, int.class,
                    int.class, byte[].class, int.class, int.class))
                    .asType(MethodType.methodType(int.class, Object.class, byte[].class, int.class, int.class,
                            byte[].class, int.class, int.class));
            newCompressor = lookup.findConstructor(c, MethodType.methodType(void.class))
                    .asType(MethodType.methodType(Object.class));
            maxCompressedLength = lookup.findVirtual(c, "maxCompressedLength",
                    MethodType.methodType(int.class, int.class))
                    .asType(MethodType.methodType(int.class, Object.class, int.class));
            compress = lookup.findVirtual(c, "compress", MethodType.methodType(int.class, byte[].class, int.class,
                    int.class, byte[].class, int.class, int.class))
                    .asType(MethodType.methodType(int.class, Object.class, byte[].class, int.class, int.class,
                            byte[].class, int.class, int.class));
        }
    }

    private final Handles handles;
    private final Object decompressor;
    private Object compressor;

    ZstdCodec(Handles handles) {
        this.handles = handles;
        try {
            this.decompressor = (Object) handles.newDecompressor.invokeExact();
        } catch (Throwable t) {
            throw new IllegalStateException("cannot create aircompressor's ZstdJavaDecompressor: " + t, t);
        }
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int decompress(byte[] in, int offset, int length, byte[] out, int expected) {
        try {
            return (int) handles.decompress.invokeExact(decompressor, in, offset, length, out, 0, expected);
        } catch (RuntimeException e) { // MalformedInputException and the library's range checks
            throw new CorruptBlockException("invalid zstd data: " + e.getMessage(), e);
        } catch (Error e) {
            throw e;
        } catch (Throwable t) {
            throw new CorruptBlockException("zstd decompression failed: " + t, t);
        }
    }

    @Override
    public byte[] compress(byte[] in, int offset, int length) {
        try {
            if (compressor == null) {
                compressor = (Object) handles.newCompressor.invokeExact();
            }
            byte[] out = new byte[(int) handles.maxCompressedLength.invokeExact(compressor, length)];
            int n = (int) handles.compress.invokeExact(compressor, in, offset, length, out, 0, out.length);
            return Arrays.copyOf(out, n);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException("zstd compression failed: " + t, t);
        }
    }
}
