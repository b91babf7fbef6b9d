package dev.jtrace.tracefs;

import java.util.Comparator;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.ClassDescriptor;
import org.junit.jupiter.api.ClassOrderer;
import org.junit.jupiter.api.ClassOrdererContext;

/**
 * The class order of this module's test run (set in {@code junit-platform.properties}): every test
 * class by name, then {@link LeftoverCheckTest}. Jupiter calls it while discovering the tests, before
 * any runs, which makes it the place to record the tracefs state the suite must leave behind
 * unchanged.
 */
public final class SuiteOrder implements ClassOrderer {
    private static final AtomicReference<TracefsSnapshot> BEFORE = new AtomicReference<>();
    private static volatile boolean taken;

    /** Created by Jupiter. */
    public SuiteOrder() {
    }

    @Override
    public void orderClasses(ClassOrdererContext context) {
        synchronized (SuiteOrder.class) {
            if (!taken) {
                taken = true;
                BEFORE.set(TracefsSnapshot.take().orElse(null));
            }
        }
        context.getClassDescriptors().sort(Comparator
                .comparing((ClassDescriptor d) -> d.getTestClass() == LeftoverCheckTest.class)
                .thenComparing(d -> d.getTestClass().getName()));
    }

    /** The state before the first test, or null if tracefs was not readable then. */
    static TracefsSnapshot before() {
        return BEFORE.get();
    }
}
