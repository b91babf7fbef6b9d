package dev.jtrace.traceevent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jtrace.core.KernelFacility;
import dev.jtrace.core.TracefsMount;
import dev.jtrace.core.testing.RequiresKernel;
import dev.jtrace.traceevent.printfmt.Conversion;
import dev.jtrace.traceevent.printfmt.Expr;
import dev.jtrace.traceevent.printfmt.Segment;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Loads every format file of the running kernel, through a tracefs instance of its own, and checks
 * the result against facts read straight from the files.
 */
@RequiresKernel(KernelFacility.TRACEFS_MOUNTED)
class EventFormatsKernelTest {
    private static final Path TRACEFS = TracefsMount.find().orElse(TracefsMount.DEFAULT_PATH);

    @Test
    void shouldParseEveryFormatAndPrintFmtOfTheRunningKernel() throws IOException {
        Path instance = TRACEFS.resolve("instances/jtrace-test-" + ProcessHandle.current().pid() + "-formats");
        Files.createDirectory(instance);
        try {
            EventFormats top = EventFormats.load(TRACEFS.resolve("events"));
            EventFormats inInstance = EventFormats.load(instance.resolve("events"));

            assertThat(top.failures()).as("format files that failed to load").isEmpty();
            long formatFiles = countFormatFiles(TRACEFS.resolve("events"));
            assertThat(top.size()).isEqualTo(formatFiles).isGreaterThan(1000);
            assertThat(inInstance.failures()).isEmpty();
            assertThat(inInstance.size()).isEqualTo(top.size());

            List<String> printFmtProblems = new ArrayList<>();
            for (EventFormat e : top.all()) {
                if (e.printFmtError() != null) {
                    printFmtProblems.add(e.printFmtError());
                }
                for (Expr arg : e.printFmt().args()) {
                    if (arg instanceof Expr.Raw raw && !raw.isStatementExpression()) {
                        printFmtProblems.add(e + ": raw argument " + raw.text());
                    }
                }
                int needed = 0;
                for (Segment s : e.printFmt().segments()) {
                    if (s instanceof Conversion c) {
                        needed += c.argumentCount();
                    }
                }
                if (needed != e.printFmt().args().size()) {
                    printFmtProblems.add(e + ": " + needed + " conversions need arguments but there are "
                            + e.printFmt().args().size());
                }
                assertThat(inInstance.byId(e.id())).as("instance copy of %s", e).isNotNull()
                        .extracting(EventFormat::name).isEqualTo(e.name());
            }
            assertThat(printFmtProblems).as("print fmt parse problems").isEmpty();
        } finally {
            // Nothing was enabled; tracing_on is switched off anyway, as for every test instance.
            Files.writeString(instance.resolve("tracing_on"), "0");
            Files.delete(instance);
        }
        assertThat(instance).doesNotExist();
    }

    @Test
    void shouldMatchTheLiveSchedSwitchFormatFileExactly() throws IOException {
        EventFormats formats = EventFormats.load(TRACEFS.resolve("events"));
        Path dir = TRACEFS.resolve("events/sched/sched_switch");
        int id = Integer.parseInt(Files.readString(dir.resolve("id")).strip());
        String text = Files.readString(dir.resolve("format"), StandardCharsets.ISO_8859_1);

        EventFormat sw = formats.find("sched", "sched_switch");
        assertThat(sw.id()).isEqualTo(id);
        assertThat(formats.byId(id)).isSameAs(sw);
        assertThat(sw.source()).isEqualTo(dir.resolve("format").toString());
        assertThat(sw.commonFields()).extracting(FieldFormat::name, FieldFormat::offset, FieldFormat::size)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("common_type", 0, 2),
                        org.assertj.core.groups.Tuple.tuple("common_flags", 2, 1),
                        org.assertj.core.groups.Tuple.tuple("common_preempt_count", 3, 1),
                        org.assertj.core.groups.Tuple.tuple("common_pid", 4, 4));
        FieldFormat prevComm = sw.field("prev_comm");
        assertThat(prevComm.cType()).isEqualTo("char[16]");
        assertThat(prevComm.offset()).isEqualTo(attribute(text, "prev_comm[16];", "offset"));
        assertThat(prevComm.size()).isEqualTo(attribute(text, "prev_comm[16];", "size")).isEqualTo(16);
        assertThat(prevComm.isString()).isTrue();
        assertThat(prevComm.arrayLength()).isEqualTo(16);
        assertThat(sw.field("next_pid").offset()).isEqualTo(attribute(text, "next_pid;", "offset"));
        assertThat(sw.printFmtText()).isEqualTo(text.substring(text.indexOf("print fmt: ") + 11).strip());
    }

    @Test
    void shouldLoadTheFtraceInternalFormats() throws IOException {
        EventFormats formats = EventFormats.load(TRACEFS.resolve("events"));
        for (String name : List.of("print", "bprint", "bputs", "function", "kernel_stack", "raw_data")) {
            // ftrace-internal events have no id file, only format: take the ID line by plain search.
            String text = Files.readString(TRACEFS.resolve("events/ftrace").resolve(name).resolve("format"));
            int at = text.indexOf("\nID: ") + 5;
            int id = Integer.parseInt(text.substring(at, text.indexOf('\n', at)));
            EventFormat f = formats.find("ftrace", name);
            assertThat(f).as(name).isNotNull();
            assertThat(f.id()).as(name).isEqualTo(id);
            assertThat(f.printFmtError()).as(name).isNull();
        }
        FieldFormat buf = formats.find("ftrace", "print").field("buf");
        assertThat(buf.isFlexibleArray()).isTrue();
        assertThat(buf.isString()).isTrue();
        assertThat(buf.size()).isZero();
    }

    /** Reads e.g. "offset" from the field line containing {@code marker}, by plain string search. */
    private static int attribute(String text, String marker, String key) {
        int line = text.indexOf(marker);
        int at = text.indexOf(key + ":", line) + key.length() + 1;
        return Integer.parseInt(text.substring(at, text.indexOf(';', at)));
    }

    private static long countFormatFiles(Path events) throws IOException {
        try (var files = Files.walk(events, 3)) {
            return files.filter(p -> p.getFileName().toString().equals("format")).count();
        }
    }
}
