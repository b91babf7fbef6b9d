package dev.jtrace.tracedat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.TimeUnit;

/**
 * A short workload that makes the kernel write records of assorted shapes: processes (fork, exec,
 * exit: sched events and syscalls from other pids), file opens, reads and writes, and
 * {@code trace_marker} texts of assorted lengths (type_len 1..28 and length-word records).
 */
final class Workload {
    private Workload() {
    }

    static void run(Path scratch, TestInstance... instances) throws IOException, InterruptedException {
        for (TestInstance t : instances) {
            t.mark("jtrace tracedat workload: start");
        }
        sh("for i in 1 2 3 4 5; do cat /etc/hostname >/dev/null; done; ls /usr >/dev/null; true");
        Path file = scratch.resolve("workload-file");
        byte[] block = new byte[8192];
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.READ)) {
            for (int i = 0; i < 8; i++) {
                ch.write(ByteBuffer.wrap(block));
            }
            ch.position(0);
            ch.read(ByteBuffer.allocate(4096));
        }
        Files.delete(file);
        for (TestInstance t : instances) {
            for (int len : new int[] {1, 3, 4, 5, 8, 40, 95, 96, 97, 200, 1000}) {
                t.mark("m" + len + ":" + "x".repeat(len));
            }
            t.mark("with a newline\n");
            t.mark("unicode \u00e9\u4e2d and tab\tend");
        }
        sh("sleep 0.01");
        for (TestInstance t : instances) {
            t.mark("jtrace tracedat workload: end");
        }
    }

    private static void sh(String script) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("sh", "-c", script).redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        if (!p.waitFor(10, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("workload timed out: " + script);
        }
    }
}
