package dev.jtrace.samples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class LineSinkTest {

    @Test
    void shouldWriteCharsUpTo255AsSingleBytesAndOthersAsUtf8AcrossBufferBoundaries() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (LineSink sink = new LineSink(bytes, 16)) {
            sink.println("comm\u00e9-12 [000]"); // 0xE9 is a raw byte of a comm, not "é" in UTF-8
            sink.println("sym \u20ac+0x1/0x2");   // above 255: UTF-8
            sink.println("");
        }
        byte[] expected = concat("comm".getBytes(StandardCharsets.US_ASCII), new byte[] {(byte) 0xE9},
                "-12 [000]\nsym ".getBytes(StandardCharsets.US_ASCII), new byte[] {(byte) 0xE2, (byte) 0x82,
                    (byte) 0xAC}, "+0x1/0x2\n\n".getBytes(StandardCharsets.US_ASCII));
        assertThat(bytes.toByteArray()).isEqualTo(expected);
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            b.writeBytes(p);
        }
        return b.toByteArray();
    }
}
