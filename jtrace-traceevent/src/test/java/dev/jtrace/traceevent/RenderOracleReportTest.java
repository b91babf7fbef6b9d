package dev.jtrace.traceevent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class RenderOracleReportTest {
    @Test
    void shouldCountIdenticalLinesAndComputeTheShare() {
        RenderOracleReport report = new RenderOracleReport();
        for (int i = 0; i < 997; i++) {
            report.add("sched:sched_switch", "line " + i, "line " + i);
        }
        report.add("kmem:kmalloc", "a", "b");
        report.add("kmem:kmalloc", "c", "d");
        report.add("timer:hrtimer_start", "e", "f");

        assertThat(report.total()).isEqualTo(1000);
        assertThat(report.identical()).isEqualTo(997);
        assertThat(report.identicalPercent()).isCloseTo(99.7, within(1e-9));
        assertThat(report.passes(99.7)).isTrue();
        assertThat(report.passes(RenderOracleReport.TARGET_PERCENT)).isFalse();
        assertThat(report.summary())
                .isEqualTo("render oracle: 997/1000 lines identical (99.700%), 2 of 3 event types differ");
    }

    @Test
    void shouldListDifferingTypesByCountWithTheirFirstExampleOnly() {
        RenderOracleReport report = new RenderOracleReport();
        report.add("timer:hrtimer_start", "t-expected", "t-actual");
        report.add("kmem:kmalloc", "k1-expected", "k1-actual");
        report.add("kmem:kmalloc", "k2-expected", "k2-actual");
        report.add("kmem:kmalloc", "same", "same");
        report.add("sched:sched_switch", "same", "same");

        assertThat(report.render()).isEqualTo("""
                render oracle: 2/5 lines identical (40.000%), 2 of 3 event types differ
                kmem:kmalloc                                   2 of       3 lines differ
                  expected: k1-expected
                  actual:   k1-actual
                timer:hrtimer_start                            1 of       1 lines differ
                  expected: t-expected
                  actual:   t-actual
                """);
    }

    @Test
    void shouldKeepAsManyExamplesAsAskedAndFilterByType() {
        RenderOracleReport report = new RenderOracleReport(2);
        report.add("kmem:kmalloc", "k1", "x1");
        report.add("kmem:kmalloc", "k2", "x2");
        report.add("kmem:kmalloc", "k3", "x3");
        report.add("timer:hrtimer_start", "t", "u");

        assertThat(report.render("kmem:kmalloc")).contains("k1", "k2").doesNotContain("k3", "hrtimer");
    }

    @Test
    void shouldTreatAMissingPartnerAsADifferenceAndShowEmbeddedNewlines() {
        RenderOracleReport report = new RenderOracleReport();
        report.add(RenderOracleReport.NO_RECORD, "kernel\tline\ntwo", null);
        report.add("ftrace:print", null, "rendered");

        assertThat(report.identical()).isZero();
        assertThat(report.render()).contains("  expected: kernel\\tline\\ntwo\n  actual:   <none>\n",
                "  expected: <none>\n  actual:   rendered\n");
    }

    @Test
    void shouldFailOnProblemsEvenWhenEveryLineIsIdentical() {
        RenderOracleReport report = new RenderOracleReport();
        report.add("sched:sched_switch", "same", "same");
        report.problem("cpu1: 3 kernel lines but 2 decoded records");

        assertThat(report.identicalPercent()).isEqualTo(100.0);
        assertThat(report.passes(RenderOracleReport.TARGET_PERCENT)).isFalse();
        assertThat(report.summary()).endsWith(", 1 problem(s)");
        assertThat(report.render()).contains("PROBLEM: cpu1: 3 kernel lines but 2 decoded records\n");
    }

    @Test
    void shouldNotPassAnEmptyComparison() {
        assertThat(new RenderOracleReport().passes(0)).isFalse();
    }

    @Test
    void shouldShowTheFirstExceptionOfTheRenderer() {
        RenderOracleReport report = new RenderOracleReport();
        report.firstThrow(new UnsupportedOperationException("first"));
        report.firstThrow(new IllegalStateException("second"));

        assertThat(report.render()).contains("UnsupportedOperationException: first").doesNotContain("second");
    }

    @Test
    void shouldCountLinesOfEveryType() {
        RenderOracleReport report = new RenderOracleReport();
        report.add("a:x", "1", "1");
        report.add("b:y", "1", "2");
        report.add("b:y", "1", "1");

        assertThat(report.renderCounts()).isEqualTo("""
                   lines differing  type
                       2         1  b:y
                       1         0  a:x
                """);
    }
    @Test
    void shouldNameTheSystemsWithoutASingleLine() {
        RenderOracleReport report = new RenderOracleReport();
        report.add("sched:sched_switch", "1", "1");
        report.add("udp:udp_fail_queue_rcv_skb", "1", "2");
        report.add(RenderOracleReport.NO_RECORD, "1", null);

        assertThat(report.lines("udp:udp_fail_queue_rcv_skb")).isEqualTo(1);
        assertThat(report.lines("ftrace:print")).isZero();
        assertThat(report.systemsWithoutLines(java.util.List.of("sched", "tcp", "udp", "napi")))
                .containsExactly("tcp", "napi");
    }

    @Test
    void shouldNotCoverAnEmptyComparisonOneWithoutMarkersOrOneMissingASystemWhenRequired() {
        java.util.List<String> systems = java.util.List.of("sched", "tcp");
        RenderOracleReport empty = new RenderOracleReport();
        assertThatThrownBy(() -> RenderOracleKernelTest.assertCovered(empty, systems, false))
                .isInstanceOf(AssertionError.class).hasMessageContaining("empty comparison");

        RenderOracleReport noMarker = new RenderOracleReport();
        noMarker.add("sched:sched_switch", "1", "1");
        noMarker.add("tcp:tcp_probe", "1", "1");
        assertThatThrownBy(() -> RenderOracleKernelTest.assertCovered(noMarker, systems, true))
                .isInstanceOf(AssertionError.class).hasMessageContaining("trace_marker");

        RenderOracleReport noTcp = new RenderOracleReport();
        noTcp.add("sched:sched_switch", "1", "1");
        noTcp.add("ftrace:print", "1", "1");
        RenderOracleKernelTest.assertCovered(noTcp, systems, false); // only a note without CI=true
        assertThatThrownBy(() -> RenderOracleKernelTest.assertCovered(noTcp, systems, true))
                .isInstanceOf(AssertionError.class).hasMessageContaining("produced no line").hasMessageContaining("tcp");

        noTcp.add("tcp:tcp_probe", "1", "1");
        RenderOracleKernelTest.assertCovered(noTcp, systems, true);
    }
}
