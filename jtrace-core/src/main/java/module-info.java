/**
 * jtrace-core: the shared base of jtrace.
 *
 * <p>Exceptions with errno ({@link dev.jtrace.core.KernelCallException}), CPU sets
 * ({@link dev.jtrace.core.CpuSet}), the kernel version ({@link dev.jtrace.core.KernelVersion}),
 * capability probes ({@link dev.jtrace.core.Facilities}) and the location of tracefs. Its internal
 * package holds the project's only native (libc) bindings; it is exported to the sibling jtrace
 * modules that need them and to no one else. Run with
 * {@code --enable-native-access=dev.jtrace.core} (or {@code ALL-UNNAMED} on the class path).
 */
@SuppressWarnings("module") // qualified exports name modules that are compiled after this one
module dev.jtrace.core {
    exports dev.jtrace.core;
    exports dev.jtrace.core.internal to
            dev.jtrace.clock,
            dev.jtrace.ringbuffer,
            dev.jtrace.tracefs,
            dev.jtrace.perf,
            dev.jtrace.tracedat;
}
