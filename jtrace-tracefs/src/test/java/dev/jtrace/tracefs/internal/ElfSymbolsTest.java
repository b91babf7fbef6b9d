package dev.jtrace.tracefs.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.jtrace.core.MalformedDataException;
import java.io.IOException;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ELF reader against two oracles: where the dynamic linker actually put a function of this
 * JVM's libc (its address and /proc/self/maps give the file offset independently), and readelf's
 * view of the same files' symbols and segments.
 */
class ElfSymbolsTest {
    @TempDir
    Path temp;

    @Test
    void shouldPlaceLibcFunctionsAtTheFileOffsetsTheLoaderMappedThemFrom() throws IOException {
        Path libc = libc();
        ElfSymbols elf = ElfSymbols.read(libc);
        for (String name : List.of("getpid", "write", "open", "clock_gettime", "malloc")) {
            MemorySegment address = Linker.nativeLinker().defaultLookup().find(name).orElseThrow();
            long expected = fileOffsetOfAddress(libc, address.address());
            ElfSymbols.Symbol symbol = elf.find(name).orElseThrow();
            assertThat(symbol.defined()).isTrue();
            assertThat(symbol.defaultVersion()).as(name + " is the default version").isTrue();
            assertThat(elf.fileOffset(symbol.value())).as(name).isEqualTo(expected);
        }
    }

    /** The file offset the mapping holding {@code address} maps it from: address - start + offset. */
    private static long fileOffsetOfAddress(Path file, long address) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/maps"))) {
            String[] f = line.trim().split("\\s+", 6);
            if (f.length < 6 || !Path.of(f[5]).equals(file)) {
                continue;
            }
            String[] range = f[0].split("-");
            long start = Long.parseUnsignedLong(range[0], 16);
            long end = Long.parseUnsignedLong(range[1], 16);
            if (Long.compareUnsigned(address, start) >= 0 && Long.compareUnsigned(address, end) < 0) {
                return address - start + Long.parseUnsignedLong(f[2], 16);
            }
        }
        throw new IllegalStateException("no mapping of " + file + " holds 0x" + Long.toHexString(address));
    }

    @Test
    void shouldReadTheSameDynamicSymbolsAndSegmentsAsReadelf() throws Exception {
        Path libc = libc();
        String symbols = readelf("--dyn-syms", "-W", libc.toString());
        ElfSymbols elf = ElfSymbols.read(libc);
        Set<String> expected = new HashSet<>();
        for (String line : symbols.split("\n")) {
            String[] f = line.trim().split("\\s+");
            // Num: Value Size Type Bind Vis Ndx Name
            if (f.length == 8 && f[0].matches("[0-9]+:") && !f[6].equals("UND") && !f[7].isEmpty()) {
                String name = f[7];
                int at = name.indexOf('@');
                boolean hidden = at >= 0 && !name.startsWith("@@", at);
                String bare = at >= 0 ? name.substring(0, at) : name;
                expected.add(bare + " " + Long.parseUnsignedLong(f[1], 16) + " " + Long.parseLong(f[2]) + " " + !hidden);
            }
        }
        Set<String> actual = new HashSet<>();
        for (ElfSymbols.Symbol s : elf.symbols()) {
            if (s.table().equals(".dynsym") && s.defined()) {
                actual.add(s.name() + " " + s.value() + " " + s.size() + " " + s.defaultVersion());
            }
        }
        assertThat(expected).hasSizeGreaterThan(1000);
        assertThat(actual).isEqualTo(expected);

        Set<String> loads = new HashSet<>();
        for (String line : readelf("-lW", libc.toString()).split("\n")) {
            String[] f = line.trim().split("\\s+");
            if (f.length >= 6 && f[0].equals("LOAD")) {
                loads.add(Long.decode(f[1]) + " " + Long.decode(f[2]) + " " + Long.decode(f[4]));
            }
        }
        Set<String> segments = new HashSet<>();
        for (ElfSymbols.Segment s : elf.segments()) {
            segments.add(s.offset() + " " + s.vaddr() + " " + s.filesz());
        }
        assertThat(segments).isEqualTo(loads);
    }

    @Test
    void shouldReadA32BitObjectMadeByTheToolchain() throws Exception {
        Path source = temp.resolve("t.c");
        Files.writeString(source, "int probe_me(int x) { return x + 1; }\nint counter;\n");
        Path object = temp.resolve("t.o");
        Path object32 = temp.resolve("t32.o");
        assumeTrue(run("gcc", "-c", "-O2", source.toString(), "-o", object.toString()), "gcc is not installed");
        assumeTrue(run("objcopy", "-I", "elf64-x86-64", "-O", "elf32-i386", object.toString(), object32.toString()),
                "objcopy cannot write elf32-i386 here");
        ElfSymbols elf = ElfSymbols.read(object32);
        ElfSymbols.Symbol f = elf.find("probe_me").orElseThrow();
        assertThat(f.isFunction()).isTrue();
        assertThat(f.size()).isPositive();
        assertThat(f.table()).isEqualTo(".symtab");
        assertThat(elf.find("counter").orElseThrow().isFunction()).isFalse();
        assertThat(elf.segments()).as("a relocatable object has no program headers").isEmpty();
        assertThatThrownBy(() -> elf.fileOffset(f.value())).isInstanceOf(MalformedDataException.class)
                .hasMessageContaining("no PT_LOAD segment");
    }

    @Test
    void shouldRefuseWhatIsNotLittleEndianElf() throws IOException {
        Path text = temp.resolve("not-elf");
        Files.writeString(text, "#!/bin/sh\necho hello\n");
        assertThatThrownBy(() -> ElfSymbols.read(text)).isInstanceOf(MalformedDataException.class)
                .hasMessageContaining("no ELF magic");
        byte[] header = Files.readAllBytes(libc());
        header[5] = 2; // ELFDATA2MSB
        assertThatThrownBy(() -> ElfSymbols.parse(MemorySegment.ofArray(header), "be"))
                .isInstanceOf(MalformedDataException.class).hasMessageContaining("big-endian");
        Path empty = temp.resolve("empty");
        Files.write(empty, new byte[0]);
        assertThatThrownBy(() -> ElfSymbols.read(empty)).isInstanceOf(MalformedDataException.class);
    }

    static Path libc() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/maps"))) {
            String[] f = line.trim().split("\\s+", 6);
            if (f.length == 6 && f[1].contains("x") && f[5].matches(".*/libc(\\.so\\.6|-[0-9.]+\\.so)$")) {
                return Path.of(f[5]);
            }
        }
        throw new IllegalStateException("no libc mapping");
    }

    private static String readelf(String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of("readelf"));
        command.addAll(List.of(args));
        Process p;
        try {
            p = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            assumeTrue(false, "readelf (binutils) is not installed: " + e.getMessage());
            throw e;
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return out;
    }

    private static boolean run(String... command) throws Exception {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        }
    }
}
