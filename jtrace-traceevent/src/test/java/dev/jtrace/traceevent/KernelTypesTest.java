package dev.jtrace.traceevent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jtrace.core.KernelFacility;
import dev.jtrace.core.MalformedDataException;
import dev.jtrace.core.testing.KernelTests;
import dev.jtrace.core.testing.RequiresKernel;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;

class KernelTypesTest {

    @Test
    @RequiresKernel(KernelFacility.TRACEFS_MOUNTED)
    void shouldReadEnumsAndStructSizesFromTheRunningKernelsBtf() {
        KernelTests.require(TestPrerequisites.VMLINUX_BTF);
        KernelTypes types = KernelTypes.loadRunningKernel();
        // uapi / stable values: TCP states and ioprio classes are ABI
        assertThat(types.enumValue("TCP_ESTABLISHED")).isEqualTo(1L);
        assertThat(types.enumValue("TCP_LISTEN")).isEqualTo(10L);
        assertThat(types.enumValue("IOPRIO_CLASS_BE")).isEqualTo(2L);
        assertThat(types.enumValue("HRTIMER_MODE_REL")).isEqualTo(1L);
        assertThat(types.structSize("list_head")).isEqualTo(16);
        assertThat(types.typedefSize("pid_t")).isEqualTo(-4);   // int, signed
        assertThat(types.typedefSize("uint")).isEqualTo(4);     // unsigned int
        assertThat(types.typedefSize("u64")).isEqualTo(8);
        assertThat(types.typedefSize("list_head")).isZero();    // a struct, not an integer
        assertThat(types.enumCount()).isGreaterThan(1000);
        assertThat(types.enumValue("NO_SUCH_CONSTANT_ANYWHERE")).isNull();
    }

    @Test
    void shouldRejectDataThatIsNotBtfNamingTheOffset() {
        assertThatThrownBy(() -> KernelTypes.fromBtf(new byte[32], "blob"))
                .isInstanceOf(MalformedDataException.class)
                .hasMessage("blob at byte 0: not BTF data (magic 0xeb9f, little-endian, expected)");
        byte[] cut = new byte[24];
        cut[0] = (byte) 0x9f;
        cut[1] = (byte) 0xeb;
        cut[2] = 1; // version
        cut[4] = 24;
        cut[12] = 100; // type_len 100 past the end
        assertThatThrownBy(() -> KernelTypes.fromBtf(cut, "cut"))
                .isInstanceOf(MalformedDataException.class)
                .hasMessage("cut at byte 0: sections end past the data (24 bytes)");
    }

    @Test
    void shouldRejectAnUnknownVersionOrAHeaderShorterThanItsFields() {
        byte[] blob = new byte[64];
        blob[0] = (byte) 0x9f;
        blob[1] = (byte) 0xeb;
        blob[2] = 2;
        assertThatThrownBy(() -> KernelTypes.fromBtf(blob, "v2")).isInstanceOf(MalformedDataException.class)
                .hasMessage("v2 at byte 2: BTF version 2 is not supported (expected 1)");
        blob[2] = 1;
        assertThatThrownBy(() -> KernelTypes.fromBtf(blob, "h0")).isInstanceOf(MalformedDataException.class)
                .hasMessage("h0 at byte 4: header length 0 is not between 24 and 64");
    }

    @Test
    void shouldFuzzTheBtfReaderWithoutRawExceptions() throws Exception {
        KernelTests.require(TestPrerequisites.VMLINUX_BTF);
        byte[] head;
        try (var in = Files.newInputStream(KernelTypes.VMLINUX_BTF)) {
            head = in.readAllBytes();
        }
        java.util.SplittableRandom random = new java.util.SplittableRandom(7);
        for (int i = 0; i < 40; i++) {
            byte[] mutated = head.clone();
            for (int k = 0; k < 8; k++) {
                mutated[random.nextInt(mutated.length)] = (byte) random.nextInt(256);
            }
            try {
                KernelTypes.fromBtf(mutated, "mutated");
            } catch (MalformedDataException expected) {
                assertThat(expected.offset()).isBetween(0L, (long) mutated.length);
            }
        }
    }
}
