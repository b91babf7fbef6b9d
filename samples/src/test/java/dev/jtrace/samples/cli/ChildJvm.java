package dev.jtrace.samples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jtrace.core.TracefsMount;
import dev.jtrace.core.internal.LibC;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * What the kernel tests of the CLI and the examples share: running a main class in a child JVM as a
 * user would, waiting for its tracefs instance, signalling it, the top-level tracefs settings to
 * compare before and after, and a thread that keeps making system calls.
 */
public final class ChildJvm {
    /** The top-level files a command must leave as it found them. */
    private static final List<String> TOP_LEVEL = List.of("tracing_on", "set_event", "set_event_pid",
            "set_event_notrace_pid", "current_tracer", "trace_clock", "buffer_size_kb", "buffer_percent",
            "tracing_cpumask", "options/event-fork", "options/record-tgid", "events/enable");

    private ChildJvm() {
    }

    /** Starts {@code jtrace ARGS} in a child JVM; stdout goes to {@code stdout}, stderr next to it (.err). */
    public static Process jtrace(Path stdout, String... args) throws IOException {
        return java(stdout, JtraceCli.class.getName(), args);
    }

    /** Starts {@code mainClass ARGS} from this class path in a child JVM, as {@link #jtrace} does. */
    public static Process java(Path stdout, String mainClass, String... args) throws IOException {
        // A JVM started with SIGINT ignored (as jobs started in the background by a non-interactive
        // shell are, which is how builds often run) leaves it ignored; env resets it, as a terminal has it.
        List<String> cmd = new ArrayList<>(List.of("env", "--default-signal=INT",
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow",
                "-cp", System.getProperty("java.class.path"), mainClass));
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd).redirectOutput(stdout.toFile()).redirectError(errorFile(stdout).toFile())
                .start();
    }

    /** Where {@link #java} sends a child's stderr. */
    public static Path errorFile(Path stdout) {
        return stdout.resolveSibling(stdout.getFileName() + ".err");
    }

    /** Waits until the process has an instance of its own with tracing on and sys_enter_getpid enabled. */
    public static Path awaitTracing(Process p) throws Exception {
        return awaitTracing(p, "syscalls/sys_enter_getpid");
    }

    /** Waits until the process has an instance of its own with tracing on and {@code event} (system/name) enabled. */
    public static Path awaitTracing(Process p, String event) throws Exception {
        // A new instance starts with tracing_on 1; the command turns it off, enables the event, and
        // turns it on again when it is ready to read.
        return awaitInstance(p, i -> readOr(i.resolve("events/" + event + "/enable")).equals("1")
                && readOr(i.resolve("tracing_on")).equals("1"));
    }

    private static Path awaitInstance(Process p, Predicate<Path> ready) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            assertThat(p.isAlive()).as("the child JVM exited early").isTrue();
            for (Path i : instancesOf(p.pid())) {
                if (ready.test(i)) {
                    return i;
                }
            }
            Thread.sleep(20);
        }
        throw new AssertionError("process " + p.pid() + " did not start tracing");
    }

    /** The tracefs instances named after {@code pid} (jtrace-PID-N), as a process of jtrace names them. */
    public static List<Path> instancesOf(long pid) throws IOException {
        Path instances = TracefsMount.mountIfAbsent().resolve("instances");
        try (Stream<Path> list = Files.list(instances)) {
            return list.filter(i -> i.getFileName().toString().startsWith("jtrace-" + pid + "-")).toList();
        }
    }

    /** The file's text without surrounding white space, or "" when it cannot be read (being set up or removed). */
    public static String readOr(Path file) {
        try {
            return Files.readString(file).strip();
        } catch (IOException e) {
            return "";
        }
    }

    /** The top-level tracefs settings a command must not change, by file. */
    public static Map<String, String> topLevelState() {
        Path root = TracefsMount.mountIfAbsent();
        Map<String, String> state = new LinkedHashMap<>();
        for (String f : TOP_LEVEL) {
            state.put(f, Files.exists(root.resolve(f)) ? readOr(root.resolve(f)) : "(absent)");
        }
        return state;
    }

    /** Sends SIG{@code name} (INT, TERM) and waits for the process to end; SIGTERM then SIGKILL if it does not. */
    public static void signal(Process p, String name) throws Exception {
        String signals = signalState(p.pid());
        assertThat(new ProcessBuilder("kill", "-" + name, Long.toString(p.pid())).start().waitFor()).isZero();
        boolean ended = p.waitFor(60, TimeUnit.SECONDS);
        if (!ended) {
            p.destroy(); // SIGTERM: still a clean stop
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
        assertThat(ended).as("the child did not stop on SIG%s; its signal state: %s", name, signals).isTrue();
    }

    /**
     * Prepares SIG{@code name} for {@code p}: a shell that sends it as soon as {@link Armed#fire()}
     * writes a line to it, within a fraction of a millisecond (starting {@code kill} takes several).
     */
    public static Armed arm(Process p, String name) throws IOException {
        Process sh = new ProcessBuilder("sh", "-c", "read line && kill -s " + name + " " + p.pid())
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectErrorStream(true).start();
        return new Armed(p, name, sh);
    }

    /** A signal ready to be sent; see {@link #arm}. */
    public static final class Armed {
        private final Process target;
        private final String name;
        private final Process sh;

        private Armed(Process target, String name, Process sh) {
            this.target = target;
            this.name = name;
            this.sh = sh;
        }

        /** Sends the signal and waits for the target to end, as {@link #signal} does. */
        public void fire() throws Exception {
            String signals = signalState(target.pid());
            sh.getOutputStream().write('\n');
            sh.getOutputStream().flush();
            assertThat(sh.waitFor(30, TimeUnit.SECONDS)).as("kill -s %s ran", name).isTrue();
            assertThat(sh.exitValue()).as("kill -s %s %d", name, target.pid()).isZero();
            boolean ended = target.waitFor(60, TimeUnit.SECONDS);
            if (!ended) {
                target.destroy();
                if (!target.waitFor(30, TimeUnit.SECONDS)) {
                    target.destroyForcibly();
                }
            }
            assertThat(ended).as("the child did not stop on SIG%s; its signal state: %s", name, signals).isTrue();
        }
    }

    private static String signalState(long pid) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            if (line.startsWith("Sig")) {
                sb.append(line).append("; ");
            }
        }
        return sb.toString();
    }

    /** Waits for a process started by {@link #java} to end on its own, and returns its exit code. */
    public static int await(Process p, int seconds) throws Exception {
        if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
            p.destroy();
            p.waitFor(30, TimeUnit.SECONDS);
            throw new AssertionError("process " + p.pid() + " did not end within " + seconds + " s");
        }
        return p.exitValue();
    }

    /**
     * A platform thread that calls getpid() in bursts ({@code burst} calls, then a sleep of about a
     * millisecond) until closed: a steady stream of sys_enter_getpid and sched_switch events from one
     * known thread.
     */
    public static final class Load implements AutoCloseable {
        private final Thread thread;
        private final AtomicLong calls = new AtomicLong();
        private volatile boolean running = true;
        private volatile int tid;

        private Load(int burst) {
            java.util.concurrent.CountDownLatch started = new java.util.concurrent.CountDownLatch(1);
            thread = Thread.ofPlatform().daemon().name("jtrace-test-load").start(() -> {
                tid = LibC.gettid();
                started.countDown();
                while (running) {
                    for (int i = 0; i < burst; i++) {
                        LibC.getpid();
                    }
                    calls.addAndGet(burst);
                    LockSupport.parkNanos(1_000_000);
                }
            });
            try {
                started.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }

        /** Starts the thread. */
        public static Load start(int burst) {
            return new Load(burst);
        }

        /** The thread's id (the common_pid of its events). */
        public int tid() {
            return tid;
        }

        /** How many getpid() calls it has made so far. */
        public long calls() {
            return calls.get();
        }

        /** Times the thread was switched out so far: voluntary plus involuntary, from /proc. */
        public long contextSwitches() throws IOException {
            long n = 0;
            for (String line : Files.readAllLines(Path.of("/proc/self/task", Integer.toString(tid), "status"))) {
                if (line.startsWith("voluntary_ctxt_switches:") || line.startsWith("nonvoluntary_ctxt_switches:")) {
                    n += Long.parseLong(line.substring(line.indexOf(':') + 1).strip());
                }
            }
            return n;
        }

        @Override
        public void close() throws InterruptedException {
            running = false;
            thread.join();
        }
    }
}
