package dev.jtrace.traceevent;

import java.nio.file.Path;

/**
 * Re-runs the render oracle from a dump directory written by {@link RenderOracleKernelTest} (with
 * {@code -Djtrace.oracleDump=DIR} or {@code JTRACE_ORACLE_DUMP=DIR}), without the kernel:
 * <pre>
 * ./mvnw -q -B test-compile -pl jtrace-traceevent -am
 * java -cp jtrace-traceevent/target/test-classes:jtrace-traceevent/target/classes:jtrace-core/target/classes \
 *     dev.jtrace.traceevent.RenderOracleOffline DIR [--examples N] [--type SYSTEM:NAME] [--counts]
 * </pre>
 * {@code --examples N} keeps N example pairs per differing type (default 1); {@code --type} prints
 * only that type's examples; {@code --counts} adds the line count of every event type. The exit
 * status is 0 when the comparison passes (at least 99.9% identical, no problems), else 1.
 */
final class RenderOracleOffline {
    private RenderOracleOffline() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 1 || args[0].startsWith("-")) {
            System.err.println("usage: RenderOracleOffline DIR [--examples N] [--type SYSTEM:NAME] [--counts]");
            System.exit(2);
        }
        Path dir = Path.of(args[0]);
        int examples = 1;
        String type = null;
        boolean counts = false;
        for (int i = 1; i < args.length; i++) {
            switch (args[i]) {
                case "--examples" -> examples = Integer.parseInt(args[++i]);
                case "--type" -> type = args[++i];
                case "--counts" -> counts = true;
                default -> {
                    System.err.println("unknown option " + args[i]);
                    System.exit(2);
                }
            }
        }
        long t0 = System.nanoTime();
        RenderOracleInputs inputs = RenderOracleInputs.load(dir);
        long t1 = System.nanoTime();
        EventRenderer renderer = new EventRenderer(inputs.formats(), inputs.context());
        RenderOracleReport report = RenderOracleCompare.compare(inputs, renderer::appendLine,
                type == null ? examples : Math.max(examples, 1));
        long t2 = System.nanoTime();
        System.out.print(type == null ? report.render() : report.render(type));
        if (counts) {
            System.out.print(report.renderCounts());
        }
        System.out.printf("(loaded in %d ms, compared in %d ms)%n", (t1 - t0) / 1_000_000, (t2 - t1) / 1_000_000);
        System.exit(report.passes(RenderOracleReport.TARGET_PERCENT) ? 0 : 1);
    }
}
