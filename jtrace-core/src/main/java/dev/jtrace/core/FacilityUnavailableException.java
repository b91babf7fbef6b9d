package dev.jtrace.core;

import java.io.Serial;
import java.util.Objects;

/**
 * A kernel facility that an operation needs is not offered by the running kernel, or is refused to
 * this process.
 *
 * <p>The message says which facility and why, e.g. {@code "function tracer is not available:
 * writing 'function' to current_tracer was refused by this kernel (EPERM)"}; everything that does
 * not need the facility keeps working.
 */
public final class FacilityUnavailableException extends JtraceException {
    @Serial
    private static final long serialVersionUID = 1L;

    /** The facility's name. */
    private final String facility;
    /** Why it is unavailable. */
    private final String reason;

    /**
     * Creates the exception.
     *
     * @param facility the facility's name, such as {@code "function tracer"}
     * @param reason why it is unavailable
     */
    public FacilityUnavailableException(String facility, String reason) {
        this(facility, reason, null);
    }

    /**
     * Creates the exception with the failure that showed the facility is missing.
     *
     * @param facility the facility's name, such as {@code "function tracer"}
     * @param reason why it is unavailable
     * @param cause the failure that showed it, or {@code null}
     */
    public FacilityUnavailableException(String facility, String reason, Throwable cause) {
        super(facility + " is not available: " + reason, cause);
        this.facility = Objects.requireNonNull(facility, "facility");
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    /**
     * Returns the facility's name.
     *
     * @return the name
     */
    public String facility() {
        return facility;
    }

    /**
     * Returns why the facility is unavailable.
     *
     * @return the reason
     */
    public String reason() {
        return reason;
    }
}
