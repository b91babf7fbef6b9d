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

    @Test
    void shouldWriteLongLinesAndEveryKindOfCharSequenceTheSameWay() {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < 1500; i++) {
            line.append((char) (i % 256)); // every byte value, past the sink's buffer and char array
        }
        line.append("\u00ff\u0100\u07ff\u0800\ud83d\ude00\ud800x");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (LineSink sink = new LineSink(bytes, 64)) {
            sink.println(line);
            sink.println(line.toString());
            sink.println(java.nio.CharBuffer.wrap(line));
        }
        ByteArrayOutputStream one = new ByteArrayOutputStream();
        for (int i = 0; i < 1500; i++) {
            one.write(i % 256);
        }
        one.writeBytes(new byte[] {(byte) 0xFF, (byte) 0xC4, (byte) 0x80, (byte) 0xDF, (byte) 0xBF, (byte) 0xE0,
            (byte) 0xA0, (byte) 0x80, // U+00FF as one byte, U+0100, U+07FF, U+0800
            (byte) 0xED, (byte) 0xA0, (byte) 0xBD, (byte) 0xED, (byte) 0xB8, (byte) 0x80, // a pair, char by char
            (byte) 0xED, (byte) 0xA0, (byte) 0x80, 'x', '\n'}); // a lone surrogate
        byte[] expected = concat(one.toByteArray(), one.toByteArray(), one.toByteArray());
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
