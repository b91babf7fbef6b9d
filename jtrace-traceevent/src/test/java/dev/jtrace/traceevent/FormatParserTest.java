package dev.jtrace.traceevent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import org.junit.jupiter.api.Test;

/** Field and header parsing over the captured format files. */
class FormatParserTest {

    @Test
    void shouldParseSchedSwitchHeaderAndFieldsExactly() {
        EventFormat sw = FormatFixtures.parse("sched", "sched_switch");
        assertThat(sw.system()).isEqualTo("sched");
        assertThat(sw.name()).isEqualTo("sched_switch");
        assertThat(sw.id()).isEqualTo(idLine(FormatFixtures.text("sched", "sched_switch")));
        assertThat(sw.commonFields())
                .extracting(FieldFormat::name, FieldFormat::cType, FieldFormat::offset, FieldFormat::size,
                        FieldFormat::isSigned)
                .containsExactly(
                        tuple("common_type", "unsigned short", 0, 2, false),
                        tuple("common_flags", "unsigned char", 2, 1, false),
                        tuple("common_preempt_count", "unsigned char", 3, 1, false),
                        tuple("common_pid", "int", 4, 4, true));
        assertThat(sw.fields())
                .extracting(FieldFormat::name, FieldFormat::cType, FieldFormat::offset, FieldFormat::size,
                        FieldFormat::isSigned)
                .containsExactly(
                        tuple("prev_comm", "char[16]", 8, 16, false),
                        tuple("prev_pid", "pid_t", 24, 4, true),
                        tuple("prev_prio", "int", 28, 4, true),
                        tuple("prev_state", "long", 32, 8, true),
                        tuple("next_comm", "char[16]", 40, 16, false),
                        tuple("next_pid", "pid_t", 56, 4, true),
                        tuple("next_prio", "int", 60, 4, true));
        FieldFormat comm = sw.field("prev_comm");
        assertThat(comm.isString()).isTrue();
        assertThat(comm.isFixedArray()).isTrue();
        assertThat(comm.arrayLength()).isEqualTo(16);
        assertThat(comm.elementSize()).isEqualTo(1);
        assertThat(comm.elementType()).isEqualTo("char");
        assertThat(comm.isCommon()).isFalse();
        assertThat(sw.field("common_pid").isCommon()).isTrue();
        assertThat(sw.field("prev_pid").arrayLength()).isZero();
        assertThat(sw.field("prev_pid").elementSize()).isEqualTo(4);
        assertThat(sw.field("no_such_field")).isNull();
        assertThat(sw.allFields()).hasSize(11);
        assertThat(sw.printFmtError()).isNull();
        assertThat(sw.printFmtText()).startsWith("\"prev_comm=%s prev_pid=%d").endsWith("REC->next_prio");
    }

    @Test
    void shouldParseDataLocStringsAndPointers() {
        EventFormat irq = FormatFixtures.parse("irq", "irq_handler_entry");
        FieldFormat name = irq.field("name");
        assertThat(name.cType()).isEqualTo("__data_loc char[]");
        assertThat(name.elementType()).isEqualTo("char");
        assertThat(name.isDynamic()).isTrue();
        assertThat(name.isRelativeDynamic()).isFalse();
        assertThat(name.isDynamicArray()).isTrue();
        assertThat(name.isString()).isTrue();
        assertThat(name.size()).isEqualTo(4);
        assertThat(name.elementSize()).isEqualTo(1);
        assertThat(name.arrayLength()).isZero();

        EventFormat bprint = FormatFixtures.parse("ftrace", "bprint");
        FieldFormat fmt = bprint.field("fmt");
        assertThat(fmt.cType()).isEqualTo("const char *");
        assertThat(fmt.isPointer()).isTrue();
        assertThat(fmt.isString()).isFalse();
        assertThat(fmt.isArray()).isFalse();
        FieldFormat buf = bprint.field("buf");
        assertThat(buf.cType()).isEqualTo("u32[]");
        assertThat(buf.isFlexibleArray()).isTrue();
        assertThat(buf.elementSize()).isEqualTo(4);
        assertThat(buf.isString()).isFalse();
    }

    @Test
    void shouldParseTheFtracePrintEventsFlexibleCharArray() {
        EventFormat print = FormatFixtures.parse("ftrace", "print");
        assertThat(print.id()).isEqualTo(idLine(FormatFixtures.text("ftrace", "print")));
        FieldFormat buf = print.field("buf");
        assertThat(buf.cType()).isEqualTo("char[]");
        assertThat(buf.size()).isZero();
        assertThat(buf.isFlexibleArray()).isTrue();
        assertThat(buf.isString()).isTrue();
        assertThat(buf.elementSize()).isEqualTo(1);
        assertThat(buf.arrayLength()).isZero();
        assertThat(print.field("ip").cType()).isEqualTo("unsigned long");
    }

    @Test
    void shouldParseFixedArraysOfWiderElements() {
        FieldFormat caller = FormatFixtures.parse("ftrace", "kernel_stack").field("caller");
        assertThat(caller.cType()).isEqualTo("unsigned long[8]");
        assertThat(caller.arrayLength()).isEqualTo(8);
        assertThat(caller.elementSize()).isEqualTo(8);
        assertThat(caller.size()).isEqualTo(64);
        assertThat(caller.isString()).isFalse();
    }

