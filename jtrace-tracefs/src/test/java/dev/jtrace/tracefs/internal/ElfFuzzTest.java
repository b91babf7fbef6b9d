package dev.jtrace.tracefs.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jtrace.core.MalformedDataException;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Seeded random mutations of a real ELF file (the java launcher this test runs with): every parse
 * either succeeds or throws MalformedDataException, never another exception, never hangs.
 */
class ElfFuzzTest {
    private static final long SEED = 0x6a747261L;
    private static final int ROUNDS = 2_000;

    @Test
    @Timeout(60) // a hang fails; on a quiet machine the run takes about a second
    void shouldOnlyEverThrowMalformedDataExceptionOnMutatedElfFiles() throws Exception {
        Path launcher = Path.of(ProcessHandle.current().info().command().orElseThrow());
        byte[] original = Files.readAllBytes(launcher);
        assertThat(ElfSymbols.parse(MemorySegment.ofArray(original), "java").symbols()).isNotEmpty();
        SplittableRandom random = new SplittableRandom(SEED);
        int refused = 0;
        for (int round = 0; round < ROUNDS; round++) {
            byte[] data = original.clone();
            int mutations = 1 + random.nextInt(8);
            for (int m = 0; m < mutations; m++) {
                int at = random.nextInt(4) == 0 ? random.nextInt(Math.min(data.length, 64))   // header
                        : random.nextInt(data.length);
                switch (random.nextInt(4)) {
                    case 0 -> data[at] = (byte) random.nextInt(256);
                    case 1 -> data[at] = (byte) 0xff;
                    case 2 -> data[at] ^= (byte) (1 << random.nextInt(8));
                    default -> data[at] = 0;
                }
            }
            if (random.nextInt(8) == 0) {
                data = java.util.Arrays.copyOf(data, random.nextInt(data.length));
            }
            try {
                ElfSymbols elf = ElfSymbols.parse(MemorySegment.ofArray(data), "mutant " + round);
                for (ElfSymbols.Symbol s : elf.symbols()) {
                    try {
                        elf.fileOffset(s.value());
                    } catch (MalformedDataException e) {
                        refused++;
                    }
                }
            } catch (MalformedDataException e) {
                refused++;
                assertThat(e.source()).startsWith("mutant ");
            }
        }
        assertThat(refused).isPositive();
    }
}
