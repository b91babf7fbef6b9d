package dev.jtrace.core;

import java.io.Serial;
import java.util.Objects;
import java.util.Optional;

/**
 * A system call, or an operation on a kernel file, failed.
 *
 * <p>Carries the operation (such as {@code open} or {@code write}), the path or object it acted
 * on, the errno with its symbolic name and text, and, when tracefs explained the refusal in its
 * {@code error_log}, that line. The message combines them, for example:
 * <pre>{@code
 * write /sys/kernel/tracing/current_tracer failed: EPERM (Operation not permitted)
 * }</pre>
 */
public final class KernelCallException extends JtraceException {
    @Serial
    private static final long serialVersionUID = 1L;

    /** The call that failed. */
    private final String operation;
    /** What it acted on; empty if nothing. */
    private final String path;
    /** The positive errno value. */
    private final int errno;
    /** The tracefs error_log line, or null. */
    private final String errorLogLine;

    /**
     * Creates the exception for a failed call.
     *
     * @param operation the call or operation that failed, such as {@code "open"}
     * @param path the path, file descriptor description or object it acted on; may be empty
     * @param errno the positive errno value the kernel returned
     */
    public KernelCallException(String operation, String path, int errno) {
        this(operation, path, errno, null);
    }

    /**
     * Creates the exception for a failed call that tracefs explained in its {@code error_log}.
     *
     * @param operation the call or operation that failed, such as {@code "write"}
     * @param path the path, file descriptor description or object it acted on; may be empty
     * @param errno the positive errno value the kernel returned
     * @param errorLogLine the kernel's {@code error_log} entry for this failure, or {@code null}
     */
    public KernelCallException(String operation, String path, int errno, String errorLogLine) {
        super(message(operation, path, errno, errorLogLine));
        this.operation = Objects.requireNonNull(operation, "operation");
        this.path = path == null ? "" : path;
        this.errno = errno;
        this.errorLogLine = errorLogLine;
    }

    private static String message(String operation, String path, int errno, String errorLogLine) {
        StringBuilder sb = new StringBuilder(operation);
        if (path != null && !path.isEmpty()) {
            sb.append(' ').append(path);
        }
        sb.append(" failed: ").append(Errno.name(errno)).append(" (").append(Errno.describe(errno)).append(')');
        if (errorLogLine != null && !errorLogLine.isEmpty()) {
            sb.append("; kernel error_log: ").append(errorLogLine);
        }
        return sb.toString();
    }

    /**
     * Returns the operation that failed.
     *
     * @return the operation, such as {@code "open"}, {@code "ioctl(TRACE_MMAP_IOCTL_GET_READER)"}
     */
    public String operation() {
        return operation;
    }

    /**
     * Returns the path or object the operation acted on.
     *
     * @return the path, or an empty string when there was none
     */
    public String path() {
        return path;
    }

    /**
     * Returns the errno value.
     *
     * @return the positive errno number, such as {@link Errno#ENOENT}
     */
    public int errno() {
        return errno;
    }

    /**
     * Returns the symbolic name of the errno value.
     *
     * @return the name, such as {@code "EACCES"}, or {@code "errno N"} for an unknown number
     */
    public String errnoName() {
        return Errno.name(errno);
    }

    /**
     * Returns the C library's text for the errno value.
     *
     * @return the text, such as {@code "Permission denied"}
     */
    public String errnoText() {
        return Errno.describe(errno);
    }

    /**
     * Returns the kernel's {@code error_log} line for this failure, if tracefs wrote one.
     *
     * @return the line, or empty
     */
    public Optional<String> errorLogLine() {
        return Optional.ofNullable(errorLogLine);
    }
}
