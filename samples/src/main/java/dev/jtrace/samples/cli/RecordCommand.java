package dev.jtrace.samples.cli;

import dev.jtrace.core.CpuSet;
import dev.jtrace.ringbuffer.CpuBufferReader;
import dev.jtrace.ringbuffer.ReadMode;
import dev.jtrace.ringbuffer.SubBuffer;
import dev.jtrace.samples.cli.TraceArgs.EventSelection;
import dev.jtrace.tracedat.SubBufferSink;
import dev.jtrace.tracedat.TraceDatFormat;
import dev.jtrace.tracedat.TraceDatMetadata;
import dev.jtrace.tracedat.TraceDatWriter;
import dev.jtrace.traceevent.EventRecord;
import dev.jtrace.traceevent.PageDecoder;
import dev.jtrace.tracefs.TraceInstance;
import dev.jtrace.tracefs.Tracefs;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code jtrace record}: record events into a trace.dat file that trace-cmd and KernelShark open.
 * Sub-buffers go from the kernel to the file without being decoded (they are decoded only to count
 * events for the progress line).
 */
final class RecordCommand {
    static final String HELP = """
            usage: jtrace record [-e SYSTEM:EVENT[:FILTER]]... [-o FILE] [-d SECONDS] [-b KB] [-C CLOCK] [-- COMMAND...]

            Records events into FILE (default trace.dat; trace.dat version 7, zstd-compressed), showing
            one progress line (events, bytes, lost) on stderr. Runs until Ctrl-C, until -d SECONDS
            pass, or until COMMAND ends (then only COMMAND and its children are traced). Read the
            file with 'jtrace report FILE' or 'trace-cmd report FILE'.
              -e   events to record (repeatable; globs; a bare NAME is a system or an event);
                   default: sched, raw_syscalls:sys_enter, irq, timer, workqueue, signal
              -o   output file
              -d   stop after SECONDS
              -b   per-CPU buffer size in KiB
              -C   trace clock (see 'jtrace list')""";

    private RecordCommand() {
    }

    static int run(String[] argv, PrintStream out, PrintStream err) throws TraceArgs.UsageException {
        TraceArgs args = TraceArgs.parse(argv, "eodbC");
        if (args.help()) {
            out.println(HELP);
            return JtraceCli.EXIT_OK;
        }
        Path file = Path.of(args.output() == null ? "trace.dat" : args.output());
        Tracefs tracefs = Tracefs.open();
        TracedCommand[] child = {null};
        try (StopSignal stop = StopSignal.install(); TraceInstance instance = tracefs.createInstance()) {
            List<CpuBufferReader> readers = new ArrayList<>();
            try {
                record(tracefs, instance, readers, args, file, stop, child, err);
            } finally {
                closeAll(readers); // before the instance: it cannot be removed while they are open
            }
            err.printf("jtrace: wrote %s%s%n", file,
                    stop.signalName() == null ? "" : " (stopped by " + stop.signalName() + ")");
        } finally {
            if (child[0] != null) {
                child[0].stop();
            }
        }
        return JtraceCli.EXIT_OK;
    }

