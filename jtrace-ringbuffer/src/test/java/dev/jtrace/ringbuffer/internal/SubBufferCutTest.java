package dev.jtrace.ringbuffer.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jtrace.core.MalformedDataException;
import dev.jtrace.traceevent.EventRecord;
import dev.jtrace.traceevent.HeaderPage;
import dev.jtrace.traceevent.PageDecoder;
import java.io.IOException;
import java.io.InputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * Cutting captured sub-buffers at every event boundary: the time walk must agree with
 * jtrace-traceevent's decoder to the nanosecond, and the cut page must decode to exactly the
 * remaining events.
 */
class SubBufferCutTest {

    private static byte[] resource(String path) throws IOException {
        try (InputStream in = SubBufferCutTest.class.getResourceAsStream(path)) {
            return in.readAllBytes();
        }
    }

    /** One decoded event: where it ends in the data area, its time stamp and payload. */
    private record Event(int end, long timestamp, String payload) {
    }

    private static List<Event> decode(PageDecoder decoder, MemorySegment page, HeaderPage header) {
        List<Event> events = new ArrayList<>();
        EventRecord record = new EventRecord();
        decoder.reset(page, "test", 0);
        while (decoder.next(record)) {
            byte[] payload = new byte[record.payloadLength()];
            record.bytes(0, payload, 0, payload.length);
            events.add(new Event(decoder.position() - header.dataOffset(), record.timestamp(),
                    new String(payload, StandardCharsets.ISO_8859_1)));
        }
        return events;
    }

    @ParameterizedTest
    @ValueSource(strings = {"subbuf4k/cpu0.raw", "subbuf4k/cpu1.raw", "subbuf8k/cpu1.raw", "overwritten/cpu0.raw"})
    void shouldCutEveryCapturedPageAtEveryEventBoundaryWithoutChangingAnyTimeStamp(String file) throws IOException {
        String set = file.substring(0, file.indexOf('/'));
        HeaderPage header = HeaderPage.parse(new String(resource("/pages/" + set + "/header_page"),
                StandardCharsets.UTF_8), "header_page");
        byte[] raw = resource("/pages/" + file);
        int size = header.subBufferSize();
        PageDecoder decoder = new PageDecoder(header);
        int boundaries = 0;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment target = arena.allocate(size, 8);
            for (int off = 0; off + size <= raw.length; off += size) {
                MemorySegment page = arena.allocate(size, 8);
                MemorySegment.copy(MemorySegment.ofArray(raw), off, page, 0, size);
                List<Event> events = decode(decoder, page, header);
                int length = decoder.dataLength();
                for (int k = 0; k < events.size(); k++) {
                    Event cutAfter = events.get(k);
                    assertThat(SubBufferCut.timeAfter(page, header, cutAfter.end(), "test"))
                            .as("time after event %d of page at %d", k, off).isEqualTo(cutAfter.timestamp());
                    SubBufferCut.cut(page, header, cutAfter.end(), length, target, "test");
                    List<Event> rest = decode(decoder, target, header);
                    assertThat(rest.stream().map(e -> e.timestamp() + "/" + e.payload()).toList())
                            .containsExactlyElementsOf(events.subList(k + 1, events.size()).stream()
                                    .map(e -> e.timestamp() + "/" + e.payload()).toList());
                    assertThat(decoder.missedEvents()).isFalse();
                    for (long b = header.dataOffset() + length - cutAfter.end(); b < size; b++) {
                        assertThat(target.get(ValueLayout.JAVA_BYTE, b)).isZero();
                    }
                    boundaries++;
                }
            }
        }
        assertThat(boundaries).isGreaterThanOrEqualTo(15);
    }

    @Test
    void shouldWalkThroughTheTimeExtendOfTwoMarkersWrittenFarApart() throws IOException {
        // subbuf4k ends with two markers written 200 ms apart on CPU 0: the second needs a time
        // extend (type_len 30), whose delta the walk must add.
        HeaderPage header = HeaderPage.parse(new String(resource("/pages/subbuf4k/header_page"),
                StandardCharsets.UTF_8), "header_page");
        byte[] raw = resource("/pages/subbuf4k/cpu0.raw");
        int size = header.subBufferSize();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment page = arena.allocate(size, 8);
            MemorySegment.copy(MemorySegment.ofArray(raw), raw.length - size, page, 0, size);
            List<Event> events = decode(new PageDecoder(header), page, header);
            Event last = events.get(events.size() - 1);
            Event before = events.get(events.size() - 2);
            assertThat(last.timestamp() - before.timestamp()).isGreaterThan(1L << 27);
            assertThat(SubBufferCut.timeAfter(page, header, last.end(), "t")).isEqualTo(last.timestamp());
        }
    }

    @Test
    void shouldRefuseAWalkThatEndsInsideAnEventOrBeyondTheData() throws IOException {
        HeaderPage header = HeaderPage.parse(new String(resource("/pages/subbuf4k/header_page"),
                StandardCharsets.UTF_8), "header_page");
        byte[] raw = resource("/pages/subbuf4k/cpu1.raw");
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment page = arena.allocate(header.subBufferSize(), 8);
            MemorySegment.copy(MemorySegment.ofArray(raw), 0, page, 0, header.subBufferSize());
            List<Event> events = decode(new PageDecoder(header), page, header);
            int inside = events.get(2).end() - 4;
            assertThatThrownBy(() -> SubBufferCut.timeAfter(page, header, inside, "cpu1 page 0"))
                    .isInstanceOfSatisfying(MalformedDataException.class, e -> {
                        assertThat(e.source()).isEqualTo("cpu1 page 0");
                        assertThat(e.offset()).isEqualTo(header.dataOffset() + events.get(1).end());
                        assertThat(e.detail()).endsWith("runs past byte " + (header.dataOffset() + inside));
                    });
            assertThatThrownBy(() -> SubBufferCut.timeAfter(page, header, header.dataSize() + 4, "p"))
                    .isInstanceOf(MalformedDataException.class)
                    .hasMessage("p at byte 16: cannot walk 4084 data bytes of a sub-buffer of 4096 bytes");
            MemorySegment target = arena.allocate(header.subBufferSize(), 8);
            assertThatThrownBy(() -> SubBufferCut.cut(page, header, 8, 4, target, "p"))
                    .isInstanceOf(MalformedDataException.class)
                    .hasMessage("p at byte 16: data range [8, 4) is not within the 4080-byte data area");
        }
    }
}
