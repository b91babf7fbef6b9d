package dev.jtrace.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CpuSetTest {

    @ParameterizedTest(name = "\"{0}\" -> {1}")
    @CsvSource(delimiter = '|', value = {
        "0|0",
        "0-3|0,1,2,3",
        "0-3,8,10-11|0,1,2,3,8,10,11",
        "7,3,5|3,5,7",
        "1-1|1",
        "0-15:2/4|0,1,4,5,8,9,12,13",
        "0-6:3/4|0,1,2,4,5,6",
        "65535|65535",
        "1,,2|1,2",
        "1 ,2|1,2",
        ",0,|0",
        " 0-1\t|0,1",
    })
    void shouldParseKernelCpuLists(String list, String expected) {
        CpuSet set = CpuSet.parseList(list);
        int[] cpus = java.util.Arrays.stream(expected.split(",")).mapToInt(Integer::parseInt).toArray();
        assertThat(set.toArray()).containsExactly(cpus);
        assertThat(set).isEqualTo(CpuSet.of(cpus));
    }

    @Test
    void shouldTreatEmptyListAndTrailingNewlineLikeTheKernelFiles() {
        assertThat(CpuSet.parseList("").isEmpty()).isTrue();
        assertThat(CpuSet.parseList("\n").isEmpty()).isTrue();
        assertThat(CpuSet.parseList("0-1\n").toArray()).containsExactly(0, 1);
    }

    @ParameterizedTest(name = "\"{0}\" fails at {1}: {2}")
    @CsvSource(delimiter = '|', value = {
        "3-1|0|range 3-1 ends before it starts",
        "0-|2|expected a CPU number but the list ends",
        "x|0|expected a CPU number but found 'x'",
        "-1|0|expected a CPU number but found '-'",
        "0-3:1/0|4|group 1/0 must satisfy used <= group, group > 0",
        "0-3:5/4|4|group 5/4 must satisfy used <= group, group > 0",
        "1:1/1|1|expected ',' but found ':'",
        "1-2x|3|expected ',' but found 'x'",
        "N|0|'N' and 'all' need the CPU count: use parseList(list, cpuCount)",
        "٣|0|expected a CPU number but found '٣'",
        "0-3:1|5|expected '/' but the list ends",
        "65536|0|CPU number exceeds the limit of 65535",
        "99999999999999999999|0|CPU number exceeds the limit of 65535",
    })
    void shouldRejectBadListsNamingTheOffset(String list, long offset, String detail) {
        assertThatThrownBy(() -> CpuSet.parseList(list))
                .isInstanceOfSatisfying(MalformedDataException.class, e -> {
                    assertThat(e.offset()).isEqualTo(offset);
                    assertThat(e.detail()).isEqualTo(detail);
                    assertThat(e.source()).isEqualTo("CPU list \"" + list + "\"");
                });
    }

    @Test
    void shouldIgnoreNewlinesAroundListsAndMasksAsTheKernelDoes() {
        assertThat(CpuSet.parseList("0-1\n\n").toList()).isEqualTo("0-1");
        assertThat(CpuSet.parseMask("3 \n", 2).toList()).isEqualTo("0-1");
    }

    @Test
    void shouldFollowTheKernelForEmptyGroupsAndSymbolicCpus() {
        assertThat(CpuSet.parseList("0-1:0/2").isEmpty()).isTrue(); // the kernel accepts used = 0
        assertThat(CpuSet.parseList("all", 4).toList()).isEqualTo("0-3");
        assertThat(CpuSet.parseList("0-N", 4).toList()).isEqualTo("0-3");
        assertThat(CpuSet.parseList("N", 2).toList()).isEqualTo("1");
        assertThatThrownBy(() -> CpuSet.parseList("0-5", 4))
                .isInstanceOf(MalformedDataException.class)
                .hasMessage("CPU list \"0-5\" at byte 2: CPU 5 but there are only 4 CPUs");
    }

    @ParameterizedTest(name = "{0} formats as \"{1}\"")
    @CsvSource(delimiter = '|', value = {
        "0,1,2,3,8,10,11|0-3,8,10-11",
        "5|5",
        "0,2,4|0,2,4",
        "1,2|1-2",
    })
    void shouldFormatListsWithMergedRanges(String cpus, String list) {
        CpuSet set = CpuSet.of(java.util.Arrays.stream(cpus.split(",")).mapToInt(Integer::parseInt).toArray());
        assertThat(set.toList()).isEqualTo(list);
        assertThat(CpuSet.parseList(list)).isEqualTo(set);
    }

    @ParameterizedTest(name = "mask \"{0}\" of {1} CPUs")
    @CsvSource(delimiter = '|', value = {
        "3|2|0-1",
        "1|2|0",
        "ff,00000001|40|0,32-39",
        "ffffffff,ffffffff|64|0-63",
        "80000000|32|31",
        "0|4|''",
        "3,|2|0-1",
        " 3|2|0-1",
        "00000000,00000003|40|0-1",
    })
    void shouldParseHexMasks(String mask, int cpuCount, String list) {
        assertThat(CpuSet.parseMask(mask, cpuCount)).isEqualTo(CpuSet.parseList(list));
    }

    @ParameterizedTest(name = "{1} CPUs: {0} -> \"{2}\"")
    @CsvSource(delimiter = '|', value = {
        "0-1|2|3",
        "0|2|1",
        "''|2|0",
        "0-63|64|ffffffff,ffffffff",
        "0,32|40|01,00000001",
        "0,32-39|40|ff,00000001",
        "31|32|80000000",
        "0|1|1",
        "0|33|0,00000001",
    })
    void shouldFormatMasksAsTheKernelPrintsThem(String list, int cpuCount, String mask) {
        CpuSet set = CpuSet.parseList(list);
        assertThat(set.toMask(cpuCount)).isEqualTo(mask);
        assertThat(CpuSet.parseMask(mask, cpuCount)).isEqualTo(set);
    }

    @ParameterizedTest(name = "mask \"{0}\" fails at {2}: {3}")
    @CsvSource(delimiter = '|', value = {
        "ff|2|0|sets CPU 2 but there are only 2 CPUs",
        "2,00000000|33|0|sets CPU 33 but there are only 33 CPUs",
        "1,00000000|32|0|2 groups of 32 bits exceed the 1 that 32 CPUs need",
        "''|2|0|the mask is empty",
        "xy|8|0|'x' is not a hex digit",
        "f,0000000g|64|9|'g' is not a hex digit",
        "123456789|64|0|group 1 has 9 hex digits; expected 1 to 8",
        "1,,2|96|2|group 2 has 0 hex digits; expected 1 to 8",
        "0,3|2|0|2 groups of 32 bits exceed the 1 that 2 CPUs need",
        "00000000,3|2|0|2 groups of 32 bits exceed the 1 that 2 CPUs need",
        "٣|2|0|'٣' is not a hex digit",
    })
    void shouldRejectBadMasks(String mask, int cpuCount, long offset, String detail) {
        assertThatThrownBy(() -> CpuSet.parseMask(mask, cpuCount))
                .isInstanceOfSatisfying(MalformedDataException.class, e -> {
                    assertThat(e.offset()).isEqualTo(offset);
                    assertThat(e.detail()).isEqualTo(detail);
                });
    }

    @Test
    void shouldRejectMasksWiderThanTheCpuLimitWithoutAllocatingThem() {
        String huge = "1" + ",00000000".repeat(4000);
        assertThatThrownBy(() -> CpuSet.parseMask(huge))
                .isInstanceOf(MalformedDataException.class)
                .hasMessageContaining("4001 groups of 32 bits exceed the 2048 that 65536 CPUs need");
    }

    @Test
    void shouldRejectOutOfRangeConstruction() {
        assertThatThrownBy(() -> CpuSet.of(-1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("CPU -1 is outside 0..65535");
        assertThatThrownBy(() -> CpuSet.range(3, 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("CPU range 3-1 ends before it starts");
        assertThatThrownBy(() -> CpuSet.of(2).toMask(2)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("CPU 2 does not fit a mask of 2 CPUs");
    }

    @Test
    void shouldRoundTripKernelMaskWords() {
        CpuSet set = CpuSet.of(0, 63, 64, 200);
        long[] words = set.toWords(8);
        assertThat(words).hasSize(8);
        assertThat(words[0]).isEqualTo(1L | (1L << 63));
        assertThat(words[1]).isEqualTo(1L);
        assertThat(words[3]).isEqualTo(1L << (200 - 192));
        assertThat(CpuSet.fromWords(words)).isEqualTo(set);
    }

    @Test
    void shouldIterateWithoutAllocation() {
        CpuSet set = CpuSet.parseList("1,4-5");
        StringBuilder seen = new StringBuilder();
        for (int c = set.next(0); c >= 0; c = set.next(c + 1)) {
            seen.append(c).append(' ');
        }
        assertThat(seen).hasToString("1 4 5 ");
        assertThat(set.max()).isEqualTo(5);
        assertThat(set.size()).isEqualTo(3);
        assertThat(CpuSet.empty().max()).isEqualTo(-1);
    }

    @Test
    void shouldReadTheMachinesOnlineAndPossibleCpus() throws Exception {
        CpuSet online = CpuSet.online();
        assertThat(online.toList()).isEqualTo(Files.readString(Path.of("/sys/devices/system/cpu/online")).strip());
        assertThat(CpuSet.possible().intersection(online)).isEqualTo(online);
    }

    @Test
    void shouldNameTheFileWhenAListFileIsMalformed(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("online");
        Files.writeString(file, "0-2,x\n");
        assertThatThrownBy(() -> CpuSet.readListFile(file))
                .isInstanceOf(MalformedDataException.class)
                .hasMessage(file + " \"0-2,x\" at byte 4: expected a CPU number but found 'x'");
    }
}
