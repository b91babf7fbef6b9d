package dev.jtrace.samples.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CoderResult;
import java.nio.charset.StandardCharsets;

/**
 * Writes rendered lines to a byte stream in large chunks, byte for byte as the kernel writes its
 * {@code trace} file: the renderer maps each payload byte to one char (0..255), so each such char
 * goes out as that byte again. The rare char above 255 (text jtrace adds, such as a symbol name
 * read as UTF-8) is written as UTF-8. A {@code PrintStream} would encode through a charset and flush
 * per line; at two million lines that is most of a report's time.
 *
 * <p>A line is copied in bulk, not char by char: its chars into a reused array
 * ({@code StringBuilder.getChars}), then through an ISO-8859-1 encoder over arrays, whose loop the
 * JIT replaces with a vectorized intrinsic. The encoder stops at a char above 255, which is written
 * as UTF-8 here. A report of 2.5 million lines spent a second in a {@code charAt} loop before.
 */
final class LineSink implements AutoCloseable {
    private final OutputStream out;
    private final byte[] buffer;
    private final ByteBuffer bytes;
    private final CharsetEncoder latin1 = StandardCharsets.ISO_8859_1.newEncoder();
    private char[] chars = new char[512];
    private CharBuffer charView = CharBuffer.wrap(chars);
    private int used;

    LineSink(OutputStream out, int bufferSize) {
        this.out = out;
        this.buffer = new byte[Math.max(bufferSize, 16)];
        this.bytes = ByteBuffer.wrap(buffer);
    }

    /** Appends {@code line} and a newline. */
    void println(CharSequence line) {
        int n = line.length();
        if (n > chars.length) {
            chars = new char[Math.max(n, 2 * chars.length)];
            charView = CharBuffer.wrap(chars);
        }
        if (line instanceof StringBuilder b) {
            b.getChars(0, n, chars, 0);
        } else if (line instanceof String s) {
            s.getChars(0, n, chars, 0);
        } else {
            for (int i = 0; i < n; i++) {
                chars[i] = line.charAt(i);
            }
        }
        CharBuffer in = charView;
        in.limit(n).position(0);
        while (in.hasRemaining()) {
            bytes.limit(buffer.length).position(used);
            CoderResult result = latin1.encode(in, bytes, true);
            used = bytes.position();
            if (result.isOverflow()) {
                drain();
            } else if (result.isError()) { // a char above 255 (or a surrogate): UTF-8, char by char
                for (int i = result.length(); i > 0; i--) {
                    writeUtf8(in.get());
                }
            } else if (in.hasRemaining()) { // not expected with endOfInput: write what is left as is
                writeUtf8(in.get());
            }
        }
        if (used == buffer.length) {
            drain();
        }
        buffer[used++] = '\n';
    }

    private void writeUtf8(char c) {
        if (buffer.length - used < 3) {
            drain();
        }
        if (c <= 0xFF) {
            buffer[used++] = (byte) c;
        } else if (c < 0x800) {
            buffer[used++] = (byte) (0xC0 | c >> 6);
            buffer[used++] = (byte) (0x80 | (c & 0x3F));
        } else {
            // a lone surrogate is written as its own 3-byte form; the kernel never produces one
            buffer[used++] = (byte) (0xE0 | c >> 12);
            buffer[used++] = (byte) (0x80 | (c >> 6 & 0x3F));
            buffer[used++] = (byte) (0x80 | (c & 0x3F));
        }
    }

    private void drain() {
        try {
            out.write(buffer, 0, used);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write output: " + e.getMessage(), e);
        }
        used = 0;
    }

    /** Writes out what is buffered. */
    void flush() {
        drain();
        try {
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write output: " + e.getMessage(), e);
        }
    }

    /** Flushes; does not close the underlying stream (it is usually stdout). */
    @Override
    public void close() {
        flush();
    }
}
