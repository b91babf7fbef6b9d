package dev.jtrace.core;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TracefsMountTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "/sys/kernel/tracing|/sys/kernel/tracing",
        "/mnt/with\\040space|/mnt/with space",
        "/a\\134b|/a\\b",
        "/tab\\011x|/tab\tx",
        "/short\\04|/short\\04",
        "/not\\999octal|/not\\999octal",
    })
    void shouldUnescapeProcMountsFields(String field, String path) {
        assertThat(TracefsMount.unescape(field)).isEqualTo(path);
    }
}