    @Test
    void shouldParseADataLocCpumaskWithoutBrackets() {
        FieldFormat mask = FormatFixtures.parse("ipi", "ipi_send_cpumask").field("cpumask");
        assertThat(mask.cType()).isEqualTo("__data_loc cpumask_t");
        assertThat(mask.elementType()).isEqualTo("cpumask_t");
        assertThat(mask.isDynamic()).isTrue();
        assertThat(mask.isString()).isFalse();
        assertThat(mask.elementSize()).isEqualTo(8);
    }

    @Test
    void shouldDeriveTheLengthOfAnArraySizedByAMacroName() {
        String text = FormatFixtures.text("sched", "sched_switch").replace("prev_comm[16]", "prev_comm[TASK_COMM_LEN]");
        FieldFormat comm = FormatParser.parse("sched", text, "derived").field("prev_comm");
        assertThat(comm.cType()).isEqualTo("char[TASK_COMM_LEN]");
        assertThat(comm.arrayLength()).isEqualTo(16);
        assertThat(comm.elementSize()).isEqualTo(1);
        assertThat(comm.isString()).isTrue();

        String u64s = FormatFixtures.text("ftrace", "kernel_stack").replace("caller[8]", "caller[FTRACE_STACK_ENTRIES]");
        FieldFormat caller = FormatParser.parse("ftrace", u64s, "derived").field("caller");
        assertThat(caller.arrayLength()).isEqualTo(8);
        assertThat(caller.elementSize()).isEqualTo(8);
    }

    @Test
    void shouldParseRelLocFieldsAsRelativeDynamicArrays() {
        // No event of this kernel uses __rel_loc; derive one from a captured __data_loc field.
        String text = FormatFixtures.text("irq", "irq_handler_entry").replace("__data_loc char[] name", "__rel_loc char[] name");
        FieldFormat name = FormatParser.parse("irq", text, "derived").field("name");
        assertThat(name.cType()).isEqualTo("__rel_loc char[]");
        assertThat(name.isRelativeDynamic()).isTrue();
        assertThat(name.isDynamic()).isFalse();
        assertThat(name.isDynamicArray()).isTrue();
        assertThat(name.isString()).isTrue();
    }

    @Test
    void shouldInferThirtyTwoBitLongsFromAFormatsOwnFields() {
        String text = FormatFixtures.text("ftrace", "kernel_stack")
                .replace("field:unsigned long caller[8];\toffset:16;\tsize:64;", "field:unsigned long caller[];\toffset:12;\tsize:0;")
                .replace("field:int size;", "field:unsigned long size;");
        EventFormat f = FormatParser.parse("ftrace", text, "derived");
        assertThat(f.field("size").size()).isEqualTo(4);
        assertThat(f.field("caller").elementSize()).isEqualTo(4);
    }

    @Test
    void shouldKeepAPrintFmtThatSpansLinesWhole() {
        EventFormat stats = FormatFixtures.parse("ext4", "ext4_fc_stats");
        assertThat(stats.printFmtError()).isNull();
        assertThat(stats.printFmtText()).contains("ineligible reasons:\n%s:%u");
        assertThat(stats.printFmt().format()).startsWith("dev %d,%d fc ineligible reasons:\n%s:%u, ");
    }

    @Test
    void shouldParseAHeaderPageStyleFieldLine() {
        FieldFormat f = FormatParser.parseField("\tfield: local_t commit;\toffset:8;\tsize:8;\tsigned:1;", "header_page", 0);
        assertThat(f.name()).isEqualTo("commit");
        assertThat(f.cType()).isEqualTo("local_t");
        assertThat(f.offset()).isEqualTo(8);
        assertThat(f.size()).isEqualTo(8);
        assertThat(f.isSigned()).isTrue();
        FieldFormat data = FormatParser.parseField("\tfield: char data;\toffset:16;\tsize:4080;\tsigned:0;", "header_page", 0);
        assertThat(data.size()).isEqualTo(4080);
    }

    @Test
    void shouldNormalizeTypeSpellingAndParseBitFieldsAndMissingSigned() {
        FieldFormat p = FormatParser.parseField("field:struct  page*  pg;\toffset:8;\tsize:8;", "t", 0);
        assertThat(p.cType()).isEqualTo("struct page *");
        assertThat(p.isPointer()).isTrue();
        assertThat(p.isSigned()).isFalse();
        FieldFormat bits = FormatParser.parseField("field:int mode:3;\toffset:8;\tsize:4;\tsigned:1;", "t", 0);
        assertThat(bits.name()).isEqualTo("mode");
        assertThat(bits.bitWidth()).isEqualTo(3);
        FieldFormat grid = FormatParser.parseField("field:u16 grid[2][3];\toffset:8;\tsize:12;\tsigned:0;", "t", 0);
        assertThat(grid.cType()).isEqualTo("u16[2][3]");
        assertThat(grid.arrayLength()).isEqualTo(6);
        assertThat(grid.elementSize()).isEqualTo(2);
    }

    @Test
    void shouldParseEveryCapturedFixtureWithItsPrintFmt() {
        for (var path : FormatFixtures.all()) {
            String system = path.getParent().getParent().getFileName().toString();
            String event = path.getParent().getFileName().toString();
            EventFormat f = FormatFixtures.parse(system, event);
            assertThat(f.name()).isEqualTo(event);
            assertThat(f.printFmtError()).as(path.toString()).isNull();
            assertThat(f.commonFields()).extracting(FieldFormat::name)
                    .containsExactly("common_type", "common_flags", "common_preempt_count", "common_pid");
        }
    }

    private static int idLine(String text) {
        int at = text.indexOf("\nID: ") + 5;
        return Integer.parseInt(text.substring(at, text.indexOf('\n', at)));
    }
}
