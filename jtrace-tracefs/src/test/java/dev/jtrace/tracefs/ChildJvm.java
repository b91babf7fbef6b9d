package dev.jtrace.tracefs;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * A child JVM running {@link ChildSession} on the class path of this test run (module path and
 * class path entries, plus this module's classes), with native access. Children are recorded in
 * {@link SuiteLedger} so the suite's leftover check covers what they create.
 */
final class ChildJvm implements AutoCloseable {
    private final Process process;
    private final BufferedReader out;
    private final Writer in;

    private ChildJvm(Process process) {
        this.process = process;
        this.out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        this.in = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
    }

    static ChildJvm start(String... args) throws IOException {
        String java = ProcessHandle.current().info().command().orElse(System.getProperty("java.home") + "/bin/java");
        List<String> command = new ArrayList<>(List.of(java, "--enable-native-access=ALL-UNNAMED", "-Xmx128m",
                "-XX:TieredStopAtLevel=1", "-cp", classPath(), ChildSession.class.getName()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        SuiteLedger.childStarted(p.pid());
        return new ChildJvm(p);
    }

    private static String classPath() {
        Set<String> entries = new LinkedHashSet<>();
        entries.add(Path.of("target/test-classes").toAbsolutePath().toString());
        entries.add(Path.of("target/classes").toAbsolutePath().toString());
        for (String property : new String[] {"jdk.module.path", "java.class.path"}) {
            String value = System.getProperty(property);
            if (value != null) {
                for (String e : value.split(File.pathSeparator)) {
                    if (!e.isBlank()) {
                        entries.add(e);
                    }
                }
            }
        }
        return String.join(File.pathSeparator, entries);
    }

    long pid() {
        return process.pid();
    }

    /** Reads lines until one starts with {@code prefix}; fails if the child exits or takes longer than 60 s. */
    String awaitLine(String prefix) throws IOException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            String line = out.readLine();
            if (line == null) {
                throw new IllegalStateException("child " + pid() + " ended before printing " + prefix);
            }
            if (line.startsWith(prefix)) {
                return line;
            }
        }
        throw new IllegalStateException("child " + pid() + " did not print " + prefix + " within 60 s");
    }

    void send(String line) throws IOException {
        in.write(line + "\n");
        in.flush();
    }

    void kill() throws InterruptedException {
        process.destroyForcibly(); // SIGKILL on Linux: no shutdown hook runs
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** Sends SIGTERM (the child's shutdown hooks run) and returns its exit status. */
    int terminate() throws InterruptedException {
        process.destroy();
        return waitForExit();
    }

    int waitForExit() throws InterruptedException {
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("child " + pid() + " did not exit within 60 s");
        }
        return process.exitValue();
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroy(); // SIGTERM: the child's shutdown hook cleans up
            try {
                if (!process.waitFor(30, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    process.waitFor(30, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }
}
