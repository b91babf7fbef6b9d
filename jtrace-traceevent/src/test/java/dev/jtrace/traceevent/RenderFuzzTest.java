package dev.jtrace.traceevent;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Random payloads of every captured event format (and random lengths, including ones too short for
 * the fields) through {@link EventRenderer}: it must always return, never throw, and never build a
 * line longer than the kernel's trace_seq could hold plus the dump of the record's own fields.
 */
class RenderFuzzTest {
    private static final int RECORDS_PER_FORMAT = 400;

    @Test
    void shouldRenderAnyPayloadWithoutThrowing() throws Exception {
        List<EventFormat> formats = new ArrayList<>();
        int id = 1;
        for (Path file : FormatFixtures.all()) {
            EventFormat f = FormatParser.parse(file.getParent().getParent().getFileName().toString(),
                    java.nio.file.Files.readString(file), file.toString());
            formats.add(f);
            id = Math.max(id, f.id());
        }
        EventRenderer renderer = new EventRenderer(EventFormats.of(formats), new RenderContext(
                KernelSymbols.parse("ffffffff81000000 T _stext\nffffffff81000010 T f\nffffffff82000000 T _etext\n"),
                Map.of(0xffffffff82a00000L, "x=%d s=%s %*d\n"), CommTable.parse("1 init\n", ""), "local", false));
        SplittableRandom random = new SplittableRandom(0x72656E64L);
        MemorySegment page = Arena.ofAuto().allocate(4096);
        EventRecord record = new EventRecord();
        StringBuilder line = new StringBuilder();
        int rendered = 0;
        for (EventFormat f : formats) {
            for (int i = 0; i < RECORDS_PER_FORMAT; i++) {
                int length = random.nextInt(4) == 0 ? random.nextInt(16) : 8 + random.nextInt(512);
                for (int b = 0; b < length; b++) {
                    page.set(ValueLayout.JAVA_BYTE, b, (byte) random.nextInt(256));
                }
                if (length >= 2) {
                    page.set(ValueLayout.JAVA_SHORT_UNALIGNED, 0, (short) f.id());
                }
                line.setLength(0);
                renderer.appendLine(record.wrap(page, 0, length, random.nextLong() >>> 1, random.nextInt(4), "fuzz"),
                        line);
                assertThat(line.length()).as("%s, %d-byte payload", f.name(), length)
                        .isLessThan(4 * 8192 + 64 * length + 4096);
                rendered++;
            }
        }
        assertThat(rendered).isEqualTo(formats.size() * RECORDS_PER_FORMAT);
    }
}
