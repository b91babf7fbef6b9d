package dev.jtrace.traceevent;

/**
 * The display options of the function_graph tracer (its {@code options/funcgraph-*} files) and the
 * two global trace options that change its output, as {@link FunctionGraphRenderer} applies them.
 *
 * <p>The defaults are the kernel's: CPU, overhead, duration and irqs on; proc, abstime, tail,
 * overrun, retval and retaddr off; {@code context-info} on and {@code latency-format} off. The CPU
 * column is as wide as the largest possible CPU number ({@code nr_cpu_ids - 1}) has digits.
 *
 * @param cpu {@code funcgraph-cpu}: the {@code " N) "} column
 * @param overhead {@code funcgraph-overhead}: the {@code + ! # * @ $} mark before long durations
 * @param proc {@code funcgraph-proc}: the {@code comm-pid} column
 * @param duration {@code funcgraph-duration}: the duration column
 * @param absTime {@code funcgraph-abstime}: the absolute time column
 * @param irqs {@code funcgraph-irqs}: show functions run in interrupts (off: the tracer's own
 *     output hides them, from the irq entry function to its return)
 * @param tail {@code funcgraph-tail}: name the function after every closing brace
 * @param overrun {@code funcgraph-overrun}: a {@code (Overruns: n)} line after each return
 * @param retval {@code funcgraph-retval} (6.5+): the return value in a comment
 * @param retvalHex {@code funcgraph-retval-hex} (6.5+): the return value always in hex
 * @param contextInfo the {@code context-info} trace option: every column before the function
 * @param latencyFormat the {@code latency-format} trace option: the latency flags column
 * @param nrCpuIds the kernel's {@code nr_cpu_ids} (the number of possible CPUs), at least 1
 */
public record FunctionGraphOptions(boolean cpu, boolean overhead, boolean proc, boolean duration, boolean absTime,
        boolean irqs, boolean tail, boolean overrun, boolean retval, boolean retvalHex, boolean contextInfo,
        boolean latencyFormat, int nrCpuIds) {

    /**
     * Checks the CPU count.
     *
     * @param cpu {@code funcgraph-cpu}
     * @param overhead {@code funcgraph-overhead}
     * @param proc {@code funcgraph-proc}
     * @param duration {@code funcgraph-duration}
     * @param absTime {@code funcgraph-abstime}
     * @param irqs {@code funcgraph-irqs}
     * @param tail {@code funcgraph-tail}
     * @param overrun {@code funcgraph-overrun}
     * @param retval {@code funcgraph-retval}
     * @param retvalHex {@code funcgraph-retval-hex}
     * @param contextInfo {@code context-info}
     * @param latencyFormat {@code latency-format}
     * @param nrCpuIds the number of possible CPUs
     * @throws IllegalArgumentException if {@code nrCpuIds} is below 1
     */
    public FunctionGraphOptions {
        if (nrCpuIds < 1) {
            throw new IllegalArgumentException("nrCpuIds " + nrCpuIds + " is below 1");
        }
    }

    /**
     * Returns the kernel's default options for a machine with that many possible CPUs.
     *
     * @param nrCpuIds the number of possible CPUs ({@code /sys/devices/system/cpu/possible})
     * @return the defaults
     * @throws IllegalArgumentException if {@code nrCpuIds} is below 1
     */
    public static FunctionGraphOptions defaults(int nrCpuIds) {
        return new FunctionGraphOptions(true, true, false, true, false, true, false, false, false, false, true,
                false, nrCpuIds);
    }

    /**
     * Reads the options from a tracer's option files as {@code name value} lines (what
     * {@code for f in options/*; do echo "${f##*}" $(cat $f); done} prints) or as the
     * {@code trace_options} file ({@code name} or {@code noname} per line); options not mentioned
     * keep their defaults.
     *
     * @param text the option lines
     * @param nrCpuIds the number of possible CPUs
     * @return the options
     * @throws IllegalArgumentException if {@code nrCpuIds} is below 1
     */
    public static FunctionGraphOptions parse(String text, int nrCpuIds) {
        FunctionGraphOptions o = defaults(nrCpuIds);
        boolean[] v = {o.cpu, o.overhead, o.proc, o.duration, o.absTime, o.irqs, o.tail, o.overrun, o.retval,
            o.retvalHex, o.contextInfo, o.latencyFormat};
        String[] names = {"funcgraph-cpu", "funcgraph-overhead", "funcgraph-proc", "funcgraph-duration",
            "funcgraph-abstime", "funcgraph-irqs", "funcgraph-tail", "funcgraph-overrun", "funcgraph-retval",
            "funcgraph-retval-hex", "context-info", "latency-format"};
        for (String line : text.split("\n")) {
            String[] words = line.strip().split("\\s+");
            if (words.length == 0 || words[0].isEmpty()) {
                continue;
            }
            String name = words[0];
            boolean on = true;
            if (words.length >= 2) {
                on = !words[1].equals("0");
            } else if (name.startsWith("no")) {
                name = name.substring(2);
                on = false;
            }
            for (int i = 0; i < names.length; i++) {
                if (names[i].equals(name)) {
                    v[i] = on;
                }
            }
        }
        return new FunctionGraphOptions(v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8], v[9], v[10], v[11],
                nrCpuIds);
    }

    /** Digits of the largest possible CPU number: the width of the CPU column. */
    int cpuDigits() {
        return Integer.toString(nrCpuIds - 1).length();
    }
}
