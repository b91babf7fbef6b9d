package dev.jtrace.core;

/**
 * A kernel facility jtrace may need, with a probe that tells whether this process can use it.
 *
 * <p>jtrace-core's built-in facilities are the constants of {@link KernelFacility}; other modules
 * add their own by implementing this interface. Results are cached per JVM by
 * {@link Facilities#check(Facility)}.
 */
public interface Facility {
    /**
     * Returns a stable identifier.
     *
     * @return the identifier, such as {@code "TRACEFS_MOUNTED"}
     */
    String name();

    /**
     * Returns a short human-readable name.
     *
     * @return the name, such as {@code "tracefs mounted"}
     */
    String description();

    /**
     * Tells whether every machine jtrace supports is expected to have this facility. Tests that
     * need a baseline facility fail rather than skip when {@code CI=true}; the others (such as
     * kprobes or the function tracer, which some kernels lack or refuse) always skip with the
     * reason.
     *
     * @return {@code true} for a baseline facility
     */
    boolean baseline();

    /**
     * Checks the facility now. Probes may touch the kernel (open a file, create and remove a
     * scratch tracefs instance) but leave nothing behind, and never throw.
     *
     * @return the answer with its reason
     */
    Availability probe();
}
