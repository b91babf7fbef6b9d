package dev.jtrace.samples.cli;

import dev.jtrace.traceevent.EventRecord;
import dev.jtrace.traceevent.EventRenderer;
import dev.jtrace.tracefs.TraceSession;
import dev.jtrace.tracefs.Tracefs;
import java.io.PrintStream;
import java.time.Duration;

/** {@code jtrace stream}: live events to stdout in the kernel's own text format. */
final class StreamCommand {
    static final String HELP = """
            usage: jtrace stream [-e SYSTEM:EVENT[:FILTER]]... [-d SECONDS] [-b KB] [-C CLOCK] [-- COMMAND...]

            Prints events as they happen, each line as the kernel's trace file shows it
            (comm-pid [cpu] flags timestamp: event: info). Runs until Ctrl-C, until -d SECONDS
            pass, or until COMMAND ends (then only COMMAND and its children are traced).
              -e   events to trace (repeatable; globs; a bare NAME is a system or an event);
                   default: sched_switch, sched_wakeup and process fork/exec/exit
              -d   stop after SECONDS
              -b   per-CPU buffer size in KiB
              -C   trace clock (see 'jtrace list')
            Tracing happens in an instance of its own, removed on exit.""";

    private StreamCommand() {
    }

    static int run(String[] argv, PrintStream out, PrintStream err) throws TraceArgs.UsageException {
        TraceArgs args = TraceArgs.parse(argv, "edbC");
        if (args.help()) {
            out.println(HELP);
            return JtraceCli.EXIT_OK;
        }
        Tracefs tracefs = Tracefs.open();
        TraceSession.Builder builder = TraceSession.builder(tracefs).option("hash-ptr", false);
        Tracing.addEvents(builder, args, tracefs.root(), Tracing.STREAM_DEFAULTS);
        if (args.bufferKb() > 0) {
            builder.bufferSizeKb(args.bufferKb());
        }
        if (args.clock() != null) {
            builder.clock(args.clock());
        }
        TracedCommand child = args.command().isEmpty() ? null : TracedCommand.startStopped(args.command());
        try (StopSignal stop = StopSignal.install();
                TraceSession session = build(builder, child);
                LineSink sink = new LineSink(out, 1 << 16)) {
            stop.onStop(session::stop);
            session.start();
            Tracing.stopAfter(args.seconds(), stop);
            if (child != null) {
                child.onExit(stop::requestStop);
                child.resume();
            }
            EventRenderer renderer = new EventRenderer(session.formats(),
                    LiveContext.read(tracefs.root(), session.instance().path()));
            while (true) {
                EventRecord record = session.next(Duration.ofMillis(100));
                if (record == null) {
                    sink.flush(); // idle: show what came so far
                    if (!session.isRunning()) {
                        break;
                    }
                    continue;
                }
                sink.println(renderer.line(record));
            }
            long lost = session.lostEvents();
            if (lost > 0) {
                err.println("jtrace: " + lost + " events lost (the reader fell behind; try a larger -b)");
            }
        } finally {
            if (child != null) {
                child.stop();
            }
        }
        return JtraceCli.EXIT_OK;
    }

    static TraceSession build(TraceSession.Builder builder, TracedCommand child) {
        if (child != null) {
            builder.pids(child.pid()).followForks(true);
        }
        try {
            return builder.build();
        } catch (RuntimeException e) {
            if (child != null) {
                child.stop();
            }
            throw e;
        }
    }
}
