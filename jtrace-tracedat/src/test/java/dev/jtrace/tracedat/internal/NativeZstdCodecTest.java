package dev.jtrace.tracedat.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jtrace.core.internal.LibZstd;
import dev.jtrace.core.testing.KernelTests;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The system-zstd codec against aircompressor, the other implementation: each decodes what the
 * other encodes, corrupt or oversized frames are a {@link Codec.CorruptBlockException} with the C
 * library's reason, and a warm codec allocates nothing per block. Debian installs libzstd1 with
 * apt itself, so under {@code CI=true} its absence fails the test rather than skipping it.
 */
class NativeZstdCodecTest {
    private static final int BLOCK = 40_960; // ten 4 KiB pages: one of trace-cmd's chunks

    private final Codec nativeCodec = new NativeZstdCodec();
    private Codec javaCodec;
    private byte[] data;

    @BeforeEach
    void codecs() {
        String reason = LibZstd.unavailableReason();
        if (reason != null && !KernelTests.kernelRequired()) {
            Assumptions.abort("the system's zstd is not usable here: " + reason);
        }
        assertThat(reason).as("libzstd.so.1 (Debian package libzstd1)").isNull();
        assertThat(ZstdSupport.unavailableReason()).as("aircompressor on the test class path").isNull();
        System.setProperty(ZstdSupport.IMPLEMENTATION_PROPERTY, "java");
        try {
            javaCodec = ZstdSupport.codec("test");
        } finally {
            System.clearProperty(ZstdSupport.IMPLEMENTATION_PROPERTY);
        }
        assertThat(javaCodec).isInstanceOf(ZstdCodec.class);
        assertThat(ZstdSupport.codec("test")).as("native first by default").isInstanceOf(NativeZstdCodec.class);
        // Page-like data: runs of small integers with some noise, so both compress it well.
        data = new byte[BLOCK];
        SplittableRandom random = new SplittableRandom(42);
        for (int i = 0; i < BLOCK; i++) {
            data[i] = (byte) (i % 64 < 48 ? i / 64 : random.nextInt(256));
        }
    }

    @Test
    void shouldDecodeWhatAircompressorEncodesAndTheOtherWayRound() {
        byte[] byJava = javaCodec.compress(data, 0, BLOCK);
        byte[] byNative = nativeCodec.compress(data, 0, BLOCK);
        assertThat(byNative.length).isLessThan(BLOCK / 2);
        byte[] out = new byte[BLOCK];
        assertThat(nativeCodec.decompress(byJava, 0, byJava.length, out, BLOCK)).isEqualTo(BLOCK);
        assertThat(out).isEqualTo(data);
        Arrays.fill(out, (byte) 0);
        assertThat(javaCodec.decompress(byNative, 0, byNative.length, out, BLOCK)).isEqualTo(BLOCK);
        assertThat(out).isEqualTo(data);
        // At an offset in a larger array, as a block inside a section is.
        byte[] framed = new byte[byJava.length + 17];
        System.arraycopy(byJava, 0, framed, 17, byJava.length);
        Arrays.fill(out, (byte) 0);
        assertThat(nativeCodec.decompress(framed, 17, byJava.length, out, BLOCK)).isEqualTo(BLOCK);
        assertThat(out).isEqualTo(data);
    }

    @Test
    void shouldRefuseACorruptFrameAndOneLargerThanAnnounced() {
        byte[] frame = nativeCodec.compress(data, 0, BLOCK);
        byte[] out = new byte[BLOCK];
        byte[] badMagic = frame.clone();
        badMagic[0] ^= 0x55;
        assertThatThrownBy(() -> nativeCodec.decompress(badMagic, 0, badMagic.length, out, BLOCK))
                .isInstanceOf(Codec.CorruptBlockException.class)
                .hasMessageStartingWith("invalid zstd data: ZSTD_decompress failed: Unknown frame descriptor");
        assertThatThrownBy(() -> nativeCodec.decompress(frame, 0, frame.length, out, BLOCK - 1))
                .isInstanceOf(Codec.CorruptBlockException.class)
                .hasMessageContaining("ZSTD_decompress failed: Destination buffer is too small");
        assertThatThrownBy(() -> nativeCodec.decompress(frame, 0, frame.length / 2, out, BLOCK))
                .isInstanceOf(Codec.CorruptBlockException.class).hasMessageContaining("ZSTD_decompress failed: ");
        assertThatThrownBy(() -> nativeCodec.decompress(frame, 0, frame.length + 1, out, BLOCK))
                .isInstanceOf(Codec.CorruptBlockException.class)
                .hasMessageContaining("input length " + (frame.length + 1) + " exceeds its " + frame.length);
    }

    @Test
    void shouldAllocateNothingPerBlockOnceWarm() {
        byte[] frame = nativeCodec.compress(data, 0, BLOCK);
        byte[] in = Arrays.copyOf(frame, frame.length + 64); // a reused chunk buffer, as CpuStream has
        byte[] out = new byte[BLOCK];
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long sum = 0;
        for (int i = 0; i < 20_000; i++) { // let C2 compile the call path
            sum += nativeCodec.decompress(in, 0, frame.length, out, BLOCK);
        }
        long before = threads.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < 10_000; i++) {
            sum += nativeCodec.decompress(in, 0, frame.length, out, BLOCK);
        }
        long perBlock = (threads.getCurrentThreadAllocatedBytes() - before) / 10_000;
        assertThat(sum).isEqualTo(30_000L * BLOCK);
        assertThat(perBlock).as("bytes allocated per block (a segment per call would be 32 or more)").isLessThan(8);
    }
}
