package dev.jtrace.tracefs;

import dev.jtrace.core.internal.LibC;
import dev.jtrace.traceevent.EventFormat;
import dev.jtrace.traceevent.EventRecord;
import dev.jtrace.traceevent.FieldFormat;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

/** Names and small helpers shared by the kernel tests of this module. */
final class TestSupport {
    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    private TestSupport() {
    }

    /** A fresh instance name of the test pattern: {@code jtrace-test-<pid>-<what>-<n>}. */
    static String testName(String what) {
        return "jtrace-test-" + ProcessHandle.current().pid() + "-" + what + "-" + SEQUENCE.incrementAndGet();
    }

    static Tracefs tracefs() {
        return Tracefs.open();
    }

    static int tid() {
        return LibC.gettid();
    }

    /** Reads a signed integer field of a record by the field's name in its format. */
    static long number(EventFormat format, EventRecord record, String field) {
        FieldFormat f = format.field(field);
        return switch (f.size()) {
            case 1 -> f.isSigned() ? record.s8(f.offset()) : record.u8(f.offset());
            case 2 -> f.isSigned() ? record.s16(f.offset()) : record.u16(f.offset());
            case 4 -> f.isSigned() ? record.s32(f.offset()) : record.u32(f.offset());
            default -> record.s64(f.offset());
        };
    }

    /** The text of an ftrace:print record (a trace_marker write), without the trailing newline the kernel may add. */
    static String markerText(EventFormat print, EventRecord record) {
        FieldFormat buf = print.field("buf");
        String s = record.cString(buf.offset(), record.payloadLength() - buf.offset());
        return s.endsWith("\n") ? s.substring(0, s.length() - 1) : s;
    }

    /** The comm of a thread as the kernel reports it. */
    static String comm(int tid) throws Exception {
        return Files.readString(Path.of("/proc/self/task/" + tid + "/comm"), StandardCharsets.UTF_8).strip();
    }
}
