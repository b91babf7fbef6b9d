package dev.jtrace.ringbuffer.internal;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;

import dev.jtrace.core.internal.LibC;
import dev.jtrace.core.internal.NativeFd;
import java.io.ByteArrayOutputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;

/**
 * Reads a small tracefs text file ({@code events/header_page}, {@code per_cpu/cpuN/stats}) whole,
 * through the C library so that a failure carries its errno. tracefs files report size 0, so the
 * file is read until end of file rather than by its size.
 */
public final class TracefsText {
    private static final int CHUNK = 4096;

    private TracefsText() {
    }

    /**
     * Reads the file.
     *
     * @param path the file
     * @return its text (ISO-8859-1, so every byte maps to one character)
     * @throws dev.jtrace.core.KernelCallException if open or read fails
     */
    public static String read(String path) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(CHUNK);
        try (NativeFd fd = NativeFd.open(path, LibC.O_RDONLY); Arena arena = Arena.ofConfined()) {
            MemorySegment buffer = arena.allocate(CHUNK);
            while (true) {
                long n = LibC.read(fd.fd(), buffer, CHUNK, path);
                if (n == 0) {
                    break;
                }
                out.write(buffer.asSlice(0, n).toArray(JAVA_BYTE), 0, (int) n);
            }
        }
        return out.toString(StandardCharsets.ISO_8859_1);
    }
}
