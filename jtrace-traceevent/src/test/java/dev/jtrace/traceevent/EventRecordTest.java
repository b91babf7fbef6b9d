package dev.jtrace.traceevent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jtrace.core.MalformedDataException;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class EventRecordTest {
    /** 4 bytes of junk, then a 40-byte payload: the record must count offsets from the payload. */
    private static final int AT = 4;
    private final ByteBuffer buffer = ByteBuffer.allocate(AT + 40).order(ByteOrder.nativeOrder());
    private final EventRecord record = new EventRecord();

    private EventRecord wrap() {
        return record.wrap(MemorySegment.ofArray(buffer.array()), AT, 40, 123, 2, "buf");
    }

    @Test
    void shouldReadTheCommonFields() {
        buffer.putShort(AT, (short) 0xfffe).put(AT + 2, (byte) 0x8d).put(AT + 3, (byte) 0x32).putInt(AT + 4, 4711);

        wrap();

        assertThat(record.id()).isEqualTo(0xfffe);
        assertThat(record.commonType()).isEqualTo(0xfffe);
        assertThat(record.commonFlags()).isEqualTo(0x8d);
        assertThat(record.commonPreemptCount()).isEqualTo(2);
        assertThat(record.commonMigrateDisable()).isEqualTo(3);
        assertThat(record.commonPid()).isEqualTo(4711);
        assertThat(record.timestamp()).isEqualTo(123);
        assertThat(record.cpu()).isEqualTo(2);
        assertThat(record.payloadOffset()).isEqualTo(AT);
        assertThat(record.payloadLength()).isEqualTo(40);
    }

    @Test
    void shouldReadSignedAndUnsignedValuesOfEveryWidth() {
        buffer.put(AT + 8, (byte) 0xff).putShort(AT + 10, (short) 0xfffe).putInt(AT + 12, 0xfffffffd)
                .putLong(AT + 16, -4L);

        wrap();

        assertThat(record.u8(8)).isEqualTo(255);
        assertThat(record.s8(8)).isEqualTo((byte) -1);
        assertThat(record.u16(10)).isEqualTo(0xfffe);
        assertThat(record.s16(10)).isEqualTo((short) -2);
        assertThat(record.u32(12)).isEqualTo(0xfffffffdL);
        assertThat(record.s32(12)).isEqualTo(-3);
        assertThat(record.u64(16)).isEqualTo(-4L);
        assertThat(Long.toUnsignedString(record.u64(16))).isEqualTo("18446744073709551612");
        assertThat(record.s64(16)).isEqualTo(-4L);
        assertThat(record.s32(13)).as("unaligned").isEqualTo(0xfcffffff);
    }

    @Test
    void shouldReadStringsAndBytes() {
        buffer.put(AT + 8, "comm\0junk".getBytes(StandardCharsets.US_ASCII));
        buffer.put(AT + 24, "full".getBytes(StandardCharsets.US_ASCII));

        wrap();

        assertThat(record.cString(8, 16)).isEqualTo("comm");
        assertThat(record.cStringLength(8, 16)).isEqualTo(4);
        assertThat(record.cString(24, 4)).as("no NUL within the field").isEqualTo("full");
        byte[] out = new byte[6];
        record.bytes(8, out, 1, 4);
        assertThat(out).containsExactly(0, 'c', 'o', 'm', 'm', 0);
        assertThat(record.payload().byteSize()).isEqualTo(40);
        assertThat(record.payload().get(java.lang.foreign.ValueLayout.JAVA_BYTE, 8)).isEqualTo((byte) 'c');
    }

    @Test
    void shouldDecodeADataLocRelativeToThePayloadStart() {
        buffer.putInt(AT + 8, 5 << 16 | 30);
        buffer.put(AT + 30, "abcd\0".getBytes(StandardCharsets.US_ASCII));

        wrap();

        assertThat(record.dataLocOffset(8)).isEqualTo(30);
        assertThat(record.dataLocLength(8)).isEqualTo(5);
        assertThat(record.cString(record.dataLocOffset(8), record.dataLocLength(8))).isEqualTo("abcd");
    }

    @Test
    void shouldDecodeARelLocRelativeToTheEndOfItsField() {
        buffer.putInt(AT + 12, 3 << 16 | 10);
        buffer.put(AT + 26, "xy\0".getBytes(StandardCharsets.US_ASCII));

        wrap();

        assertThat(record.relLocOffset(12)).isEqualTo(26);
        assertThat(record.relLocLength(12)).isEqualTo(3);
        assertThat(record.cString(26, 3)).isEqualTo("xy");
    }

    @ParameterizedTest
    @CsvSource({"37, 4", "40, 1", "-1, 1", "33, 8"})
    void shouldRejectAFieldOutsideThePayloadWithItsOffset(int offset, int size) {
        buffer.putShort(AT, (short) 77);
        wrap();

        assertThatThrownBy(() -> {
            switch (size) {
                case 1 -> record.u8(offset);
                case 4 -> record.u32(offset);
                default -> record.s64(offset);
            }
        }).isInstanceOf(MalformedDataException.class)
                .hasMessage("buf cpu2 at byte " + (AT + offset) + ": field at payload offset " + offset + " (" + size
                        + " bytes) is outside the payload of 40 bytes (event id 77)");
    }

    @Test
    void shouldRejectStringsAndCopiesPastThePayload() {
        wrap();

        assertThatThrownBy(() -> record.cString(30, 16)).isInstanceOf(MalformedDataException.class)
                .hasMessageContaining("field at payload offset 30 (16 bytes) is outside the payload of 40 bytes");
        assertThatThrownBy(() -> record.bytes(36, new byte[8], 0, 8)).isInstanceOf(MalformedDataException.class);
    }

    @Test
    void shouldRejectADataLocPointingPastThePayload() {
        buffer.putShort(AT, (short) 9);
        buffer.putInt(AT + 8, 20 << 16 | 30);
        wrap();

        assertThatThrownBy(() -> record.dataLocOffset(8)).isInstanceOf(MalformedDataException.class)
                .hasMessage("buf cpu2 at byte 12: dynamic data [30, +20) of the field at payload offset 8 is outside"
                        + " the payload of 40 bytes (event id 9)");
        buffer.putInt(AT + 8, 1 << 16 | 36);
        wrap();
        assertThatThrownBy(() -> record.relLocLength(8)).isInstanceOf(MalformedDataException.class)
                .hasMessageContaining("dynamic data [48, +1)");
    }

    @Test
    void shouldNameCpuPageAndSubBufferOffsetForRecordsFromAPage() {
        MemorySegment page = new PageBuilder(0).data(1, PageBuilder.payload(3, 1, 8)).data(1,
                PageBuilder.payload(4, 1, 12)).commit(0).segment();
        PageDecoder decoder = new PageDecoder(PageBuilder.LAYOUT_4K).reset(page, 0, "cpu1.raw", 1, 7);
        decoder.next(record);
        decoder.next(record);

        assertThatThrownBy(() -> record.u32(10)).isInstanceOf(MalformedDataException.class)
                .hasMessage("cpu1.raw cpu1 page 7 at byte 42: field at payload offset 10 (4 bytes) is outside the"
                        + " payload of 12 bytes (event id 4)");
    }

    @Test
    void shouldRejectAPayloadRangeOutsideTheSegment() {
        assertThatThrownBy(() -> record.wrap(MemorySegment.ofArray(new byte[8]), 4, 8, 0, 0, "x"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldReadTheCommonFieldsOfCapturedMarkers() throws Exception {
        PageDataSet set = PageDataSet.resource("subbuf4k");
        PageDecoder decoder = new PageDecoder(set.layout);
        int seen = 0;
        for (var e : set.pages.entrySet()) {
            MemorySegment data = e.getValue();
            for (long off = 0; off < data.byteSize(); off += set.layout.subBufferSize()) {
                decoder.reset(data, off, "subbuf4k", e.getKey(), off / set.layout.subBufferSize());
                while (decoder.next(record)) {
                    assertThat(record.commonType()).isIn(set.printId, set.rawId);
                    assertThat(record.commonPid()).isPositive();
                    assertThat(record.cpu()).isEqualTo(e.getKey());
                    seen++;
                }
            }
        }
        assertThat(seen).isEqualTo(202);
    }
}
