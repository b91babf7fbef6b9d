package dev.jtrace.core.internal;

import java.util.Optional;

/**
 * Whether jtrace-core may make native calls. Kept apart from {@link LibC}: LibC's static
 * initializer links its downcalls, which in the JDK's default mode enables native access with a
 * warning (so asking afterwards always says yes) and under {@code --illegal-native-access=deny}
 * fails class initialization.
 */
public final class NativeAccess {
    private NativeAccess() {
    }

    /**
     * Tells whether the JVM lets jtrace-core call native code, and if not, the exact option that
     * fixes it. Call it before anything has touched {@link LibC}.
     *
     * @return empty when enabled, else the advice
     */
    public static Optional<String> advice() {
        Module module = NativeAccess.class.getModule();
        if (module.isNativeAccessEnabled()) {
            return Optional.empty();
        }
        String option = module.isNamed() ? module.getName() : "ALL-UNNAMED";
        return Optional.of("native access is not enabled for " + (module.isNamed() ? "module " + option
                : "the class path") + ": start the JVM with --enable-native-access=" + option
                + " (or add 'Enable-Native-Access: ALL-UNNAMED' to an executable jar's manifest)");
    }
}
