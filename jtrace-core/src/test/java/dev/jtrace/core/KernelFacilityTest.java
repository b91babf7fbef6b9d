package dev.jtrace.core;

import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static org.assertj.core.api.Assertions.assertThat;

import dev.jtrace.core.internal.KernelProbes;
import dev.jtrace.core.internal.LibC;
import dev.jtrace.core.internal.NativeFd;
import dev.jtrace.core.internal.PerfEventAttr;
import dev.jtrace.core.testing.RequiresKernel;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The probes agree with what the kernel really does. */
class KernelFacilityTest {

    @Test
    @RequiresKernel(KernelFacility.TRACEFS_MOUNTED)
    void shouldFindTracefsWhereProcMountsSaysItIs() throws Exception {
        Path root = TracefsMount.find().orElseThrow();
        try (Stream<String> mounts = Files.lines(Path.of("/proc/mounts"))) {
            assertThat(mounts.filter(l -> l.split(" ")[2].equals("tracefs")).map(l -> l.split(" ")[1]))
                    .contains(root.toString());
        }
        assertThat(root.resolve("events/header_page")).isRegularFile();
        assertThat(Facilities.check(KernelFacility.TRACEFS_MOUNTED).reason()).isEqualTo("mounted at " + root);
        assertThat(Facilities.check(KernelFacility.TRACEFS_PRESENT).available()).isTrue();
    }

    @Test
    @RequiresKernel(KernelFacility.TRACEFS_WRITABLE)
    void shouldLeaveNoScratchInstanceBehindAfterProbing() throws Exception {
        Path instances = TracefsMount.find().orElseThrow().resolve("instances");
        assertThat(KernelFacility.TRACEFS_WRITABLE.probe().available()).isTrue();
        assertThat(KernelFacility.RING_BUFFER_MMAP.probe()).isNotNull();
        KernelFacility.FUNCTION_TRACER.probe();
        try (Stream<Path> left = Files.list(instances)) {
            assertThat(left.map(p -> p.getFileName().toString()))
                    .noneMatch(n -> n.startsWith(KernelProbes.SCRATCH_PREFIX + ProcessHandle.current().pid() + "-"));
        }
    }

