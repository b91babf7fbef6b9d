package dev.jtrace.traceevent;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Tallies the oracle comparison: every (expected, actual) line pair by event type, the share of
 * byte-identical lines, and problems that are not a line pair (a CPU whose line and record counts
 * differ, lost events, unparsable kernel lines). Builds the text printed by the oracle test and by
 * {@link RenderOracleOffline}.
 *
 * <p>Plain JDK only (no AssertJ, no JUnit): the offline tool runs it without the test classpath.
 */
final class RenderOracleReport {
    /** The bar of issue 3: the share of byte-identical lines, in percent. */
    static final double TARGET_PERCENT = 99.9;

    /** The type of a kernel line that had no decoded record to pair with. */
    static final String NO_RECORD = "(kernel line without a decoded record)";

    /** The lines of one event type: how many, how many differ, the first differing pairs. */
    static final class TypeTally {
        final String type;
        long lines;
        long differing;
        final List<String[]> examples = new ArrayList<>();

        TypeTally(String type) {
            this.type = type;
        }
    }

    private final int examplesPerType;
    private final Map<String, TypeTally> byType = new LinkedHashMap<>();
    private final List<String> problems = new ArrayList<>();
    private long total;
    private long identical;
    private Throwable firstThrow;

    /** A report keeping one example pair per differing event type. */
    RenderOracleReport() {
        this(1);
    }

    /**
     * A report keeping up to {@code examplesPerType} example pairs per differing event type.
     *
     * @param examplesPerType at least 1
     */
    RenderOracleReport(int examplesPerType) {
        if (examplesPerType < 1) {
            throw new IllegalArgumentException("examplesPerType " + examplesPerType);
        }
        this.examplesPerType = examplesPerType;
    }

    /**
     * Counts one pair. {@code null} on either side means the other had no partner (a count
     * mismatch); such a pair always differs.
     */
    void add(String type, String expected, String actual) {
        total++;
        TypeTally tally = byType.computeIfAbsent(type, TypeTally::new);
        tally.lines++;
        if (expected != null && expected.equals(actual)) {
            identical++;
            return;
        }
        tally.differing++;
        if (tally.examples.size() < examplesPerType) {
            tally.examples.add(new String[] {expected, actual});
        }
    }

    /** Records something that is not a line pair but makes the comparison untrustworthy. */
    void problem(String text) {
        problems.add(text);
    }

    /** Keeps the first exception the renderer threw, to show its stack in the report. */
    void firstThrow(Throwable t) {
        if (firstThrow == null) {
            firstThrow = t;
        }
    }

    long total() {
        return total;
    }

    long identical() {
        return identical;
    }

    List<String> problems() {
        return List.copyOf(problems);
    }

    /**
     * The lines of one event type.
     *
     * @param type {@code system:name}
     * @return how many pairs of that type were counted
     */
    long lines(String type) {
        TypeTally t = byType.get(type);
        return t == null ? 0 : t.lines;
    }

    /**
     * The systems of {@code systems} that produced no line at all: a workload that never reaches an
     * enabled system leaves its rendering untested while the share of identical lines still looks fine.
     *
     * @param systems event systems, such as {@code sched}
     * @return those without a single line, in the given order
     */
    List<String> systemsWithoutLines(List<String> systems) {
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (String type : byType.keySet()) {
            int colon = type.indexOf(':');
            if (colon > 0) {
                seen.add(type.substring(0, colon));
            }
        }
        List<String> silent = new ArrayList<>();
        for (String s : systems) {
            if (!seen.contains(s)) {
                silent.add(s);
            }
        }
        return silent;
    }

    /** The share of identical lines in percent; 100 for an empty comparison (nothing differed). */
    double identicalPercent() {
        return total == 0 ? 100.0 : 100.0 * identical / total;
    }

    /** Whether at least {@code percent} of the lines are identical and no problem was recorded. */
    boolean passes(double percent) {
        return problems.isEmpty() && total > 0 && identicalPercent() >= percent;
    }

    /** Every event type seen, most differing lines first, then most lines, then by name. */
    List<TypeTally> tallies() {
        List<TypeTally> list = new ArrayList<>(byType.values());
        list.sort(Comparator.comparingLong((TypeTally t) -> -t.differing).thenComparingLong(t -> -t.lines)
                .thenComparing(t -> t.type));
        return list;
    }

    /** One line for CI logs: {@code render oracle: 12345/12350 lines identical (99.960%), 2 event types differ}. */
    String summary() {
        long typesDiffering = byType.values().stream().filter(t -> t.differing > 0).count();
        return String.format(Locale.ROOT, "render oracle: %d/%d lines identical (%.3f%%), %d of %d event types differ%s",
                identical, total, identicalPercent(), typesDiffering, byType.size(),
                problems.isEmpty() ? "" : ", " + problems.size() + " problem(s)");
    }

    /**
     * The full report: the summary, the problems, then each differing event type (most differing
     * lines first) with its example pairs.
     */
    String render() {
        return render(null);
    }

    /** The report with the example pairs of one event type only ({@code system:name}), or all if null. */
    String render(String onlyType) {
        StringBuilder sb = new StringBuilder(summary()).append('\n');
        for (String p : problems) {
            sb.append("PROBLEM: ").append(p).append('\n');
        }
        if (firstThrow != null) {
            sb.append("the renderer threw (first of its exceptions; such lines count as differing): ")
                    .append(brief(firstThrow)).append('\n');
            StackTraceElement[] stack = firstThrow.getStackTrace();
            for (int i = 0; i < Math.min(8, stack.length); i++) {
                sb.append("    at ").append(stack[i]).append('\n');
            }
        }
        for (TypeTally t : tallies()) {
            if (t.differing == 0 || (onlyType != null && !onlyType.equals(t.type))) {
                continue;
            }
            sb.append(String.format(Locale.ROOT, "%-40s %7d of %7d lines differ%n", t.type, t.differing, t.lines));
            for (String[] pair : t.examples) {
                sb.append("  expected: ").append(show(pair[0])).append('\n');
                sb.append("  actual:   ").append(show(pair[1])).append('\n');
            }
        }
        return sb.toString();
    }

    /** Line counts of every event type: {@code lines differing type}, most lines first. */
    String renderCounts() {
        List<TypeTally> list = new ArrayList<>(byType.values());
        list.sort(Comparator.comparingLong((TypeTally t) -> -t.lines).thenComparing(t -> t.type));
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%8s %9s  %s%n", "lines", "differing", "type"));
        for (TypeTally t : list) {
            sb.append(String.format(Locale.ROOT, "%8d %9d  %s%n", t.lines, t.differing, t.type));
        }
        return sb.toString();
    }

    /** An exception's class and message, the message cut to 160 characters. */
    static String brief(Throwable t) {
        String message = String.valueOf(t.getMessage());
        return t.getClass().getName() + ": " + (message.length() > 160 ? message.substring(0, 160) + "..." : message);
    }

    /**
     * Makes a line printable on one report line: embedded newlines and tabs shown as {@code \n} and
     * {@code \t} (backslashes are left alone: paths and kernel text read better that way).
     */
    static String show(String line) {
        if (line == null) {
            return "<none>";
        }
        return line.replace("\n", "\\n").replace("\t", "\\t");
    }
}
