package dev.jtrace.core.testing;

import dev.jtrace.core.Availability;
import dev.jtrace.core.Facilities;
import dev.jtrace.core.Facility;
import dev.jtrace.core.KernelFacility;
import dev.jtrace.core.TracefsMount;
import java.util.EnumSet;
import java.util.Set;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

/**
 * The kernel-test policy, usable directly from a test for facilities other modules define:
 * {@code KernelTests.require(myFacility)}.
 */
public final class KernelTests {
    /** System property that makes missing baseline facilities fail tests. */
    public static final String REQUIRE_PROPERTY = "jtrace.requireKernel";

    private static final Set<KernelFacility> NEED_TRACEFS_MOUNTED = EnumSet.complementOf(
            EnumSet.of(KernelFacility.TRACEFS_PRESENT, KernelFacility.PERF_EVENT_OPEN));

    /** What to do with a test given a facility's availability. */
    public enum Verdict {
        /** The facility is there: run the test. */
        RUN,
        /** Missing, but allowed to be: skip with the reason. */
        SKIP,
        /** Missing baseline facility while kernel tests are required: fail. */
        FAIL
    }

    private KernelTests() {
    }

    /**
     * Tells whether kernel tests must run: {@code CI=true} in the environment or
     * {@code -Djtrace.requireKernel=true}.
     *
     * @return {@code true} if a missing baseline facility fails the test
     */
    public static boolean kernelRequired() {
        return Boolean.parseBoolean(System.getProperty(REQUIRE_PROPERTY))
                || "true".equalsIgnoreCase(System.getenv("CI"));
    }

    /**
     * Decides what happens to a test that needs {@code facility}.
     *
     * @param facility the facility
     * @param availability its probe result
     * @param required whether kernel tests are required
     * @return the verdict
     */
    public static Verdict decide(Facility facility, Availability availability, boolean required) {
        if (availability.available()) {
            return Verdict.RUN;
        }
        return required && facility.baseline() ? Verdict.FAIL : Verdict.SKIP;
    }

    /**
     * Returns the message a skipped or failed test reports.
     *
     * @param facility the facility
     * @param availability its probe result
     * @param verdict the verdict
     * @return the message
     */
    public static String message(Facility facility, Availability availability, Verdict verdict) {
        return switch (verdict) {
            case RUN -> facility.description() + " is available: " + availability.reason();
            case SKIP -> "skipped: " + facility.description() + " is not available"
                    + (facility.baseline() ? "" : " (optional facility)") + ": " + availability.reason();
            case FAIL -> facility.description() + " is required (CI=true or -D" + REQUIRE_PROPERTY
                    + "=true) but not available: " + availability.reason();
        };
    }

    /**
     * Makes sure the running test may use {@code facility}: returns if it is available, otherwise
     * aborts (skips) the test, or fails it for a missing baseline facility when kernel tests are
     * required. Mounts tracefs first when the facility needs it and the process may mount.
     *
     * @param facility the facility
     * @throws TestAbortedException to skip the test
     * @throws AssertionFailedError to fail it
     */
    public static void require(Facility facility) {
        if (facility instanceof KernelFacility k && NEED_TRACEFS_MOUNTED.contains(k)) {
            mountTracefsIfPossible();
        }
        Availability availability = Facilities.check(facility);
        Verdict verdict = decide(facility, availability, kernelRequired());
        switch (verdict) {
            case RUN -> {
            }
            case SKIP -> throw new TestAbortedException(message(facility, availability, verdict));
            case FAIL -> throw new AssertionFailedError(message(facility, availability, verdict));
        }
    }

    private static void mountTracefsIfPossible() {
        if (TracefsMount.find().isEmpty() && TracefsMount.hasCapSysAdmin() && TracefsMount.kernelHasTracefs()) {
            try {
                TracefsMount.mountIfAbsent();
            } catch (RuntimeException e) {
                // The probe that follows reports why tracefs is unusable.
            }
        }
    }
}
