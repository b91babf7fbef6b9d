package dev.jtrace.core.internal;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Cost of one jtrace downcall (errno capture, per-thread scratch, return check) against the JDK's
 * intrinsic for the same clock. Expect a few tens of ns and, with {@code -prof gc}, 0 B/op.
 *
 * <pre>java -jar benchmarks/target/jtrace-benchmarks.jar LibCBenchmark -prof gc</pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsPrepend = "--enable-native-access=ALL-UNNAMED")
public class LibCBenchmark {
    private static final int CLOCK_MONOTONIC = 1;

    /** jtrace's clock_gettime downcall. */
    @Benchmark
    public long clockGettimeMonotonic() {
        return LibC.clockGettimeNanos(CLOCK_MONOTONIC);
    }

    /** The JDK's System.nanoTime (also CLOCK_MONOTONIC on Linux), as the floor. */
    @Benchmark
    public long systemNanoTime() {
        return System.nanoTime();
    }

    /** A downcall that cannot fail and captures no errno. */
    @Benchmark
    public int getpid() {
        return LibC.getpid();
    }
}