    private static void record(Tracefs tracefs, TraceInstance instance, List<CpuBufferReader> readers,
            TraceArgs args, Path file, StopSignal stop, TracedCommand[] child, PrintStream err) {
        instance.setTracingOn(false);
        // Wake only when a buffer is half full: each read is itself traced when system calls are,
        // and waking per event would fill the file with the recorder's own reads.
        instance.buffer().setPercent(50);
        configure(instance, args, tracefs.root());
        if (!args.command().isEmpty()) {
            child[0] = TracedCommand.startStopped(args.command());
            instance.options().set("event-fork", true);
            instance.events().setPids(List.of(child[0].pid()));
        }
        CpuSet cpus = CpuSet.online();
        for (int cpu = cpus.next(0); cpu >= 0; cpu = cpus.next(cpu + 1)) {
            readers.add(CpuBufferReader.open(instance.path(), cpu, ReadMode.AUTO));
        }
        Progress progress = new Progress(readers.get(0).header(), err);
        TraceDatMetadata metadata = TraceDatMetadata.fromTracefs(tracefs.root(), instance.path());
        try (TraceDatWriter writer = TraceDatWriter.create(file, TraceDatFormat.V7_ZSTD, metadata)) {
            SubBufferSink sink = writer.buffer("", LiveContext.clock(instance.path()),
                    readers.get(0).header().subBufferSize());
            stop.onStop(() -> readers.forEach(CpuBufferReader::wakeup));
            instance.setTracingOn(true);
            Tracing.stopAfter(args.seconds(), stop);
            if (child[0] != null) {
                child[0].onExit(stop::requestStop);
                child[0].resume();
            }
            while (!stop.stopRequested()) {
                if (drain(readers, sink, progress) == 0) {
                    readers.get(0).await(Duration.ofMillis(50));
                }
                progress.show(false);
            }
            instance.setTracingOn(false);
            drain(readers, sink, progress); // what was written before tracing stopped
            progress.show(true);
            // Task names and CPU statistics as they are at the end, as trace-cmd records them.
            writer.replaceMetadata(TraceDatMetadata.fromTracefs(tracefs.root(), instance.path()));
        }
    }

    private static void configure(TraceInstance instance, TraceArgs args, Path tracefs) {
        if (args.bufferKb() > 0) {
            instance.buffer().setSizeKb(args.bufferKb());
        }
        if (args.clock() != null) {
            instance.setTraceClock(args.clock());
        }
        if (args.events().isEmpty()) {
            for (String d : Tracing.MACHINE_DEFAULTS) {
                for (var name : instance.events().enable(d)) {
                    if (Tracing.isSyscallEvent(d)) {
                        instance.events().setFilter(name.toString(), Tracing.notThisReader());
                    }
                }
            }
            return;
        }
        for (EventSelection e : args.events()) {
            String pattern = Tracing.pattern(e, tracefs);
            for (var name : instance.events().enable(pattern)) {
                if (e.filter() != null) {
                    instance.events().setFilter(name.toString(), e.filter());
                }
            }
        }
    }

    private static void closeAll(List<CpuBufferReader> readers) {
        readers.forEach(CpuBufferReader::close); // idempotent
    }

    private static long drain(List<CpuBufferReader> readers, SubBufferSink sink, Progress progress) {
        long pages = 0;
        for (CpuBufferReader r : readers) {
            SubBuffer sb;
            while ((sb = r.nextSubBuffer()) != null) {
                sink.accept(sb.cpu(), sb.segment());
                progress.count(sb, r.lostEvents());
                pages++;
            }
        }
        return pages;
    }

    /** The progress report: events, bytes and lost so far (see {@link ProgressLine}). */
    private static final class Progress {
        private final PageDecoder decoder;
        private final EventRecord record = new EventRecord();
        private final ProgressLine line;
        private final long[] lostByCpu = new long[CpuSet.MAX_CPUS];
        private long events;
        private long bytes;
        private long lost;

        Progress(dev.jtrace.traceevent.HeaderPage header, PrintStream err) {
            this.decoder = new PageDecoder(header);
            this.line = new ProgressLine(err, ProgressLine.stderrIsTerminal());
        }

        void count(SubBuffer sb, long lostOnCpu) {
            decoder.reset(sb.segment(), "cpu" + sb.cpu(), sb.cpu());
            while (decoder.next(record)) {
                events++;
            }
            bytes += sb.dataLength();
            lost += lostOnCpu - lostByCpu[sb.cpu()];
            lostByCpu[sb.cpu()] = lostOnCpu;
        }

        void show(boolean last) {
            long now = System.nanoTime();
            if (!last && !line.due(now)) {
                return; // checked first: the text is built only when it is shown
            }
            line.show("jtrace record: " + events + " events, " + (bytes >> 10) + " KiB, " + lost + " lost",
                    last, now);
        }
    }
}
