package dev.jtrace.core.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jtrace.core.Availability;
import dev.jtrace.core.Facility;
import dev.jtrace.core.testing.KernelTests.Verdict;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

/** The gating policy itself, with facilities whose answers the test controls. */
class KernelTestsTest {

    private record FakeFacility(String name, boolean baseline, Availability answer) implements Facility {
        @Override
        public String description() {
            return name.toLowerCase();
        }

        @Override
        public Availability probe() {
            return answer;
        }
    }

    private static final Availability MISSING = Availability.no("not in this kernel");
    private static final Availability PRESENT = Availability.yes("checked");

    @Test
    void shouldRunWhenTheFacilityIsAvailable() {
        assertThat(KernelTests.decide(new FakeFacility("X", true, PRESENT), PRESENT, true)).isEqualTo(Verdict.RUN);
        assertThat(KernelTests.decide(new FakeFacility("X", false, PRESENT), PRESENT, false)).isEqualTo(Verdict.RUN);
    }

    @Test
    void shouldSkipAMissingBaselineFacilityOnlyWhenKernelTestsAreNotRequired() {
        Facility tracefs = new FakeFacility("TRACEFS", true, MISSING);
        assertThat(KernelTests.decide(tracefs, MISSING, false)).isEqualTo(Verdict.SKIP);
        assertThat(KernelTests.decide(tracefs, MISSING, true)).isEqualTo(Verdict.FAIL);
        assertThat(KernelTests.message(tracefs, MISSING, Verdict.FAIL))
                .isEqualTo("tracefs is required (CI=true or -Djtrace.requireKernel=true) but not available: "
                        + "not in this kernel");
    }

    @Test
    void shouldAlwaysSkipAMissingOptionalFacilityWithItsReason() {
        Facility kprobes = new FakeFacility("KPROBES", false, MISSING);
        assertThat(KernelTests.decide(kprobes, MISSING, true)).isEqualTo(Verdict.SKIP);
        assertThat(KernelTests.message(kprobes, MISSING, Verdict.SKIP))
                .isEqualTo("skipped: kprobes is not available (optional facility): not in this kernel");
    }

    @Test
    void shouldAbortOrFailTheRunningTestThroughRequire() {
        Facility optional = new FakeFacility("OPT", false, MISSING);
        try {
            KernelTests.require(optional);
            throw new AssertionError("require returned for a missing facility");
        } catch (TestAbortedException expected) {
            assertThat(expected).hasMessageContaining("opt is not available");
        }
        Facility baseline = new FakeFacility("BASE", true, MISSING);
        Throwable thrown = null;
        try {
            KernelTests.require(baseline);
        } catch (TestAbortedException | AssertionFailedError e) {
            thrown = e;
        }
        assertThat(thrown).isInstanceOf(KernelTests.kernelRequired() ? AssertionFailedError.class
                : TestAbortedException.class);
        KernelTests.require(new FakeFacility("OK", true, PRESENT));
    }
}
