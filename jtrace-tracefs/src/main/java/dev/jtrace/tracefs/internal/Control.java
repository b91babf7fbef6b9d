package dev.jtrace.tracefs.internal;

import dev.jtrace.core.Errno;
import dev.jtrace.core.KernelCallException;
import dev.jtrace.core.internal.LibC;
import dev.jtrace.tracefs.ErrorLogEntry;
import java.io.ByteArrayOutputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads and writes tracefs control files through the C library, so that every refusal carries its
 * errno (Java's file API reduces it to an exception type and a text), and so that a refused write
 * can be explained with the kernel's {@code error_log} entry for it.
 *
 * <p>Each write is one {@code write(2)} of the whole command: tracefs parses a command per call.
 * Files are opened without {@code O_TRUNC} unless the caller asks, because truncating list files
 * ({@code set_event_pid}, {@code dynamic_events}, {@code trigger}) clears entries.
 *
 * <p>The {@code error_log} is shared: an instance has its own for its events' filters and
 * triggers, and dynamic events report to the top-level one that every user of the machine writes
 * to. jtrace never clears it; it reads it before the write and, after a refusal, takes the newest
 * entry that appeared meanwhile and names the command it wrote.
 */
public final class Control {
    private static final int READ_CHUNK = 64 * 1024;

    private Control() {
    }

    /**
     * Reads a whole control file as UTF-8 text (malformed bytes replaced).
     *
     * @param file the file
     * @return its contents
     * @throws KernelCallException with the errno if open or read fails
     */
    public static String read(Path file) {
        return new String(readBytes(file), StandardCharsets.UTF_8);
    }

    /**
     * Reads a control file, or returns {@code null} if it does not exist.
     *
     * @param file the file
     * @return its contents, or {@code null} on ENOENT
     * @throws KernelCallException with the errno for any other failure
     */
    public static String readIfExists(Path file) {
        try {
            return read(file);
        } catch (KernelCallException e) {
            if (e.errno() == Errno.ENOENT && e.operation().equals("open")) {
                return null;
            }
            throw e;
        }
    }

    /**
     * Reads a whole control file.
     *
     * @param file the file
     * @return its bytes
     * @throws KernelCallException with the errno if open or read fails
     */
    public static byte[] readBytes(Path file) {
        String path = file.toString();
        int fd = LibC.open(path, LibC.O_RDONLY, 0);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment buffer = arena.allocate(READ_CHUNK);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            while (true) {
                long n = LibC.read(fd, buffer, READ_CHUNK, path);
                if (n == 0) {
                    return out.toByteArray();
                }
                out.write(buffer.asSlice(0, n).toArray(ValueLayout.JAVA_BYTE), 0, (int) n);
            }
        } finally {
            LibC.close(fd, path);
        }
    }

    /**
     * Writes a command in one call.
     *
     * @param file the control file
     * @param text the command
     * @param truncate open with {@code O_TRUNC} (clears list files)
     * @param errorLog the {@code error_log} that explains refusals of this file, or {@code null}
     * @throws KernelCallException with the errno and, when the kernel logged one, the error_log
     *     entry, if open or write fails or the kernel takes fewer bytes than given
     */
    public static void write(Path file, String text, boolean truncate, Path errorLog) {
        LibC.requireNoNul(text, "tracefs command");
        String path = file.toString();
        String what = path + " <- " + Names.printable(text);
        List<ErrorLogEntry> before = errorLog == null ? List.of() : entries(errorLog);
        int fd = LibC.tryOpen(path, LibC.O_WRONLY | (truncate ? LibC.O_TRUNC : 0), 0);
        if (fd < 0) {
            throw new KernelCallException("open", what, -fd);
        }
        try {
            long n = writeAll(fd, text);
            if (n < 0) {
                ErrorLogEntry entry = errorLog == null ? null : newEntryAbout(before, entries(errorLog), text);
                throw new KernelCallException("write", what, (int) -n, entry == null ? null : entry.toString());
            }
        } finally {
            LibC.close(fd, path);
        }
    }

    /**
     * Writes a command in one call, returning {@code -errno} instead of throwing.
     *
     * @param file the control file
     * @param text the command
     * @param truncate open with {@code O_TRUNC}
     * @return the bytes written, or {@code -errno}; a short write gives {@code -EIO}
     */
    public static long tryWrite(Path file, String text, boolean truncate) {
        LibC.requireNoNul(text, "tracefs command");
        String path = file.toString();
        int fd = LibC.tryOpen(path, LibC.O_WRONLY | (truncate ? LibC.O_TRUNC : 0), 0);
        if (fd < 0) {
            return fd;
        }
        try {
            return writeAll(fd, text);
        } finally {
            LibC.close(fd, path);
        }
    }

    /** One write(2) of the UTF-8 text; a short write counts as -EIO (the rest would be a new command). */
    private static long writeAll(int fd, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        if (bytes.length == 0) {
            return 0; // opening (with O_TRUNC) was the whole command
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment segment = arena.allocate(bytes.length);
            MemorySegment.copy(bytes, 0, segment, ValueLayout.JAVA_BYTE, 0, bytes.length);
            long n = LibC.tryWrite(fd, segment, bytes.length);
            if (n >= 0 && n != bytes.length) {
                return -Errno.EIO;
            }
            return n;
        }
    }

    /**
     * Reads and parses an {@code error_log}; an unreadable log counts as empty.
     *
     * @param errorLog the file
     * @return its entries
     */
    public static List<ErrorLogEntry> entries(Path errorLog) {
        try {
            String text = readIfExists(errorLog);
            return text == null ? List.of() : ErrorLogEntry.parseAll(text);
        } catch (KernelCallException e) {
            return List.of();
        }
    }

    /**
     * Finds the entry explaining a refused command: the newest one that was not in the log before
     * the write and names the command.
     *
     * @param before the entries before the write
     * @param after the entries after the refusal
     * @param command the command written
     * @return the entry, or {@code null} if the kernel logged nothing for it
     */
    public static ErrorLogEntry newEntryAbout(List<ErrorLogEntry> before, List<ErrorLogEntry> after, String command) {
        Set<ErrorLogEntry> old = new HashSet<>(before);
        for (int i = after.size() - 1; i >= 0; i--) {
            ErrorLogEntry e = after.get(i);
            if (!old.contains(e) && e.isAbout(command)) {
                return e;
            }
        }
        return null;
    }
}
