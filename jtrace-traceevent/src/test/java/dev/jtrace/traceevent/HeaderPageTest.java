package dev.jtrace.traceevent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jtrace.core.KernelFacility;
import dev.jtrace.core.MalformedDataException;
import dev.jtrace.core.TracefsMount;
import dev.jtrace.core.testing.RequiresKernel;
import dev.jtrace.traceevent.internal.RecordHeader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class HeaderPageTest {
    private static final String X86_64_4K = """
            \tfield: u64 timestamp;\toffset:0;\tsize:8;\tsigned:0;
            \tfield: local_t commit;\toffset:8;\tsize:8;\tsigned:1;
            \tfield: int overwrite;\toffset:8;\tsize:1;\tsigned:1;
            \tfield: char data;\toffset:16;\tsize:4080;\tsigned:0;
            """;

    private static String resource(String path) throws IOException {
        try (InputStream in = HeaderPageTest.class.getResourceAsStream(path)) {
            assertThat(in).as(path).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void shouldParseTheCapturedHeaderPageOfFourKibSubBuffers() throws IOException {
        HeaderPage page = HeaderPage.parse(resource("/pages/subbuf4k/header_page"), "subbuf4k");

        assertThat(page).isEqualTo(HeaderPage.of(0, 8, 8, 16, 4080));
        assertThat(page.timestampOffset()).isZero();
        assertThat(page.commitOffset()).isEqualTo(8);
        assertThat(page.commitSize()).isEqualTo(8);
        assertThat(page.dataOffset()).isEqualTo(16);
        assertThat(page.dataSize()).isEqualTo(4080);
        assertThat(page.subBufferSize()).isEqualTo(4096);
    }

    @Test
    void shouldFollowTheDataSizeOfLargerSubBuffers() throws IOException {
        HeaderPage page = HeaderPage.parse(resource("/pages/subbuf8k/header_page"), "subbuf8k");

        assertThat(page.subBufferSize()).isEqualTo(8192);
        assertThat(page.dataSize()).isEqualTo(8176);
    }

    @Test
    void shouldParseAThirtyTwoBitLayout() {
        HeaderPage page = HeaderPage.parse(X86_64_4K.replace("size:8;\tsigned:1", "size:4;\tsigned:1")
                .replace("offset:16;\tsize:4080", "offset:12;\tsize:4084"), "32-bit");

        assertThat(page).isEqualTo(HeaderPage.of(0, 8, 4, 12, 4084));
        assertThat(page.subBufferSize()).isEqualTo(4096);
    }

    @Test
    void shouldAcceptTheCapturedHeaderEvent() throws IOException {
        RecordHeader.checkHeaderEvent(resource("/pages/subbuf4k/header_event"), "header_event");
    }

    @Test
    void shouldRejectAHeaderEventWithOtherTypeNumbers() throws IOException {
        String text = resource("/pages/subbuf4k/header_event").replace("type == 30", "type == 29");

        assertThatThrownBy(() -> RecordHeader.checkHeaderEvent(text, "header_event"))
                .isInstanceOf(MalformedDataException.class).hasMessageStartingWith("header_event: unexpected");
    }

    @Test
    void shouldRejectAMissingDataField() {
        String text = X86_64_4K.substring(0, X86_64_4K.indexOf("\tfield: char data"));

        assertThatThrownBy(() -> HeaderPage.parse(text, "hp"))
                .isInstanceOf(MalformedDataException.class)
                .hasMessage("hp at byte " + text.length() + ": no 'data' field");
    }

    @Test
    void shouldRejectALineWithoutAField() {
        String text = X86_64_4K + "garbage\n";

        assertThatThrownBy(() -> HeaderPage.parse(text, "hp"))
                .isInstanceOf(MalformedDataException.class)
                .hasMessage("hp at byte " + X86_64_4K.length() + ": expected 'field:' in line 'garbage'");
    }

    @Test
    void shouldRejectANonNumericSize() {
        String text = X86_64_4K.replace("size:4080", "size:x");

        assertThatThrownBy(() -> HeaderPage.parse(text, "hp"))
                .isInstanceOf(MalformedDataException.class)
                .hasMessage("hp at byte " + (text.indexOf("size:x") + 5)
                        + ": 'size:' is not followed by a decimal number of at most 9 digits");
    }

    @Test
    void shouldRejectAnOddCommitSize() {
        assertThatThrownBy(() -> HeaderPage.parse(X86_64_4K.replace("size:8;\tsigned:1", "size:2;\tsigned:1"), "hp"))
                .isInstanceOf(MalformedDataException.class)
                .hasMessage("hp: commit size is 2, expected 4 or 8");
    }

    @Test
    void shouldRejectDataOverlappingTheCommit() {
        assertThatThrownBy(() -> HeaderPage.parse(X86_64_4K.replace("offset:16", "offset:12"), "hp"))
                .isInstanceOf(MalformedDataException.class)
                .hasMessage("hp: timestamp or commit overlaps the data at offset 12");
    }

    @Test
    void shouldRejectADataSizeTheCommitLengthCannotDescribe() {
        assertThatThrownBy(() -> HeaderPage.of(0, 8, 8, 16, 1 << 27))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("data size 134217728 exceeds what the 27-bit commit length can describe");
    }

    @Test
    @RequiresKernel(KernelFacility.TRACEFS_MOUNTED)
    void shouldParseTheRunningKernelsHeaderPageAndHeaderEvent() throws IOException {
        Path events = TracefsMount.find().orElseThrow().resolve("events");
        HeaderPage page = HeaderPage.parse(PageCapture.read(events.resolve("header_page")), "header_page");
        String kb = PageCapture.read(events.getParent().resolve("buffer_subbuf_size_kb")).strip();

        assertThat(page.subBufferSize()).isEqualTo(Integer.parseInt(kb) * 1024);
        RecordHeader.checkHeaderEvent(PageCapture.read(events.resolve("header_event")), "header_event");
    }
}