    @Test
    @RequiresKernel(KernelFacility.PERF_EVENT_OPEN)
    void shouldCountTaskClockThroughPerfEventOpenWhenTheProbeSaysItWorks() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment attr = PerfEventAttr.allocate(arena, PerfEventAttr.TYPE_SOFTWARE,
                    PerfEventAttr.SW_TASK_CLOCK, PerfEventAttr.FLAG_DISABLED | PerfEventAttr.FLAG_EXCLUDE_HV);
            int fd = LibC.perfEventOpen(attr, 0, -1, -1, PerfEventAttr.PERF_FLAG_FD_CLOEXEC, "task-clock");
            try (NativeFd event = NativeFd.adopt(fd, "task-clock")) {
                // Spin until this thread has used 20 ms of CPU (CLOCK_THREAD_CPUTIME_ID), however
                // busy the machine is; task-clock must have counted about that much.
                int threadCpuClock = 3; // CLOCK_THREAD_CPUTIME_ID
                long cpuStart = LibC.clockGettimeNanos(threadCpuClock);
                long wallStart = System.nanoTime();
                LibC.ioctl(event.fd(), 0x2400, 0L, "PERF_EVENT_IOC_ENABLE task-clock");
                while (LibC.clockGettimeNanos(threadCpuClock) - cpuStart < 20_000_000L) {
                    Thread.onSpinWait();
                }
                LibC.ioctl(event.fd(), 0x2401, 0L, "PERF_EVENT_IOC_DISABLE task-clock");
                long wall = System.nanoTime() - wallStart;
                long cpuUsed = LibC.clockGettimeNanos(threadCpuClock) - cpuStart;
                MemorySegment count = arena.allocate(JAVA_LONG);
                assertThat(LibC.read(event.fd(), count, 8, "task-clock")).isEqualTo(8);
                // At least half the CPU time this thread used, and never more than the time that passed.
                assertThat(count.get(JAVA_LONG, 0))
                        .as("task-clock ns for %d ns of thread CPU time in %d ns", cpuUsed, wall)
                        .isBetween(cpuUsed / 2, wall);
            }
        }
    }

    @Test
    @RequiresKernel(KernelFacility.RING_BUFFER_MMAP)
    void shouldReportTheMetaPageOfAMappedRingBuffer() {
        Availability a = Facilities.check(KernelFacility.RING_BUFFER_MMAP);
        assertThat(a.reason()).matches("mapped the meta page of .*/per_cpu/cpu\\d+/trace_pipe_raw "
                + "\\(meta_page_size \\d+, subbuf_size \\d+\\)");
        assertThat(KernelFacility.RING_BUFFER_MMAP.baseline()).isEqualTo(KernelVersion.current().atLeast(6, 10));
    }

    @Test
    @RequiresKernel(KernelFacility.TRACEFS_WRITABLE)
    void shouldTellWhetherTheFunctionTracerReallyWorksNotJustWhetherItIsListed() throws Exception {
        Path root = TracefsMount.find().orElseThrow();
        Availability a = KernelFacility.FUNCTION_TRACER.probe();
        boolean listed = (" " + Files.readString(root.resolve("available_tracers")).strip() + " ").contains(" function ");
        if (!listed) {
            assertThat(a.available()).isFalse();
            assertThat(a.reason()).contains("does not list 'function'");
        } else if (!a.available()) {
            assertThat(a.reason()).startsWith("listed in available_tracers, but writing 'function' to "
                    + "current_tracer was refused by this kernel: ");
        } else {
            assertThat(a.reason()).isEqualTo("selected and deselected in a scratch instance");
        }
        assertThat(Files.readString(root.resolve("current_tracer")).strip()).isEqualTo("nop");
    }

    @Test
    @RequiresKernel(KernelFacility.TRACEFS_WRITABLE)
    void shouldTellWhetherTheSubBufferSizeReallyChangesAndLeaveNoScratchInstance() throws Exception {
        Path root = TracefsMount.find().orElseThrow();
        Availability a = KernelFacility.SUB_BUFFER_RESIZE.probe();
        // The oracle: try the same write in an instance of the test's own.
        Path instance = root.resolve("instances").resolve("jtrace-test-" + ProcessHandle.current().pid() + "-subbuf");
        Files.createDirectory(instance);
        boolean accepted;
        try {
            String before = Files.readString(instance.resolve("buffer_subbuf_size_kb")).strip();
            try (var out = Files.newOutputStream(instance.resolve("buffer_subbuf_size_kb"))) {
                out.write((before.equals("8") ? "16" : "8").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                accepted = true;
            } catch (java.io.IOException e) {
                accepted = false;
            }
        } finally {
            Files.delete(instance);
        }
        assertThat(a.available()).as(a.reason()).isEqualTo(accepted);
        assertThat(a.reason()).matches(accepted ? "changed from \\d+ to \\d+ KiB in a scratch instance"
                : "writing \\d+ to buffer_subbuf_size_kb was refused by this kernel: E[A-Z]+ \\(.+\\); "
                        + "the sub-buffer size stays \\d+ KiB");
        try (var names = Files.list(root.resolve("instances"))) {
            assertThat(names.map(p -> p.getFileName().toString()))
                    .noneMatch(n -> n.startsWith(KernelProbes.SCRATCH_PREFIX + ProcessHandle.current().pid() + "-"));
        }
    }

    @Test
    @RequiresKernel(KernelFacility.TRACEFS_MOUNTED)
    void shouldMatchOptionalFacilitiesToTheFilesTracefsHas() {
        Path root = TracefsMount.find().orElseThrow();
        assertThat(KernelFacility.KPROBES.probe().available()).isEqualTo(Files.exists(root.resolve("kprobe_events")));
        assertThat(KernelFacility.UPROBES.probe().available()).isEqualTo(Files.exists(root.resolve("uprobe_events")));
        assertThat(KernelFacility.SNAPSHOT.probe().available()).isEqualTo(Files.exists(root.resolve("snapshot")));
        assertThat(KernelFacility.SYNTHETIC_EVENTS.probe().available())
                .isEqualTo(Files.exists(root.resolve("synthetic_events")));
        assertThat(KernelFacility.HIST_TRIGGERS.probe().available())
                .isEqualTo(Files.exists(root.resolve("events/sched/sched_switch/hist")));
        if (!Files.exists(root.resolve("kprobe_events"))) {
            assertThat(KernelFacility.KPROBES.probe().reason())
                    .isEqualTo("this kernel has no " + root.resolve("kprobe_events") + " (built without CONFIG_KPROBE_EVENTS)");
        }
    }

    @Test
    @org.junit.jupiter.api.Tag("kernel")
    void shouldNeverThrowFromAProbeAndAlwaysGiveAReason() {
        for (KernelFacility f : KernelFacility.values()) {
            Availability a = f.probe();
            assertThat(a.reason()).as(f.name()).isNotBlank();
        }
    }

    @Test
    void shouldMarkOnlyTheFacilitiesEveryMachineHasAsBaseline() {
        assertThat(KernelFacility.TRACEFS_MOUNTED.baseline()).isTrue();
        assertThat(KernelFacility.PERF_EVENT_OPEN.baseline()).isTrue();
        assertThat(KernelFacility.KPROBES.baseline()).isFalse();
        assertThat(KernelFacility.FUNCTION_TRACER.baseline()).isFalse();
        assertThat(KernelFacility.HIST_TRIGGERS.baseline()).isFalse();
    }
}
