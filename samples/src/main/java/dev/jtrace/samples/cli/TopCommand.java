package dev.jtrace.samples.cli;

import dev.jtrace.core.CpuSet;
import dev.jtrace.tracefs.CpuStats;
import dev.jtrace.tracefs.TraceSession;
import dev.jtrace.tracefs.Tracefs;
import java.io.PrintStream;

/** {@code jtrace top}: trace the machine (or a command) for a while and print a summary. */
final class TopCommand {
    static final String HELP = """
            usage: jtrace top [-d SECONDS] [-e SYSTEM:EVENT[:FILTER]]... [-b KB] [-- COMMAND...]

            Traces the whole machine for SECONDS (default 3), or COMMAND and its children until it
            ends, then prints: events per type, the processes switched out most often, the processes
            making the most system calls, and the events lost per CPU. Ctrl-C ends it early.
              -d   how long to trace (default 3 s; with COMMAND: until it ends)
              -e   events to trace instead of the default set (sched, raw_syscalls:sys_enter, irq,
                   timer, workqueue, signal)
              -b   per-CPU buffer size in KiB""";

    static final double DEFAULT_SECONDS = 3;
    private static final int ROWS = 10;

    private TopCommand() {
    }

    static int run(String[] argv, PrintStream out, PrintStream err) throws TraceArgs.UsageException {
        TraceArgs args = TraceArgs.parse(argv, "edb");
        if (args.help()) {
            out.println(HELP);
            return JtraceCli.EXIT_OK;
        }
        Tracefs tracefs = Tracefs.open();
        // Wake the reader only when a buffer is half full: every read is itself a traced system
        // call, and a reader woken by each event would mostly count its own reads.
        TraceSession.Builder builder = TraceSession.builder(tracefs).wakeupPercent(50);
        Tracing.addEvents(builder, args, tracefs.root(), Tracing.MACHINE_DEFAULTS);
        if (args.bufferKb() > 0) {
            builder.bufferSizeKb(args.bufferKb());
        }
        double seconds = args.seconds() > 0 || !args.command().isEmpty() ? args.seconds() : DEFAULT_SECONDS;
        TracedCommand child = args.command().isEmpty() ? null : TracedCommand.startStopped(args.command());
        try (StopSignal stop = StopSignal.install(); TraceSession session = StreamCommand.build(builder, child)) {
            TopSummary summary = new TopSummary(session.formats());
            stop.onStop(session::stop);
            long start = System.nanoTime();
            session.start();
            Tracing.stopAfter(seconds, stop);
            if (child != null) {
                child.onExit(stop::requestStop);
                child.resume();
            } else {
                err.printf("jtrace: tracing this machine for %.1f s (Ctrl-C ends it early)...%n", seconds);
            }
            session.consume(summary::accept);
            double elapsed = (System.nanoTime() - start) / 1e9;
            CpuSet cpus = CpuSet.online();
            long[] lost = new long[cpus.max() + 1];
            for (int cpu = cpus.next(0); cpu >= 0; cpu = cpus.next(cpu + 1)) {
                CpuStats s = session.instance().buffer().stats(cpu);
                lost[cpu] = s.overrun() + s.dropped();
            }
            summary.print(out, elapsed, cpus, lost, LiveContext.comms(tracefs.root()), ROWS);
        } finally {
            if (child != null) {
                child.stop();
            }
        }
        return JtraceCli.EXIT_OK;
    }
}
