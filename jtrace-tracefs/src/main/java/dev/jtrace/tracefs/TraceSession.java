package dev.jtrace.tracefs;

import dev.jtrace.core.CpuSet;
import dev.jtrace.core.ResourceClosedException;
import dev.jtrace.traceevent.EventFormat;
import dev.jtrace.traceevent.EventFormats;
import dev.jtrace.traceevent.EventRecord;
import dev.jtrace.tracefs.internal.Cleanup;
import dev.jtrace.tracefs.internal.Names;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A live trace: one object that sets up a tracefs instance of its own (events, filters, probes,
 * options, buffer size, clock, CPUs, pids), records, and streams the decoded records as they come.
 * Closing it undoes everything: the instance is removed and the probes it created are deleted.
 * {@snippet :
 * try (TraceSession session = TraceSession.builder()
 *         .event("sched:sched_switch", "prev_pid == 42 || next_pid == 42")
 *         .event("syscalls:sys_enter_openat")
 *         .bufferSizeKb(4096)
 *         .start()) {
 *     EventFormat sw = session.formats().find("sched", "sched_switch");
 *     int prevPid = sw.field("prev_pid").offset();
 *     for (EventRecord record : session) {                  // ends after stop()
 *         if (record.id() == sw.id()) {
 *             System.out.println(record.timestamp() + " " + record.s32(prevPid));
 *         }
 *     }
 * }
 * }
 *
 * <h2>Reading</h2>
 * Records come in time-stamp order across CPUs (of those read so far: a CPU whose buffer was empty
 * when read may deliver older records later). Iterator style: {@link #next(Duration)},
 * {@link #poll()} or the {@link Iterable} view; callback style: {@link #drain(RecordHandler)} (what
 * is there now) and {@link #consume(RecordHandler)} (until {@link #stop()}). Every style hands out
 * the same reused {@link EventRecord} view over the session's buffers: <b>a record is valid until
 * the next call that reads from the session</b>; copy what you keep. Nothing is allocated per record.
 * One thread reads at a time; {@link #stop()} and {@link #close()} may come from any thread.
 *
 * <h2>Life cycle</h2>
 * {@link Builder#build()} sets everything up with recording off; {@link #start()} turns recording on,
 * {@link #stop()} off (records already recorded can still be read, then iteration ends);
 * {@link #close()} stops, releases the reader and removes the instance and probes. A JVM shutdown
 * hook closes sessions left open; the {@link Reaper} cleans up after a killed process.
 */
public final class TraceSession implements AutoCloseable, Iterable<EventRecord> {
    private static final long POLL_SLICE_NANOS = 100_000_000L;

    private final TraceInstance instance;
    private final List<DynamicEvent> probes;
    private final RecordSource source;
    private final ReentrantLock reader = new ReentrantLock();
    private volatile EventFormats formats;
    private volatile boolean fullFormatsLoaded;
    private volatile boolean running;
    private volatile boolean closed;
    private TraceMarker marker;

    private TraceSession(TraceInstance instance, List<DynamicEvent> probes, RecordSource source, EventFormats formats) {
        this.instance = instance;
        this.probes = List.copyOf(probes);
        this.source = source;
        this.formats = formats;
        Cleanup.register(this);
    }

    /**
     * Starts describing a session on the tracefs found by {@link Tracefs#open()}.
     *
     * @return the builder
     */
    public static Builder builder() {
        return new Builder(null);
    }

    /**
     * Starts describing a session on a given tracefs.
     *
     * @param tracefs the tracefs
     * @return the builder
     */
    public static Builder builder(Tracefs tracefs) {
        return new Builder(Objects.requireNonNull(tracefs, "tracefs"));
    }

    /**
     * Turns recording on (again, after {@link #stop()}).
     *
     * @return this session
     * @throws ResourceClosedException if the session is closed
     * @throws dev.jtrace.core.KernelCallException if the kernel refuses
     */
    public TraceSession start() {
        checkOpen();
        instance.setTracingOn(true);
        running = true;
        return this;
    }

    /**
     * Turns recording off. Records already recorded remain readable; once they are read, iteration
     * and {@link #consume} end. Idempotent; may be called from any thread, also from a handler.
     *
     * @throws dev.jtrace.core.KernelCallException if the kernel refuses
     */
    public void stop() {
        if (closed || !running) {
            running = false;
            return;
        }
        running = false;
        instance.setTracingOn(false);
    }

    /**
     * Tells whether the session is recording.
     *
     * @return {@code true} between {@link #start()} and {@link #stop()}
     */
    public boolean isRunning() {
        return running;
    }

    /**
     * Returns the next record if one is available now, without waiting.
     *
     * @return a view valid until the next read call, or {@code null}
     * @throws ResourceClosedException if the session is closed
     */
    public EventRecord poll() {
        reader.lock();
        try {
            checkOpen();
            return source.next();
        } finally {
            reader.unlock();
        }
    }

    /**
     * Returns the next record, waiting at most {@code timeout} for one.
     *
     * @param timeout the longest wait
     * @return a view valid until the next read call, or {@code null} if none came in time, or the
     *     session was stopped and everything recorded has been read, or it was closed meanwhile
     * @throws ResourceClosedException if the session is closed when called
     */
    public EventRecord next(Duration timeout) {
        reader.lock();
        try {
            checkOpen();
            return nextRecord(timeout.toNanos());
        } finally {
            reader.unlock();
        }
    }

    /** The read loop: poll in slices so stop() and close() from other threads are seen quickly. */
    private EventRecord nextRecord(long timeoutNanos) {
        long deadline = System.nanoTime() + Math.max(0, timeoutNanos);
        while (!closed) {
            EventRecord r = source.next();
            if (r != null) {
                return r;
            }
            if (!running) {
                return null; // stopped and drained
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return null;
            }
            source.await(Math.min(left, POLL_SLICE_NANOS));
        }
        return null;
    }

    /**
     * Hands every record available now to {@code handler}, without waiting.
     *
     * @param handler receives the records; each valid during its call
     * @return how many records were handed out
     * @throws ResourceClosedException if the session is closed when called
     */
    public long drain(RecordHandler handler) {
        Objects.requireNonNull(handler, "handler");
        reader.lock();
        try {
            checkOpen();
            long count = 0;
            EventRecord r;
            while (!closed && (r = source.next()) != null) {
                handler.onRecord(r);
                count++;
            }
            return count;
        } finally {
            reader.unlock();
        }
    }

    /**
     * Hands records to {@code handler} as they come, until the session is stopped (and what was
     * recorded has been delivered) or closed.
     *
     * @param handler receives the records; each valid during its call
     * @return how many records were handed out
     * @throws ResourceClosedException if the session is closed when called
     */
    public long consume(RecordHandler handler) {
        Objects.requireNonNull(handler, "handler");
        reader.lock();
        try {
            checkOpen();
            long count = 0;
            while (true) {
                EventRecord r = nextRecord(POLL_SLICE_NANOS);
                if (r != null) {
                    handler.onRecord(r);
                    count++;
                } else if (!running || closed) {
                    return count;
                }
            }
        } finally {
            reader.unlock();
        }
    }

    /**
     * Iterates over the records as they come: {@code hasNext()} waits until a record arrives, and
     * answers {@code false} once the session is stopped and everything recorded has been read (or
     * it is closed). {@code next()} returns the reused view, valid until the next {@code hasNext()}.
     *
     * @return the iterator
     */
    @Override
    public Iterator<EventRecord> iterator() {
        return new Iterator<>() {
            private EventRecord pending;

            @Override
            public boolean hasNext() {
                while (pending == null) {
                    reader.lock();
                    try {
                        if (closed) {
                            return false;
                        }
                        pending = nextRecord(POLL_SLICE_NANOS);
                        if (pending == null && !running) {
                            return false;
                        }
                    } finally {
                        reader.unlock();
                    }
                }
                return true;
            }

            @Override
            public EventRecord next() {
                if (!hasNext()) {
                    throw new NoSuchElementException("the session is stopped and drained");
                }
                EventRecord r = pending;
                pending = null;
                return r;
            }
        };
    }

    /**
     * Returns the formats of the events this session enabled, of its probes and of the ftrace
     * events (markers). Records of other events (enabled by a trigger, for instance) are resolved
     * by {@link #format(EventRecord)}.
     *
     * @return the formats, by id
     */
    public EventFormats formats() {
        return formats;
    }

    /**
     * Returns the format of a record's event.
     *
     * @param record a record of this session
     * @return its format, or {@code null} if the kernel has no event with the record's id
     */
    public EventFormat format(EventRecord record) {
        EventFormat f = formats.byId(record.id());
        if (f == null && !fullFormatsLoaded) {
            synchronized (this) {
                if (!fullFormatsLoaded) {
                    formats = instance.tracefs().loadFormats();
                    fullFormatsLoaded = true;
                }
            }
            f = formats.byId(record.id());
        }
        return f;
    }

    /**
     * Returns the session's instance, for reading settings and counters. Changing its settings
     * while the session runs is allowed; they are discarded with the instance.
     *
     * @return the instance
     */
    public TraceInstance instance() {
        return instance;
    }

    /**
     * Returns the dynamic events this session created.
     *
     * @return the probes
     */
    public List<DynamicEvent> probes() {
        return probes;
    }

    /**
     * Returns a marker writing into this session's buffer: its records appear in the stream among
     * the kernel's (as {@code ftrace:print} and {@code ftrace:raw_data}).
     *
     * @return the marker, opened on first use and closed with the session
     * @throws ResourceClosedException if the session is closed
     */
    public synchronized TraceMarker marker() {
        checkOpen();
        if (marker == null) {
            marker = instance.openMarker();
        }
        return marker;
    }

    /**
     * Returns how many events the kernel reported lost (buffer full) before the records read so
     * far; a loss it could not count adds 1.
     *
     * @return the count
     */
    public long lostEvents() {
        return source.lostEvents();
    }

    private void checkOpen() {
        if (closed) {
            throw new ResourceClosedException("trace session on " + instance);
        }
    }

    /**
     * Stops recording, releases the reader, removes the instance and deletes the probes the session
     * created. Idempotent; may be called from any thread (it waits for a read in progress to notice,
     * at most about 100 ms).
     *
     * @throws dev.jtrace.core.KernelCallException if the instance or a probe cannot be removed;
     *     everything else is still done
     */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        RuntimeException failure = null;
        running = false;
        reader.lock();
        try {
            source.close();
        } catch (RuntimeException e) {
            failure = e;
        } finally {
            reader.unlock();
        }
        try {
            instance.close();
        } catch (RuntimeException e) {
            failure = add(failure, e);
        }
        for (int i = probes.size() - 1; i >= 0; i--) {
            try {
                probes.get(i).close();
            } catch (RuntimeException e) {
                failure = add(failure, e);
            }
        }
        Cleanup.unregister(this);
        if (failure != null) {
            throw failure;
        }
    }

    private static RuntimeException add(RuntimeException first, RuntimeException next) {
        if (first == null) {
            return next;
        }
        first.addSuppressed(next);
        return first;
    }

    @Override
    public String toString() {
        return "trace session on " + instance + (running ? " (running)" : "") + (closed ? " (closed)" : "");
    }

    /**
     * Describes a session. Every setting is optional; without events the session records only
     * markers. The defaults suit live reading: a buffer of the kernel's default size, woken on any
     * data (watermark 0).
     */
    public static final class Builder {
        private final Tracefs tracefs;
        private String instanceName;
        private final Map<String, String> events = new LinkedHashMap<>();
        private final List<ProbeDefinition> probeDefinitions = new ArrayList<>();
        private final List<String> probeFilters = new ArrayList<>();
        private final List<Object[]> triggers = new ArrayList<>();
        private final Map<String, Boolean> options = new LinkedHashMap<>();
        private long bufferSizeKb = -1;
        private int subBufferSizeKb = -1;
        private int wakeupPercent = 0;
        private String clock;
        private CpuSet cpus;
        private List<Integer> pids;

        private Builder(Tracefs tracefs) {
            this.tracefs = tracefs;
        }

        /**
         * Names the session's instance instead of the generated {@code jtrace-<pid>-<n>}.
         *
         * @param name a valid instance name; the instance must not exist
         * @return this builder
         * @throws IllegalArgumentException if the name is invalid
         */
        public Builder instanceName(String name) {
            this.instanceName = Names.instanceName(name);
            return this;
        }

        /**
         * Records the events a pattern selects.
         *
         * @param pattern {@code system:event} with globs, such as {@code "sched:*"}
         * @return this builder
         * @throws IllegalArgumentException if the pattern is malformed
         */
        public Builder event(String pattern) {
            InstanceEvents.split(pattern);
            events.putIfAbsent(pattern, null);
            return this;
        }

        /**
         * Records the events a pattern selects that pass a filter (set on each selected event and
         * checked against its format).
         *
         * @param pattern {@code system:event} with globs
         * @param filter the filter expression
         * @return this builder
         * @throws IllegalArgumentException if the pattern is malformed or the filter has control
         *     characters
         */
        public Builder event(String pattern, String filter) {
            InstanceEvents.split(pattern);
            events.put(pattern, Names.commandText(Objects.requireNonNull(filter, "filter"), "filter"));
            return this;
        }

        /**
         * Creates a dynamic event for the session (removed when it closes) and records it.
         *
         * @param probe the probe
         * @return this builder
         */
        public Builder probe(ProbeDefinition probe) {
            probeDefinitions.add(Objects.requireNonNull(probe, "probe"));
            probeFilters.add(null);
            return this;
        }

        /**
         * Creates a dynamic event for the session and records it when it passes a filter.
         *
         * @param probe the probe
         * @param filter the filter over the probe's fields
         * @return this builder
         * @throws IllegalArgumentException if the filter has control characters
         */
        public Builder probe(ProbeDefinition probe, String filter) {
            probeDefinitions.add(Objects.requireNonNull(probe, "probe"));
            probeFilters.add(Names.commandText(Objects.requireNonNull(filter, "filter"), "filter"));
            return this;
        }

        /**
         * Installs a trigger on an event of the session's instance.
         *
         * @param event {@code system:event}
         * @param trigger the trigger
         * @return this builder
         */
        public Builder trigger(String event, Trigger trigger) {
            EventName.parse(event);
            triggers.add(new Object[] {event, Objects.requireNonNull(trigger, "trigger")});
            return this;
        }

        /**
         * Sets a trace option of the session's instance.
         *
         * @param name the option, such as {@code "event-fork"}
         * @param value its value
         * @return this builder
         * @throws IllegalArgumentException if the name is not a valid option name
         */
        public Builder option(String name, boolean value) {
            options.put(Names.component(name, "option name"), value);
            return this;
        }

        /**
         * Traces the children of the traced pids too (the {@code event-fork} option).
         *
         * @param follow whether to follow forks
         * @return this builder
         */
        public Builder followForks(boolean follow) {
            return option("event-fork", follow);
        }

        /**
         * Sets every CPU's buffer size.
         *
         * @param kb KiB, at least 1
         * @return this builder
         * @throws IllegalArgumentException if below 1
         */
        public Builder bufferSizeKb(long kb) {
            if (kb < 1) {
                throw new IllegalArgumentException("a buffer size must be at least 1 KiB, not " + kb);
            }
            this.bufferSizeKb = kb;
            return this;
        }

        /**
         * Sets the sub-buffer size (Linux 6.8+).
         *
         * @param kb KiB, at least 1
         * @return this builder
         * @throws IllegalArgumentException if below 1
         */
        public Builder subBufferSizeKb(int kb) {
            if (kb < 1) {
                throw new IllegalArgumentException("a sub-buffer size must be at least 1 KiB, not " + kb);
            }
            this.subBufferSizeKb = kb;
            return this;
        }

        /**
         * Sets how full a CPU buffer must be before the reader is woken ({@code buffer_percent});
         * the default 0 wakes it on any data, for the lowest latency.
         *
         * @param percent 0 to 100
         * @return this builder
         * @throws IllegalArgumentException if out of range
         */
        public Builder wakeupPercent(int percent) {
            if (percent < 0 || percent > 100) {
                throw new IllegalArgumentException("buffer_percent must be 0 to 100, not " + percent);
            }
            this.wakeupPercent = percent;
            return this;
        }

        /**
         * Sets the trace clock.
         *
         * @param name a clock the kernel offers, such as {@code "mono"} or {@code "boot"}
         * @return this builder
         * @throws IllegalArgumentException if the name is malformed
         */
        public Builder clock(String name) {
            this.clock = Names.component(name, "trace clock");
            return this;
        }

        /**
         * Records only on some CPUs ({@code tracing_cpumask}); only their buffers are read.
         *
         * @param cpuSet the CPUs, not empty
         * @return this builder
         * @throws IllegalArgumentException if the set is empty
         */
        public Builder cpus(CpuSet cpuSet) {
            if (cpuSet.isEmpty()) {
                throw new IllegalArgumentException("a session needs at least one CPU");
            }
            this.cpus = cpuSet;
            return this;
        }

        /**
         * Records events only of these pids (thread ids; {@code set_event_pid}); with
         * {@link #followForks} their children too.
         *
         * @param pidList the pids
         * @return this builder
         * @throws IllegalArgumentException if a pid is negative
         */
        public Builder pids(int... pidList) {
            List<Integer> list = new ArrayList<>();
            for (int pid : pidList) {
                if (pid < 0) {
                    throw new IllegalArgumentException("a pid must not be negative: " + pid);
                }
                list.add(pid);
            }
            this.pids = List.copyOf(list);
            return this;
        }

        /**
         * Sets the session up with recording off. On failure everything done so far is undone.
         *
         * @return the session
         * @throws dev.jtrace.core.FacilityUnavailableException if tracefs or a needed facility is
         *     missing
         * @throws dev.jtrace.core.KernelCallException if the kernel refuses a setting, with errno
         *     and error_log entry
         * @throws IllegalArgumentException if an event, option, clock or probe is unknown
         * @throws dev.jtrace.core.MalformedDataException if a filter does not fit its event
         */
        public TraceSession build() {
            Tracefs fs = tracefs != null ? tracefs : Tracefs.open();
            TraceInstance instance = instanceName == null ? fs.createInstance() : fs.createInstance(instanceName);
            List<DynamicEvent> created = new ArrayList<>();
            RecordSource source = null;
            try {
                instance.setTracingOn(false);
                BufferSettings buffer = instance.buffer();
                if (subBufferSizeKb > 0) {
                    buffer.setSubBufferSizeKb(subBufferSizeKb);
                }
                if (bufferSizeKb > 0) {
                    buffer.setSizeKb(bufferSizeKb);
                }
                if (instance.context().exists("buffer_percent")) {
                    buffer.setPercent(wakeupPercent);
                }
                if (clock != null) {
                    instance.setTraceClock(clock);
                }
                if (cpus != null) {
                    instance.setCpumask(cpus);
                }
                for (Map.Entry<String, Boolean> o : options.entrySet()) {
                    instance.options().set(o.getKey(), o.getValue());
                }
                if (pids != null) {
                    instance.events().setPids(pids);
                }
                Set<EventName> enabled = new LinkedHashSet<>();
                for (Map.Entry<String, String> e : events.entrySet()) {
                    List<EventName> selected = instance.events().enable(e.getKey());
                    enabled.addAll(selected);
                    if (e.getValue() != null) {
                        for (EventName name : selected) {
                            instance.events().setFilter(name.toString(), e.getValue());
                        }
                    }
                }
                DynamicEvents dynamic = fs.dynamicEvents();
                for (int i = 0; i < probeDefinitions.size(); i++) {
                    DynamicEvent probe = dynamic.create(probeDefinitions.get(i));
                    created.add(probe);
                    if (probeFilters.get(i) != null) {
                        instance.events().setFilter(probe.event().toString(), probeFilters.get(i));
                    }
                    instance.events().enable(probe.event());
                    enabled.add(probe.event());
                }
                for (Object[] t : triggers) {
                    instance.events().addTrigger((String) t[0], (Trigger) t[1]);
                }
                List<EventFormat> formats = new ArrayList<>();
                for (EventName e : enabled) {
                    formats.add(instance.events().format(e));
                }
                for (EventName e : instance.events().list("ftrace:*")) {
                    if (!enabled.contains(e)) {
                        formats.add(instance.events().format(e));
                    }
                }
                CpuSet readCpus = instance.buffer().cpus();
                if (cpus != null) {
                    readCpus = readCpus.intersection(cpus);
                }
                source = RecordSources.open(instance.context(), readCpus, headerPage(instance));
                return new TraceSession(instance, created, source, EventFormats.of(formats));
            } catch (RuntimeException e) {
                if (source != null) {
                    source.close();
                }
                try {
                    instance.close();
                } catch (RuntimeException inner) {
                    e.addSuppressed(inner);
                }
                for (int i = created.size() - 1; i >= 0; i--) {
                    try {
                        created.get(i).close();
                    } catch (RuntimeException inner) {
                        e.addSuppressed(inner);
                    }
                }
                throw e;
            }
        }

        private static dev.jtrace.traceevent.HeaderPage headerPage(TraceInstance instance) {
            java.nio.file.Path file = instance.path().resolve("events/header_page");
            return dev.jtrace.traceevent.HeaderPage.parse(instance.context().read("events/header_page"),
                    file.toString());
        }

        /**
         * Sets the session up and starts recording.
         *
         * @return the running session
         * @throws dev.jtrace.core.JtraceException as {@link #build()} does
         */
        public TraceSession start() {
            TraceSession session = build();
            try {
                return session.start();
            } catch (RuntimeException e) {
                try {
                    session.close();
                } catch (RuntimeException inner) {
                    e.addSuppressed(inner);
                }
                throw e;
            }
        }
    }
}
