package dev.jtrace.traceevent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jtrace.core.JtraceException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The registry over the captured fixtures, and its failure collection. */
class EventFormatsTest {

    @Test
    void shouldLoadEveryCapturedFixtureAndFindItByIdAndName() {
        EventFormats formats = EventFormats.load(FormatFixtures.DIR);
        assertThat(formats.failures()).isEmpty();
        assertThat(formats.size()).isEqualTo(FormatFixtures.all().size()).isEqualTo(formats.all().size());
        for (EventFormat f : formats.all()) {
            assertThat(formats.byId(f.id())).isSameAs(f);
            assertThat(formats.find(f.system(), f.name())).isSameAs(f);
        }
        EventFormat sw = formats.find("sched", "sched_switch");
        assertThat(sw.source()).isEqualTo(FormatFixtures.file("sched", "sched_switch").toString());
        assertThat(formats.find("sched", "no_such_event")).isNull();
        assertThat(formats.find("ftrace", "print").id()).isEqualTo(5);
        assertThat(formats.byId(-1)).isNull();
        assertThat(formats.byId(65_535)).isNull();
        assertThat(formats.byId(Integer.MAX_VALUE)).isNull();
        assertThat(formats.all()).extracting(EventFormat::system).isSorted();
    }

    @Test
    void shouldCollectAFileThatDoesNotParseAndLoadTheOthers(@TempDir Path events) throws IOException {
        copy("sched", "sched_switch", events);
        copy("irq", "irq_handler_entry", events);
        Path broken = events.resolve("irq/broken/format");
        Files.createDirectories(broken.getParent());
        Files.writeString(broken, "name: broken\nID: x\n");
        Files.createDirectories(events.resolve("irq/unreadable")); // an event directory without a format file
        Files.writeString(events.resolve("header_page"), "not a directory, skipped");

        EventFormats formats = EventFormats.load(events);
        assertThat(formats.size()).isEqualTo(2);
        assertThat(formats.failures()).hasSize(2);
        assertThat(formats.failures().get(0).path()).isEqualTo(broken);
        assertThat(formats.failures().get(0).message()).isEqualTo(
                broken + " at byte 17: bad ID 'x': expected a non-negative decimal number");
        assertThat(formats.failures().get(1).path()).isEqualTo(events.resolve("irq/unreadable/format"));
        assertThat(formats.failures().get(1).message()).startsWith("cannot read: java.nio.file.NoSuchFileException");
    }

    @Test
    void shouldReportDuplicateIdsWhenLoadingAndRefuseThemInOf(@TempDir Path events) throws IOException {
        copy("sched", "sched_switch", events);
        Path twin = events.resolve("sched/sched_twin/format");
        Files.createDirectories(twin.getParent());
        Files.writeString(twin, FormatFixtures.text("sched", "sched_switch").replace("name: sched_switch", "name: sched_twin"));
        EventFormats formats = EventFormats.load(events);
        int id = formats.find("sched", "sched_switch").id();
        assertThat(formats.size()).isEqualTo(1);
        assertThat(formats.failures()).singleElement().satisfies(f -> {
            assertThat(f.path()).isEqualTo(twin);
            assertThat(f.message()).isEqualTo("id " + id + " is also the id of sched:sched_switch (id " + id + ")");
        });

        EventFormat a = FormatFixtures.parse("sched", "sched_switch");
        assertThatThrownBy(() -> EventFormats.of(List.of(a, a))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("id " + a.id() + " is also the id of sched:sched_switch");
    }

    @Test
    void shouldBuildARegistryFromGivenFormats() {
        List<EventFormat> list = new ArrayList<>();
        list.add(FormatFixtures.parse("ftrace", "print"));
        list.add(FormatFixtures.parse("sched", "sched_wakeup"));
        EventFormats formats = EventFormats.of(list);
        list.clear();
        assertThat(formats.size()).isEqualTo(2);
        assertThat(formats.all()).extracting(EventFormat::name).containsExactly("print", "sched_wakeup");
        assertThat(formats.byId(5).name()).isEqualTo("print");
        assertThat(EventFormats.of(List.of()).byId(0)).isNull();
    }

    @Test
    void shouldRefuseIdsAboveSixteenBits() {
        String text = FormatFixtures.text("ftrace", "print").replace("ID: 5\n", "ID: 65536\n");
        EventFormat big = FormatParser.parse("ftrace", text, "big");
        assertThatThrownBy(() -> EventFormats.of(List.of(big))).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("ftrace:print (id 65536): id above 65535");
    }

    @Test
    void shouldFailClearlyWhenTheEventsDirectoryIsMissing(@TempDir Path dir) {
        assertThatThrownBy(() -> EventFormats.load(dir.resolve("nope")))
                .isInstanceOf(JtraceException.class)
                .hasMessageStartingWith("cannot list trace event directory " + dir.resolve("nope"));
    }

    private static void copy(String system, String event, Path events) throws IOException {
        Path target = events.resolve(system).resolve(event).resolve("format");
        Files.createDirectories(target.getParent());
        Files.copy(FormatFixtures.file(system, event), target);
    }
}
