package dev.jtrace.tracedat.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;

/**
 * Sequential little-endian writing to a file channel through a buffer, with the position known at
 * all times and patching of earlier bytes (sizes and offsets written before they are known).
 */
public final class OutputFile {
    private final FileChannel channel;
    private final ByteBuffer buffer = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
    private long flushed;

    /**
     * Writes to a channel positioned at 0.
     *
     * @param channel the channel
     */
    public OutputFile(FileChannel channel) {
        this.channel = channel;
    }

    /**
     * Returns the offset of the next byte written.
     *
     * @return the offset
     */
    public long position() {
        return flushed + buffer.position();
    }

    private void room(int n) throws IOException {
        if (buffer.remaining() < n) {
            flush();
        }
    }

    /**
     * Writes buffered bytes to the channel.
     *
     * @throws IOException if writing fails
     */
    public void flush() throws IOException {
        buffer.flip();
        while (buffer.hasRemaining()) {
            flushed += channel.write(buffer, flushed);
        }
        buffer.clear();
    }

    /**
     * Writes a byte.
     *
     * @param v the value (low 8 bits)
     * @throws IOException if writing fails
     */
    public void u8(int v) throws IOException {
        room(1);
        buffer.put((byte) v);
    }

    /**
     * Writes a 16-bit number.
     *
     * @param v the value (low 16 bits)
     * @throws IOException if writing fails
     */
    public void u16(int v) throws IOException {
        room(2);
        buffer.putShort((short) v);
    }

    /**
     * Writes a 32-bit number.
     *
     * @param v the value (low 32 bits)
     * @throws IOException if writing fails
     */
    public void u32(long v) throws IOException {
        room(4);
        buffer.putInt((int) v);
    }

    /**
     * Writes a 64-bit number.
     *
     * @param v the value
     * @throws IOException if writing fails
     */
    public void u64(long v) throws IOException {
        room(8);
        buffer.putLong(v);
    }

    /**
     * Writes bytes.
     *
     * @param b the bytes
     * @param off where to start
     * @param len how many
     * @throws IOException if writing fails
     */
    public void bytes(byte[] b, int off, int len) throws IOException {
        if (len > buffer.capacity()) {
            flush();
            ByteBuffer src = ByteBuffer.wrap(b, off, len);
            while (src.hasRemaining()) {
                flushed += channel.write(src, flushed);
            }
            return;
        }
        room(len);
        buffer.put(b, off, len);
    }

    /**
     * Writes bytes.
     *
     * @param b the bytes
     * @throws IOException if writing fails
     */
    public void bytes(byte[] b) throws IOException {
        bytes(b, 0, b.length);
    }

    /**
     * Writes a string's ISO-8859-1 bytes and a NUL.
     *
     * @param s the string
     * @throws IOException if writing fails
     */
    public void cString(String s) throws IOException {
        bytes(s.getBytes(StandardCharsets.ISO_8859_1));
        u8(0);
    }

    /**
     * Writes zero bytes up to the next multiple of {@code alignment}.
     *
     * @param alignment a power of two
     * @throws IOException if writing fails
     */
    public void align(int alignment) throws IOException {
        long pad = (alignment - position() % alignment) % alignment;
        for (long i = 0; i < pad; i++) {
            u8(0);
        }
    }

    /**
     * Copies bytes from another channel.
     *
     * @param from the channel
     * @param offset where to start in it
     * @param length how many bytes
     * @throws IOException if reading or writing fails
     */
    public void copyFrom(FileChannel from, long offset, long length) throws IOException {
        flush();
        channel.position(flushed);
        long done = 0;
        while (done < length) {
            long n = from.transferTo(offset + done, length - done, channel);
            if (n <= 0) {
                throw new IOException("short copy: " + done + " of " + length + " bytes");
            }
            done += n;
        }
        flushed += length;
    }

    /**
     * Overwrites a 32-bit number written before.
     *
     * @param at its offset
     * @param v the value
     * @throws IOException if writing fails
     */
    public void patch32(long at, long v) throws IOException {
        flush();
        ByteBuffer b = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt((int) v).flip();
        while (b.hasRemaining()) {
            channel.write(b, at + b.position());
        }
    }

    /**
     * Overwrites a 64-bit number written before.
     *
     * @param at its offset
     * @param v the value
     * @throws IOException if writing fails
     */
    public void patch64(long at, long v) throws IOException {
        flush();
        ByteBuffer b = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(v).flip();
        while (b.hasRemaining()) {
            channel.write(b, at + b.position());
        }
    }
}
