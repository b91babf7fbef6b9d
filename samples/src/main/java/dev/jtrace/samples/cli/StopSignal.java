package dev.jtrace.samples.cli;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Proxy;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Turns SIGINT (Ctrl-C) and SIGTERM into a request to stop, so a command can finish its file and
 * restore kernel state on its own thread and exit with its own code. A shutdown hook could not: the
 * JVM exits as soon as the hooks end, and a command that calls {@code System.exit} during shutdown
 * blocks forever.
 *
 * <p>While installed, the first signal requests the stop and runs the wake-up action (closing a
 * blocked reader, for example); a second one restores the JVM's handler and raises the signal again,
 * so a stuck command can still be interrupted (its shutdown hooks then restore kernel state).
 * {@link #close()} restores the previous handlers.
 *
 * <p>The handlers come from {@code sun.misc.Signal} (module jdk.unsupported, meant for exactly this),
 * reached through method handles: javac's warning for that API cannot be suppressed and the build
 * treats warnings as errors. Where the class is missing, no handler is installed and the JVM's
 * default (shutdown hooks) applies.
 */
final class StopSignal implements AutoCloseable {
    private static final String[] SIGNALS = {"INT", "TERM"};
    private static final SignalApi API = SignalApi.find();

    private final CountDownLatch stop = new CountDownLatch(1);
    private final Object[] previous = new Object[SIGNALS.length];
    private volatile Runnable wakeUp = () -> { };
    private volatile String received;

    private StopSignal() {
    }

    /** Installs the handlers. */
    static StopSignal install() {
        StopSignal s = new StopSignal();
        if (API != null) {
            for (int i = 0; i < SIGNALS.length; i++) {
                s.previous[i] = API.handle(SIGNALS[i], API.handler(s::onSignal));
            }
        }
        return s;
    }

    private void onSignal(String name) {
        if (received != null) {
            // Second signal: the command did not stop; let the JVM's own handling end it.
            restore();
            API.raise(name);
            return;
        }
        received = "SIG" + name;
        stop.countDown();
        wakeUp.run();
    }

    /** Sets what to run when a stop is requested (on the signal's thread). */
    void onStop(Runnable action) {
        wakeUp = action;
        if (stopRequested()) {
            action.run();
        }
    }

    /** Requests a stop as a signal would (used when a traced command ends or a duration elapses). */
    void requestStop() {
        if (stop.getCount() > 0) {
            stop.countDown();
            wakeUp.run();
        }
    }

    /** Returns whether a stop was requested. */
    boolean stopRequested() {
        return stop.getCount() == 0;
    }

    /** Returns the signal that requested the stop ({@code SIGINT}, {@code SIGTERM}), or null. */
    String signalName() {
        return received;
    }

    /**
     * Waits until a stop is requested or the time is up.
     *
     * @return true if a stop was requested
     */
    boolean await(long timeout, TimeUnit unit) throws InterruptedException {
        return stop.await(timeout, unit);
    }

    private void restore() {
        for (int i = 0; i < SIGNALS.length; i++) {
            if (previous[i] != null) {
                API.handle(SIGNALS[i], previous[i]);
                previous[i] = null;
            }
        }
    }

    @Override
    public void close() {
        restore();
    }

    /** {@code sun.misc.Signal.handle/raise} and {@code SignalHandler}, looked up once. */
    private record SignalApi(Class<?> signalClass, Class<?> handlerClass, MethodHandle newSignal,
            MethodHandle handle, MethodHandle raise, MethodHandle getName) {

        static SignalApi find() {
            try {
                Class<?> signal = Class.forName("sun.misc.Signal");
                Class<?> handler = Class.forName("sun.misc.SignalHandler");
                MethodHandles.Lookup lookup = MethodHandles.publicLookup();
                return new SignalApi(signal, handler,
                        lookup.findConstructor(signal, MethodType.methodType(void.class, String.class)),
                        lookup.findStatic(signal, "handle", MethodType.methodType(handler, signal, handler)),
                        lookup.findStatic(signal, "raise", MethodType.methodType(void.class, signal)),
                        lookup.findVirtual(signal, "getName", MethodType.methodType(String.class)));
            } catch (ReflectiveOperationException | RuntimeException e) {
                return null;
            }
        }

        Object handler(java.util.function.Consumer<String> action) {
            return Proxy.newProxyInstance(handlerClass.getClassLoader(), new Class<?>[] {handlerClass},
                    (proxy, method, args) -> {
                        if (method.getName().equals("handle") && args != null && args.length == 1) {
                            action.accept(name(args[0]));
                            return null;
                        }
                        return switch (method.getName()) {
                            case "hashCode" -> System.identityHashCode(proxy);
                            case "equals" -> proxy == args[0];
                            case "toString" -> "jtrace stop handler";
                            default -> null;
                        };
                    });
        }

        Object handle(String name, Object handler) {
            try {
                return handle.invoke(newSignal.invoke(name), handler);
            } catch (Throwable e) {
                throw new IllegalStateException("cannot install a handler for SIG" + name + ": " + e, e);
            }
        }

        void raise(String name) {
            try {
                raise.invoke(newSignal.invoke(name));
            } catch (Throwable e) {
                throw new IllegalStateException("cannot raise SIG" + name + ": " + e, e);
            }
        }

        private String name(Object signal) {
            try {
                return (String) getName.invoke(signal);
            } catch (Throwable e) {
                return "?";
            }
        }
    }
}
