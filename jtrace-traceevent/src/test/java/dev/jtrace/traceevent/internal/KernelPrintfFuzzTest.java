package dev.jtrace.traceevent.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jtrace.core.MalformedDataException;
import dev.jtrace.traceevent.KernelSymbols;
import dev.jtrace.traceevent.printfmt.Conversion;
import java.lang.foreign.MemorySegment;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Seeded random conversions, widths, precisions, data lengths and offsets: {@link KernelPrintf}
 * either appends text or throws {@link MalformedDataException}; never a raw JDK exception, never
 * unbounded output.
 */
class KernelPrintfFuzzTest {
    private static final String[] SPECS = {"%d", "%i", "%u", "%x", "%X", "%o", "%c", "%hhd", "%hu", "%lld", "%#lx",
        "%+d", "% d", "%-d", "%0d", "%s", "%p", "%px", "%pK", "%pS", "%ps", "%pB", "%pSR", "%pI4", "%pi4", "%pI4h",
        "%pI6", "%pi6", "%pI6c", "%pIS", "%pISpc", "%piSpfs", "%pISc", "%pM", "%pMR", "%pMF", "%pm", "%pU", "%pUl",
        "%pUB", "%ph", "%phC", "%phD", "%phN", "%pb", "%pbl", "%pa", "%pad", "%pNF", "%pE", "%pd"};

    @Test
    void shouldOnlyEverAppendOrThrowMalformedData() {
        SplittableRandom random = new SplittableRandom(20261121);
        KernelSymbols symbols = KernelSymbols.parse("ffffffff81000000 T _stext\nffffffff81000100 T f\n"
                + "ffffffff81001000 T _etext\nffffffffc0000000 t m\t[mod]\n");
        StringBuilder sb = new StringBuilder();
        byte[] bytes = new byte[96];
        MemorySegment seg = MemorySegment.ofArray(bytes);
        int malformed = 0;
        for (int i = 0; i < 40_000; i++) {
            Conversion c = KernelPrintfTest.conv(SPECS[random.nextInt(SPECS.length)]);
            random.nextBytes(bytes);
            if (random.nextBoolean()) {
                bytes[0] = (byte) (random.nextBoolean() ? 2 : 10);
                bytes[1] = 0;
            }
            int width = random.nextInt(4000) == 0 ? random.nextInt() : random.nextInt(-300, 300);
            int precision = random.nextInt(8) == 0 ? random.nextInt() : random.nextInt(-2, 40);
            long offset = random.nextInt(8) == 0 ? random.nextLong() : random.nextInt(-4, 100);
            int available = random.nextInt(8) == 0 ? random.nextInt() : random.nextInt(0, 100);
            long value = random.nextInt(4) == 0 ? 0xffffffff81000000L + random.nextInt(0x2000) : random.nextLong();
            sb.setLength(0);
            try {
                switch (c.conversion()) {
                    case 's' -> KernelPrintf.appendString(sb, c, width, precision,
                            random.nextBoolean() ? null : Long.toHexString(value));
                    case 'p' -> {
                        if (KernelPrintf.readsMemory(c)) {
                            KernelPrintf.appendPointerData(sb, c, width, precision, seg, offset, available);
                        } else {
                            KernelPrintf.appendPointer(sb, c, width, precision, value, symbols);
                        }
                    }
                    default -> KernelPrintf.appendInteger(sb, c, width, precision, value);
                }
            } catch (MalformedDataException e) {
                malformed++;
            }
            assertThat(sb.length()).isLessThanOrEqualTo(KernelPrintf.FIELD_WIDTH_MAX + 200);
        }
        assertThat(malformed).as("inputs rejected as malformed").isPositive();
    }
}
