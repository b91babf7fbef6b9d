package dev.jtrace.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Random and mutated input for the text parsers: each either parses to a value that round-trips
 * or throws {@link MalformedDataException} with an offset inside the input; nothing else escapes.
 * Seeds are fixed so a failure reproduces; the failing input is in the assertion message.
 */
class ParserFuzzTest {
    private static final int ITERATIONS = 50_000;
    private static final String LIST_ALPHABET = "0123456789-,:/ \nxNal";
    private static final String MASK_ALPHABET = "0123456789abcdefABCDEF, \ng";
    private static final String[] LIST_SEEDS = {"0-3,8,10-11", "0-15:2/4", "65535", "0", "1,3-5"};
    private static final String[] MASK_SEEDS = {"ff,00000001", "3", "ffffffff,ffffffff", "80000000"};

    @Test
    void shouldParseOrRejectCleanlyAnyCpuList() {
        SplittableRandom random = new SplittableRandom(0x6A74726163L);
        for (int i = 0; i < ITERATIONS; i++) {
            String input = i % 2 == 0 ? randomText(random, LIST_ALPHABET) : mutate(random, LIST_SEEDS, LIST_ALPHABET);
            try {
                CpuSet set = CpuSet.parseList(input);
                assertThat(CpuSet.parseList(set.toList())).as("round trip of %s", quoted(input)).isEqualTo(set);
            } catch (MalformedDataException e) {
                assertThat(e.offset()).as("offset for %s", quoted(input)).isBetween(0L, (long) input.length());
            }
        }
    }

    @Test
    void shouldParseOrRejectCleanlyAnyCpuMask() {
        SplittableRandom random = new SplittableRandom(0x6D61736BL);
        for (int i = 0; i < ITERATIONS; i++) {
            String input = i % 2 == 0 ? randomText(random, MASK_ALPHABET) : mutate(random, MASK_SEEDS, MASK_ALPHABET);
            int cpus = 1 + random.nextInt(96);
            try {
                CpuSet set = CpuSet.parseMask(input, cpus);
                assertThat(CpuSet.parseMask(set.toMask(cpus), cpus)).as("round trip of %s", quoted(input))
                        .isEqualTo(set);
            } catch (MalformedDataException e) {
                assertThat(e.offset()).as("offset for %s", quoted(input)).isBetween(0L, (long) input.length());
            }
        }
    }

    @Test
    void shouldParseOrRejectCleanlyAnyKernelRelease() {
        SplittableRandom random = new SplittableRandom(0x72656CL);
        String[] seeds = {"6.18.44-fc-v595", "6.1.0-18-amd64", "5.15"};
        for (int i = 0; i < ITERATIONS; i++) {
            String input = i % 2 == 0 ? randomText(random, "0123456789.-rc ") : mutate(random, seeds, "0123456789.-x");
            try {
                KernelVersion v = KernelVersion.parse(input);
                assertThat(v.major()).isNotNegative();
            } catch (MalformedDataException e) {
                assertThat(e.offset()).as("offset for %s", quoted(input)).isBetween(0L, (long) input.length());
            }
        }
    }

    private static String randomText(SplittableRandom random, String alphabet) {
        int length = random.nextInt(24);
        StringBuilder sb = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return sb.toString();
    }

    private static String mutate(SplittableRandom random, String[] seeds, String alphabet) {
        StringBuilder sb = new StringBuilder(seeds[random.nextInt(seeds.length)]);
        int edits = 1 + random.nextInt(3);
        for (int e = 0; e < edits; e++) {
            int pos = sb.isEmpty() ? 0 : random.nextInt(sb.length() + 1);
            char c = alphabet.charAt(random.nextInt(alphabet.length()));
            switch (random.nextInt(3)) {
                case 0 -> sb.insert(pos, c);
                case 1 -> {
                    if (pos < sb.length()) {
                        sb.deleteCharAt(pos);
                    }
                }
                default -> {
                    if (pos < sb.length()) {
                        sb.setCharAt(pos, c);
                    }
                }
            }
        }
        return sb.toString();
    }

    private static String quoted(String s) {
        return "\"" + s.replace("\n", "\\n") + "\"";
    }
}
