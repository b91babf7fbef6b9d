package dev.jtrace.tracedat;

import static org.junit.jupiter.api.Assertions.fail;

import dev.jtrace.core.testing.KernelTests;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Runs Debian's {@code trace-cmd} (the oracle). Missing, it skips the test, or fails it when kernel
 * tests are required ({@code CI=true}): .ci/run installs it.
 */
final class TraceCmd {
    private static final long TIMEOUT_S = 120;

    private TraceCmd() {
    }

    /** The trace-cmd executable; skips or fails the test when there is none. */
    static Path require() {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
            Path p = Path.of(dir, "trace-cmd");
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        String why = "trace-cmd is not installed (Debian package trace-cmd; .ci/run installs it)";
        if (KernelTests.kernelRequired()) {
            fail(why + ", and kernel tests are required (CI=true)");
        }
        Assumptions.abort(why);
        throw new AssertionError();
    }

    /** Runs trace-cmd with arguments; returns stdout, fails with stderr on a non-zero exit. */
    static String run(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(require().toString());
        cmd.addAll(List.of(args));
        Path err = Files.createTempFile("trace-cmd", ".err");
        try {
            Process p = new ProcessBuilder(cmd).redirectError(err.toFile()).start();
            p.getOutputStream().close();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(TIMEOUT_S, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException(cmd + " timed out");
            }
            if (p.exitValue() != 0) {
                throw new IOException(cmd + " exited with " + p.exitValue() + ": "
                        + Files.readString(err, StandardCharsets.ISO_8859_1));
            }
            return new String(out, StandardCharsets.UTF_8);
        } finally {
            Files.deleteIfExists(err);
        }
    }

    /**
     * Extracts instances into a file. {@code -k} keeps trace-cmd from resetting the top-level
     * buffer and deleting the instances it did not create; with it, extract also never writes
     * {@code /proc/sys/kernel/ftrace_enabled}, so no stand-in for that file is needed.
     */
    static void extract(Path out, List<String> instances, String... extra) throws IOException, InterruptedException {
        List<String> args = new ArrayList<>(List.of("extract", "-k", "--quiet"));
        for (String i : instances) {
            args.add("-B");
            args.add(i);
        }
        args.addAll(List.of(extra));
        args.add("-o");
        args.add(out.toString());
        run(args.toArray(new String[0]));
    }

    /** Converts a file to another version or compression. */
    static void convert(Path in, Path out, String... extra) throws IOException, InterruptedException {
        List<String> args = new ArrayList<>(List.of("convert", "-i", in.toString()));
        args.addAll(List.of(extra));
        args.add("-o");
        args.add(out.toString());
        run(args.toArray(new String[0]));
    }

    /** The lines of {@code trace-cmd report} of a file with extra flags, without the "cpus=" line. */
    static List<String> report(Path file, String... flags) throws IOException, InterruptedException {
        List<String> args = new ArrayList<>(List.of("report", "-i", file.toString()));
        args.addAll(List.of(flags));
        String text = run(args.toArray(new String[0]));
        List<String> lines = new ArrayList<>(List.of(text.split("\n", -1)));
        if (!lines.isEmpty() && lines.getLast().isEmpty()) {
            lines.removeLast();
        }
        return lines;
    }
}
