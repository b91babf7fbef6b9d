package dev.jtrace.tracedat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jtrace.core.FacilityUnavailableException;
import dev.jtrace.core.internal.LibZstd;
import dev.jtrace.tracedat.internal.ZstdSupport;
import dev.jtrace.tracedat.probe.ZstdProbeMain;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * zstd is an optional dependency: with it, on the class path or the module path, zstd files read;
 * without it, opening one (or writing one) fails with an exception that names the missing library.
 */
class ZstdAvailabilityTest {
    @TempDir
    Path temp;

    @Test
    void shouldNameTheMissingLibraryWhenZstdIsUnavailable() throws Exception {
        Path zstd = Fixture.write(temp.resolve("z.dat"), TraceDatFormat.V7_ZSTD, Fixture.load("markers-8k"));
        Path plain = Fixture.write(temp.resolve("p.dat"), TraceDatFormat.V7, Fixture.load("markers-8k"));
        System.setProperty(ZstdSupport.DISABLE_PROPERTY, "true");
        try {
            assertThatThrownBy(() -> TraceDatFile.open(zstd)).isInstanceOf(FacilityUnavailableException.class)
                    .hasMessageContaining(zstd.toString()).hasMessageContaining("zstd-compressed")
                    .hasMessageContaining("io.airlift:aircompressor-v3");
            assertThatThrownBy(() -> TraceDatWriter.create(temp.resolve("w.dat"), TraceDatFormat.V7_ZSTD,
                    Fixture.load("markers-8k").metadata().build())).isInstanceOf(FacilityUnavailableException.class)
                    .hasMessageContaining("io.airlift:aircompressor-v3");
            try (TraceDatFile f = TraceDatFile.open(plain)) {
                assertThat(f.compression()).isEqualTo("none");
            }
        } finally {
            System.clearProperty(ZstdSupport.DISABLE_PROPERTY);
        }
        try (TraceDatFile f = TraceDatFile.open(zstd)) {
            assertThat(f.compression()).isEqualTo("zstd");
        }
    }

    @Test
    void shouldReadZstdWithJtraceAndAircompressorOnTheModulePath() throws Exception {
        Path zstd = Fixture.write(temp.resolve("z.dat"), TraceDatFormat.V7_ZSTD, Fixture.load("sched-4k"));
        String out = child(zstd, true, "-D" + ZstdSupport.IMPLEMENTATION_PROPERTY + "=java");
        assertThat(out).startsWith("module dev.jtrace.tracedat records ").doesNotContain("failed");
        assertThat(Integer.parseInt(out.substring(out.lastIndexOf(' ') + 1).strip()))
                .isEqualTo(Fixture.load("sched-4k").records("").size());
    }

    @Test
    void shouldNameTheLibraryWhenItIsAbsentFromTheModulePath() throws Exception {
        Path zstd = Fixture.write(temp.resolve("z.dat"), TraceDatFormat.V7_ZSTD, Fixture.load("markers-8k"));
        assertThat(child(zstd, false, "-D" + ZstdSupport.IMPLEMENTATION_PROPERTY + "=java"))
                .startsWith("failed dev.jtrace.core.FacilityUnavailableException")
                .contains("io.airlift:aircompressor-v3").contains("--add-modules aircompressor.v3,jdk.unsupported");
    }

    @Test
    void shouldReadZstdThroughTheSystemLibraryWithoutAircompressor() throws Exception {
        Path zstd = Fixture.write(temp.resolve("z.dat"), TraceDatFormat.V7_ZSTD, Fixture.load("sched-4k"));
        String out = child(zstd, false, "-D" + ZstdSupport.IMPLEMENTATION_PROPERTY + "=native");
        if (LibZstd.unavailableReason() != null) { // no libzstd.so.1 here: the error names both ways
            assertThat(out).startsWith("failed dev.jtrace.core.FacilityUnavailableException")
                    .contains(LibZstd.SONAME);
            return;
        }
        assertThat(out).startsWith("module dev.jtrace.tracedat records ").doesNotContain("failed");
        assertThat(Integer.parseInt(out.substring(out.lastIndexOf(' ') + 1).strip()))
                .isEqualTo(Fixture.load("sched-4k").records("").size());
    }

    /** Runs ZstdProbeMain with jtrace's modules (and aircompressor, if asked) on the module path. */
    private static String child(Path file, boolean withAircompressor, String property) throws Exception {
        List<String> modules = new ArrayList<>();
        for (String entry : path("jdk.module.path")) {
            if (entry.contains("jtrace")) {
                modules.add(entry);
            }
        }
        String air = Arrays.stream(path("java.class.path")).filter(e -> e.contains("aircompressor")).findFirst()
                .orElseThrow(() -> new IllegalStateException("aircompressor is not on the test class path"));
        String testClasses = Path.of(ZstdProbeMain.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                .toString();
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--sun-misc-unsafe-memory-access=allow", "--enable-native-access=dev.jtrace.core", property));
        if (withAircompressor) {
            modules.add(air);
            cmd.addAll(List.of("--add-modules", "dev.jtrace.tracedat,aircompressor.v3,jdk.unsupported"));
        } else {
            cmd.addAll(List.of("--add-modules", "dev.jtrace.tracedat"));
        }
        cmd.addAll(List.of("--module-path", String.join(File.pathSeparator, modules), "-cp", testClasses,
                ZstdProbeMain.class.getName(), file.toString()));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return out.strip();
    }

    private static String[] path(String property) {
        String v = System.getProperty(property, "");
        return v.isEmpty() ? new String[0] : v.split(File.pathSeparator);
    }
}
