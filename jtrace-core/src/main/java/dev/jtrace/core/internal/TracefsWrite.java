package dev.jtrace.core.internal;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * Writes a command to a tracefs control file in one {@code write(2)}, so that a refusal surfaces
 * with its errno (Java's file APIs turn it into an IOException without one).
 *
 * <p>The file is opened without {@code O_TRUNC}: on list files ({@code set_event},
 * {@code uprobe_events}, {@code dynamic_events}, {@code trigger}) a truncating open clears every
 * entry, including other users' probes. Clearing is a separate, explicit operation.
 */
public final class TracefsWrite {
    private TracefsWrite() {
    }

    /**
     * Opens {@code path} write-only, writes {@code text} in one call, closes.
     *
     * @param path the control file
     * @param text the command
     * @throws dev.jtrace.core.KernelCallException with the errno if open or write fails, or if the
     *     kernel accepts fewer bytes than given
     */
    public static void write(String path, String text) {
        LibC.requireNoNul(text, "tracefs command for " + path);
        try (NativeFd fd = NativeFd.open(path, LibC.O_WRONLY); Arena arena = Arena.ofConfined()) {
            MemorySegment bytes = arena.allocateFrom(text);
            long length = bytes.byteSize() - 1; // without the NUL
            long n = LibC.write(fd.fd(), bytes, length, path);
            if (n != length) {
                throw new dev.jtrace.core.KernelCallException("write (short: " + n + " of " + length + " bytes)", path,
                        dev.jtrace.core.Errno.EIO);
            }
        }
    }
}
