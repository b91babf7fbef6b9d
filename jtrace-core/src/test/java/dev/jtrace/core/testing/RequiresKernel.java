package dev.jtrace.core.testing;

import dev.jtrace.core.KernelFacility;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Marks a test class or method that needs kernel facilities. Before it runs, each facility is
 * probed: if one is missing the test is skipped with the probe's reason, unless it is a
 * {@linkplain dev.jtrace.core.Facility#baseline() baseline} facility and kernel tests are required
 * ({@code CI=true} or {@code -Djtrace.requireKernel=true}), in which case it fails. Tests needing
 * tracefs get it mounted first when running as root.
 *
 * <p>Tagged {@code kernel}, so {@code -Dgroups=!kernel} runs only the pure tests.
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
@Tag("kernel")
@ExtendWith(KernelFacilityExtension.class)
public @interface RequiresKernel {
    /**
     * The facilities the test needs.
     *
     * @return the facilities
     */
    KernelFacility[] value();
}
