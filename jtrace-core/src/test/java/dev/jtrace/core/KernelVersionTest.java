package dev.jtrace.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class KernelVersionTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "6.18.44-fc-v595, 6, 18, 44",
        "6.1.0-18-amd64, 6, 1, 0",
        "6.10.0-rc3, 6, 10, 0",
        "5.15, 5, 15, 0",
        "4.19.325+, 4, 19, 325",
        "6.8.0-1012-aws, 6, 8, 0",
    })
    void shouldParseReleaseStrings(String release, int major, int minor, int patch) {
        KernelVersion v = KernelVersion.parse(release);
        assertThat(v.major()).isEqualTo(major);
        assertThat(v.minor()).isEqualTo(minor);
        assertThat(v.patch()).isEqualTo(patch);
        assertThat(v.release()).isEqualTo(release.strip());
    }

    @ParameterizedTest(name = "\"{0}\"")
    @CsvSource(delimiter = '|', value = {
        "''|0|expected the major version number",
        "abc|0|expected the major version number",
        "6|1|expected '.' after the major version number",
        "6.|2|expected the minor version number",
        "6-rc1|1|expected '.' after the major version number",
        "٦.١٠|0|expected the major version number",
        "6.1234567890|2|version number has more than 9 digits",
    })
    void shouldRejectMalformedReleases(String release, long offset, String detail) {
        assertThatThrownBy(() -> KernelVersion.parse(release))
                .isInstanceOfSatisfying(MalformedDataException.class, e -> {
                    assertThat(e.offset()).isEqualTo(offset);
                    assertThat(e.detail()).isEqualTo(detail);
                });
    }

    @Test
    void shouldIgnoreTheTrailingNewlineOfProcFiles() {
        assertThat(KernelVersion.parse("6.8.0-1012-aws\n").release()).isEqualTo("6.8.0-1012-aws");
    }

    @Test
    void shouldCompareByNumbers() {
        assertThat(KernelVersion.parse("6.10.0")).isGreaterThan(KernelVersion.parse("6.9.12"));
        assertThat(KernelVersion.parse("6.1.2")).isLessThan(KernelVersion.parse("6.1.10"));
        assertThat(KernelVersion.parse("6.1.0-18-amd64")).isEqualTo(KernelVersion.parse("6.1.0-20-amd64"))
                .hasSameHashCodeAs(KernelVersion.of(6, 1, 0));
        assertThat(KernelVersion.parse("6.10.0-rc1").atLeast(6, 10)).isTrue();
        assertThat(KernelVersion.parse("6.9.99").atLeast(6, 10)).isFalse();
        assertThat(KernelVersion.parse("7.0").atLeast(6, 10)).isTrue();
        assertThat(KernelVersion.parse("5.19").atLeast(6, 0)).isFalse();
    }

    @Test
    void shouldReadTheRunningKernelThroughUname() throws Exception {
        String osrelease = Files.readString(Path.of("/proc/sys/kernel/osrelease")).strip();
        assertThat(KernelVersion.current().release()).isEqualTo(osrelease);
        assertThat(KernelVersion.current()).isEqualTo(KernelVersion.parse(osrelease));
    }
}
