package dev.jtrace.traceevent;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.TimeUnit;

/**
 * A short workload (well under a second here, bounded by timeouts to a few seconds) that makes the
 * kernel emit events of every system the oracle enables: processes (fork, exec, exit, wait), a
 * signal, file writes with fsync and reads (filemap, writeback, block, ext4), page faults on a
 * mapped file and the heap, loopback TCP and UDP traffic (net, skb, sock, tcp, napi), datagrams
 * into a full receive queue (udp: its one event, {@code udp_fail_queue_rcv_skb}, fires only on a
 * drop), timers, and {@code trace_marker} texts of assorted shapes between the phases.
 */
final class RenderOracleWorkload {
    private static final long TIMEOUT_MS = 2_000;

    private final FileChannel marker;
    private final Path scratch;

    private RenderOracleWorkload(FileChannel marker, Path scratch) {
        this.marker = marker;
        this.scratch = scratch;
    }

    /**
     * Runs the workload.
     *
     * @param instance the tracefs instance (its {@code trace_marker} is written)
     * @param scratch a directory on a block-device file system for the file phase
     */
    static void run(Path instance, Path scratch) throws IOException, InterruptedException {
        try (FileChannel marker = FileChannel.open(instance.resolve("trace_marker"), StandardOpenOption.WRITE)) {
            new RenderOracleWorkload(marker, scratch).phases();
        }
    }

    private void phases() throws IOException, InterruptedException {
        mark("jtrace oracle: start");
        mark("printf-looking text %s %d %p \\n stays literal");
        mark("with a trailing newline\n");
        mark("two lines: one\nand two");
        mark("tab\tinside and unicode \u00e9\u4e2d");
        mark("x".repeat(1000));
        mark("phase: processes");
        processes();
        mark("phase: signal");
        signal();
        mark("phase: files");
        files();
        mark("phase: page faults");
        pageFaults();
        mark("phase: tcp");
        tcp();
        mark("phase: udp");
        udp();
        mark("phase: udp overflow");
        udpOverflow();
        mark("phase: timers");
        Thread.sleep(5);
        mark("jtrace oracle: end");
    }

    private void mark(String text) throws IOException {
        ByteBuffer data = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
        int n = marker.write(data);
        if (n != data.limit()) {
            throw new IOException("short trace_marker write: " + n + " of " + data.limit());
        }
    }

    private static void processes() throws IOException, InterruptedException {
        run(new ProcessBuilder("true"));
        run(new ProcessBuilder("sh", "-c", "ls /usr >/dev/null"));
    }

    private static void run(ProcessBuilder pb) throws IOException, InterruptedException {
        Process p = pb.redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        if (!p.waitFor(TIMEOUT_MS, TimeUnit.MILLISECONDS)) {
            p.destroyForcibly();
            throw new IOException("timed out: " + pb.command());
        }
    }

    /** SIGTERM to a child: signal_generate, signal_deliver (in the child), and its exit. */
    private static void signal() throws IOException, InterruptedException {
        Process sleep = new ProcessBuilder("sleep", "5").start();
        Thread.sleep(20);
        sleep.destroy();
        if (!sleep.waitFor(TIMEOUT_MS, TimeUnit.MILLISECONDS)) {
            sleep.destroyForcibly();
            throw new IOException("sleep did not end on SIGTERM");
        }
    }

