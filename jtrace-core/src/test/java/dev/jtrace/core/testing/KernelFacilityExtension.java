package dev.jtrace.core.testing;

import dev.jtrace.core.KernelFacility;
import java.lang.reflect.AnnotatedElement;
import java.util.Optional;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * Applies {@link RequiresKernel}: checks a class's facilities before its first test and a method's
 * before it runs. Throwing from these callbacks (rather than using an ExecutionCondition) is what
 * lets a missing baseline facility fail a test instead of only disabling it.
 */
public final class KernelFacilityExtension implements BeforeAllCallback, BeforeEachCallback {
    /** Creates the extension; JUnit instantiates it. */
    public KernelFacilityExtension() {
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        context.getTestClass().ifPresent(KernelFacilityExtension::check);
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        context.getTestMethod().ifPresent(KernelFacilityExtension::check);
    }

    private static void check(AnnotatedElement element) {
        Optional<RequiresKernel> requires = AnnotationSupport.findAnnotation(element, RequiresKernel.class);
        if (requires.isPresent()) {
            for (KernelFacility facility : requires.get().value()) {
                KernelTests.require(facility);
            }
        }
    }
}
