package dev.jtrace.ringbuffer;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import dev.jtrace.core.TracefsMount;
import dev.jtrace.core.internal.LibC;
import dev.jtrace.core.internal.NativeFd;
import dev.jtrace.core.internal.PerfEventAttr;
import dev.jtrace.traceevent.EventFormat;
import dev.jtrace.traceevent.EventRecord;
import dev.jtrace.traceevent.FormatParser;
import java.io.IOException;
import java.io.InputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A tracepoint opened with perf_event_open for the calling thread, sampling every hit with
 * {@code PERF_SAMPLE_TID | TIME | CPU | RAW}: the test stand-in for jtrace-perf. The workload is
 * {@code ioctl(-1, MAGIC, seq)}: it fails with EBADF, but {@code syscalls:sys_enter_ioctl} has
 * already recorded {@code seq} as the {@code arg} field.
 */
final class PerfTracepoint implements AutoCloseable {
    static final long MAGIC = 0x7a3c;
    private static final int PERF_TYPE_TRACEPOINT = 2;
    private static final long SAMPLE_TID = 1L << 1;
    private static final long SAMPLE_TIME = 1L << 2;
    private static final long SAMPLE_CPU = 1L << 7;
    private static final long SAMPLE_RAW = 1L << 10;
    private static final long FLAG_WRITE_BACKWARD = 1L << 27;
    private static final long IOC_ENABLE = 0x2400;
    private static final long IOC_DISABLE = 0x2401;

    /** Offsets in a sample record with TID | TIME | CPU | RAW (the kernel's order). */
    static final int TID = 12;
    static final int TIME = 16;
    static final int CPU = 24;
    static final int RAW_SIZE = 32;
    static final int RAW = 36;

    final NativeFd fd;
    final EventFormat format;
    final int argOffset;
    final int fdOffset;

    private PerfTracepoint(NativeFd fd, EventFormat format) {
        this.fd = fd;
        this.format = format;
        this.argOffset = format.field("arg").offset();
        this.fdOffset = format.field("fd").offset();
    }

    static PerfTracepoint sysEnterIoctl(boolean backward) throws IOException {
        Path tracefs = TracefsMount.find().orElseThrow();
        Path file = tracefs.resolve("events/syscalls/sys_enter_ioctl/format");
        EventFormat format;
        try (InputStream in = Files.newInputStream(file)) {
            format = FormatParser.parse("syscalls", new String(in.readAllBytes(), StandardCharsets.UTF_8), file.toString());
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment attr = PerfEventAttr.allocate(arena, PERF_TYPE_TRACEPOINT, format.id(),
                    PerfEventAttr.FLAG_DISABLED | (backward ? FLAG_WRITE_BACKWARD : 0));
            attr.set(JAVA_LONG, 16, 1L); // sample_period: every hit
            attr.set(JAVA_LONG, 24, SAMPLE_TID | SAMPLE_TIME | SAMPLE_CPU | SAMPLE_RAW);
            attr.set(JAVA_INT, 48, 1); // wakeup_events
            int fd = LibC.perfEventOpen(attr, 0, -1, -1, PerfEventAttr.PERF_FLAG_FD_CLOEXEC, "syscalls:sys_enter_ioctl");
            return new PerfTracepoint(NativeFd.adopt(fd, "perf syscalls:sys_enter_ioctl"), format);
        }
    }

    void enable() {
        LibC.ioctl(fd.fd(), IOC_ENABLE, 0, "PERF_EVENT_IOC_ENABLE");
    }

    void disable() {
        LibC.ioctl(fd.fd(), IOC_DISABLE, 0, "PERF_EVENT_IOC_DISABLE");
    }

    /** Makes {@code count} sampled syscalls carrying {@code from, from + 1, ...}. */
    static void hit(long from, int count) {
        for (long seq = from; seq < from + count; seq++) {
            LibC.tryIoctl(-1, MAGIC, seq);
        }
    }

    /**
     * Views a sample's raw data as a trace-event record and returns its {@code arg}; -1 for a
     * sample of another ioctl, -2 - count for a {@code PERF_RECORD_LOST}.
     */
    long seq(PerfRecord sample, EventRecord into) {
        if (sample.type() == 2) {
            return -2 - sample.u64(16);
        }
        int rawSize = sample.s32(RAW_SIZE);
        into.wrap(sample.segment(), sample.offset() + RAW, rawSize, sample.u64(TIME), sample.s32(CPU), "perf sample");
        if (into.id() != format.id() || into.u32(fdOffset) != 0xffffffffL) {
            return -1;
        }
        return into.u64(argOffset);
    }

    @Override
    public void close() {
        fd.close();
    }
}