    private void files() throws IOException {
        Path file = scratch.resolve("oracle-file");
        byte[] block = new byte[64 * 1024];
        for (int i = 0; i < block.length; i++) {
            block[i] = (byte) i;
        }
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.READ, StandardOpenOption.TRUNCATE_EXISTING)) {
            for (int i = 0; i < 16; i++) {
                ch.write(ByteBuffer.wrap(block));
            }
            ch.force(true);
            ByteBuffer in = ByteBuffer.allocate(block.length);
            ch.position(0);
            while (ch.read(in) > 0 && in.hasRemaining()) {
                // one block is enough to go through the read path
            }
        }
        Files.delete(file);
    }

    private void pageFaults() throws IOException {
        Path file = scratch.resolve("oracle-mapped");
        int size = 1024 * 1024;
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.READ, StandardOpenOption.TRUNCATE_EXISTING)) {
            MappedByteBuffer map = ch.map(FileChannel.MapMode.READ_WRITE, 0, size);
            for (int i = 0; i < size; i += 4096) {
                map.put(i, (byte) i);
            }
            map.force();
        }
        Files.delete(file);
        byte[] heap = new byte[2 * 1024 * 1024];
        for (int i = 0; i < heap.length; i += 4096) {
            heap[i] = 1;
        }
        if (heap[4096] != 1) {
            throw new AssertionError("unreachable");
        }
    }

    private static void tcp() throws IOException, InterruptedException {
        InetAddress loopback = InetAddress.getByName("127.0.0.1");
        try (ServerSocket server = new ServerSocket(0, 1, loopback)) {
            server.setSoTimeout((int) TIMEOUT_MS);
            Thread echo = Thread.ofPlatform().name("oracle-echo").start(() -> {
                try (Socket s = server.accept()) {
                    s.setSoTimeout((int) TIMEOUT_MS);
                    InputStream in = s.getInputStream();
                    OutputStream out = s.getOutputStream();
                    byte[] buf = new byte[8192];
                    int n;
                    while ((n = in.read(buf)) > 0) {
                        out.write(buf, 0, n);
                    }
                } catch (IOException e) {
                    // the client sees a short echo and fails
                }
            });
            try (Socket client = new Socket()) {
                client.connect(new InetSocketAddress(loopback, server.getLocalPort()), (int) TIMEOUT_MS);
                client.setSoTimeout((int) TIMEOUT_MS);
                byte[] data = new byte[32 * 1024];
                client.getOutputStream().write(data);
                client.shutdownOutput();
                int total = 0;
                byte[] buf = new byte[8192];
                int n;
                while ((n = client.getInputStream().read(buf)) > 0) {
                    total += n;
                }
                if (total != data.length) {
                    throw new IOException("tcp echo returned " + total + " of " + data.length + " bytes");
                }
            }
            echo.join(TIMEOUT_MS);
        }
    }

    private static void udp() throws IOException {
        InetAddress loopback = InetAddress.getByName("127.0.0.1");
        try (DatagramSocket receiver = new DatagramSocket(0, loopback);
                DatagramSocket sender = new DatagramSocket(0, loopback)) {
            receiver.setSoTimeout((int) TIMEOUT_MS);
            byte[] data = "jtrace oracle datagram".getBytes(StandardCharsets.US_ASCII);
            for (int i = 0; i < 3; i++) {
                sender.send(new DatagramPacket(data, data.length, loopback, receiver.getLocalPort()));
                DatagramPacket in = new DatagramPacket(new byte[64], 64);
                receiver.receive(in);
            }
        }
    }
    /**
     * Datagrams into a receiver with the smallest receive buffer that does not read until all were
     * sent: the queue fills after a few, and each further datagram is dropped with
     * {@code udp:udp_fail_queue_rcv_skb} (rc -12, addresses as {@code %pISpc}).
     */
    private static void udpOverflow() throws IOException {
        InetAddress loopback = InetAddress.getByName("127.0.0.1");
        try (DatagramSocket receiver = new DatagramSocket(0, loopback);
                DatagramSocket sender = new DatagramSocket(0, loopback)) {
            receiver.setReceiveBufferSize(1); // the kernel rounds up to its minimum
            byte[] data = new byte[1024];
            for (int i = 0; i < 16; i++) {
                sender.send(new DatagramPacket(data, data.length, loopback, receiver.getLocalPort()));
            }
            receiver.setSoTimeout(50);
            DatagramPacket in = new DatagramPacket(new byte[data.length], data.length);
            for (int i = 0; i < 16; i++) {
                try {
                    receiver.receive(in);
                } catch (java.net.SocketTimeoutException drained) {
                    break;
                }
            }
        }
    }
}
