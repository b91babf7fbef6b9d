package dev.jtrace.core;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ExceptionsTest {

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource({
        "1, EPERM, Operation not permitted",
        "2, ENOENT, No such file or directory",
        "9, EBADF, Bad file descriptor",
        "13, EACCES, Permission denied",
        "16, EBUSY, Device or resource busy",
        "22, EINVAL, Invalid argument",
        "95, EOPNOTSUPP, Operation not supported",
        "133, EHWPOISON, Memory page has hardware error",
        "524, ENOTSUPP, Operation is not supported",
    })
    void shouldNameAndDescribeErrnoValues(int errno, String name, String text) {
        assertThat(Errno.name(errno)).isEqualTo(name);
        assertThat(Errno.describe(errno)).isEqualTo(text);
    }

    @Test
    void shouldNameUnknownErrnoByNumber() {
        assertThat(Errno.name(4242)).isEqualTo("errno 4242");
        assertThat(Errno.name(0)).isEqualTo("errno 0");
        assertThat(Errno.name(-3)).isEqualTo("errno -3");
    }

    @Test
    void shouldComposeKernelCallMessagesFromTheirParts() {
        KernelCallException e = new KernelCallException("write", "/sys/kernel/tracing/current_tracer", Errno.EPERM);
        assertThat(e).hasMessage("write /sys/kernel/tracing/current_tracer failed: EPERM (Operation not permitted)");
        assertThat(e.errno()).isEqualTo(1);
        assertThat(e.errnoName()).isEqualTo("EPERM");
        assertThat(e.errnoText()).isEqualTo("Operation not permitted");
        assertThat(e.errorLogLine()).isEmpty();

        KernelCallException logged = new KernelCallException("write", "events/sched/sched_switch/filter",
                Errno.EINVAL, "[ 12.3] event filter parse error: error: Field not found");
        assertThat(logged).hasMessageEndingWith("; kernel error_log: [ 12.3] event filter parse error: error: Field not found");
        assertThat(logged.errorLogLine()).contains("[ 12.3] event filter parse error: error: Field not found");
    }

    @Test
    void shouldNameSourceAndOffsetOfMalformedData() {
        MalformedDataException e = new MalformedDataException("cpu1 page 3", 4088, "event runs past the page end");
        assertThat(e).hasMessage("cpu1 page 3 at byte 4088: event runs past the page end");
        assertThat(new MalformedDataException("format", MalformedDataException.UNKNOWN_OFFSET, "empty"))
                .hasMessage("format: empty");
    }

    @Test
    void shouldSayWhichFacilityIsMissingAndWhy() {
        FacilityUnavailableException e = new FacilityUnavailableException("function tracer", "refused (EPERM)");
        assertThat(e).hasMessage("function tracer is not available: refused (EPERM)").isInstanceOf(JtraceException.class);
        assertThat(new ResourceClosedException("trace_pipe_raw cpu0")).hasMessage("trace_pipe_raw cpu0 is closed");
    }
}
