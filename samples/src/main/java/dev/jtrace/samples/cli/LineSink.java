package dev.jtrace.samples.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;

/**
 * Writes rendered lines to a byte stream in large chunks, byte for byte as the kernel writes its
 * {@code trace} file: the renderer maps each payload byte to one char (0..255), so each such char
 * goes out as that byte again. The rare char above 255 (text jtrace adds, such as a symbol name
 * read as UTF-8) is written as UTF-8. A {@code PrintStream} would encode through a charset and flush
 * per line; at two million lines that is most of a report's time.
 */
final class LineSink implements AutoCloseable {
    private final OutputStream out;
    private final byte[] buffer;
    private int used;

    LineSink(OutputStream out, int bufferSize) {
        this.out = out;
        this.buffer = new byte[Math.max(bufferSize, 16)];
    }

    /** Appends {@code line} and a newline. */
    void println(CharSequence line) {
        int n = line.length();
        for (int i = 0; i < n; i++) {
            char c = line.charAt(i);
            if (c <= 0xFF) {
                if (used == buffer.length) {
                    drain();
                }
                buffer[used++] = (byte) c;
            } else {
                writeUtf8(c);
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
        if (c < 0x800) {
            buffer[used++] = (byte) (0xC0 | c >> 6);
        } else {
            // a lone surrogate is written as its own 3-byte form; the kernel never produces one
            buffer[used++] = (byte) (0xE0 | c >> 12);
            buffer[used++] = (byte) (0x80 | (c >> 6 & 0x3F));
        }
        buffer[used++] = (byte) (0x80 | (c & 0x3F));
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
