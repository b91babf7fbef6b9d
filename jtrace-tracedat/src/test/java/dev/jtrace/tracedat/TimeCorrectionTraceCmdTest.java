package dev.jtrace.tracedat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jtrace.tracedat.internal.TraceDatLayout;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The options that move time stamps (DATE, OFFSET, TSC2NSEC, TIME_SHIFT) and the informational
 * ones (TRACEID, GUEST, an unknown id): a v7 file gets a second options section holding them, and
 * jtrace must report every record at the time {@code trace-cmd report -t} does, in the same order.
 */
class TimeCorrectionTraceCmdTest {
    @TempDir
    Path temp;

    @Test
    void shouldCorrectTimeStampsAsTraceCmdDoes() throws Exception {
        TraceCmd.require();
        Fixture sched = Fixture.load("sched-4k");
        byte[] base = Files.readAllBytes(Fixture.write(temp.resolve("base.dat"), TraceDatFormat.V7, sched,
                Fixture.load("markers-8k")));
        List<String> records = sched.records("");
        long first = Long.parseLong(records.getFirst().substring(0, 20));
        long last = Long.parseLong(records.getLast().substring(0, 20));

        ByteArrayOutputStream o = new ByteArrayOutputStream();
        option(o, TraceDatLayout.OPTION_OFFSET, text("1000000000"));
        option(o, TraceDatLayout.OPTION_DATE, text("0x10"));
        option(o, TraceDatLayout.OPTION_TSC2NSEC, le(4, 3, 4, 1, 8, 0));
        ByteArrayOutputStream shift = new ByteArrayOutputStream();
        shift.writeBytes(le(8, 7, 4, TraceDatOptions.TimeShift.FLAG_INTERPOLATE, 4, 2));
        for (int cpu = 0; cpu < 2; cpu++) {
            shift.writeBytes(le(4, 3, 8, last, 8, first, 8, (first + last) / 2)); // unsorted on purpose
            shift.writeBytes(le(8, 5000 + cpu, 8, 1000, 8, -3000));
            shift.writeBytes(le(8, 1, 8, 1, 8, 1));
        }
        for (int cpu = 0; cpu < 2; cpu++) {
            shift.writeBytes(le(8, 0, 8, 0, 8, 0));
        }
        option(o, TraceDatLayout.OPTION_TIME_SHIFT, shift.toByteArray());
        option(o, TraceDatLayout.OPTION_TRACEID, le(8, 0x1234));
        ByteArrayOutputStream guest = new ByteArrayOutputStream();
        guest.writeBytes(text("guest1"));
        guest.writeBytes(le(8, 0x5678, 4, 2, 4, 1, 4, 222, 4, 0, 4, 111));
        option(o, TraceDatLayout.OPTION_GUEST, guest.toByteArray());
        option(o, 99, le(4, 0));
        Path file = Files.write(temp.resolve("shifted.dat"), appendOptions(base, o.toByteArray()));

        List<RawReport> report = RawReport.parse(TraceCmd.report(file, "-R", "-t"), "markers-8k".length());
        List<String> want = new ArrayList<>();
        for (RawReport r : report) {
            want.add(r.buffer() + " cpu" + r.cpu() + " " + r.timestamp());
        }
        List<String> got = new ArrayList<>();
        try (TraceDatFile f = TraceDatFile.open(file)) {
            TraceDatOptions opt = f.options();
            assertThat(opt.timeOffset()).isEqualTo(1_000_016_000L);
            assertThat(opt.tsc2nsec()).isEqualTo(new TraceDatOptions.Tsc2Nsec(3, 1, 0));
            assertThat(opt.traceId()).hasValue(0x1234);
            assertThat(opt.guests()).containsExactly(new TraceDatOptions.Guest("guest1", 0x5678, List.of(111, 222)));
            assertThat(opt.timeShift().cpus().getFirst().times()).containsExactly(first, (first + last) / 2, last);
            assertThat(opt.timeShift().cpus().getFirst().offsets()).containsExactly(1000, -3000, 5000);
            assertThat(opt.unknownIds()).containsExactly(99);
            RecordCursor c = f.cursor();
            while (c.next()) {
                got.add(c.buffer().name() + " cpu" + c.cpu() + " " + c.timestamp());
                // Without synchronisation (instances): (raw * 3 >> 1) + offset; the top buffer also moves.
                long scaled = (c.record().timestamp() * 3 >>> 1) + 1_000_016_000L;
                if (c.buffer().name().isEmpty()) {
                    assertThat(c.timestamp()).isNotEqualTo(scaled);
                } else {
                    assertThat(c.timestamp()).isEqualTo(scaled);
                }
            }
        }
        assertThat(got).hasSize(records.size() + Fixture.load("markers-8k").records("m").size());
        assertThat(got).isEqualTo(want);
    }

    /** Chains a second options section holding {@code body} after the file's own. */
    private static byte[] appendOptions(byte[] file, byte[] body) {
        FileSurgery s = new FileSurgery(file.clone());
        int done = s.option(TraceDatLayout.OPTION_DONE);
        s.u64(done, file.length);
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        o.writeBytes(s.bytes);
        o.writeBytes(le(2, 0, 2, 0, 4, -1, 8, body.length + 14));
        o.writeBytes(body);
        option(o, TraceDatLayout.OPTION_DONE, le(8, 0));
        return o.toByteArray();
    }

    private static void option(ByteArrayOutputStream o, int id, byte[] data) {
        o.writeBytes(le(2, id, 4, data.length));
        o.writeBytes(data);
    }

    private static byte[] text(String s) {
        return (s + '\0').getBytes(StandardCharsets.ISO_8859_1);
    }

    /** Little-endian numbers given as (size, value) pairs. */
    private static byte[] le(long... sizeValue) {
        ByteBuffer b = ByteBuffer.allocate(64 * sizeValue.length).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < sizeValue.length; i += 2) {
            switch ((int) sizeValue[i]) {
                case 2 -> b.putShort((short) sizeValue[i + 1]);
                case 4 -> b.putInt((int) sizeValue[i + 1]);
                default -> b.putLong(sizeValue[i + 1]);
            }
        }
        return java.util.Arrays.copyOf(b.array(), b.position());
    }
}
