package dev.jtrace.core;

import java.io.Serial;

/**
 * Root of every exception jtrace throws on purpose.
 *
 * <p>The hierarchy is unchecked so that callbacks and iterators can propagate failures without
 * wrapping; every subclass names what failed and where. The direct subclasses are:
 * <ul>
 *   <li>{@link KernelCallException}: a system call or kernel file operation failed (with errno);
 *   <li>{@link MalformedDataException}: bytes from the kernel or a file do not parse (with source
 *       and byte offset);
 *   <li>{@link FacilityUnavailableException}: the running kernel does not offer a facility;
 *   <li>{@link ResourceClosedException}: a jtrace resource was used after {@code close()}.
 * </ul>
 */
public class JtraceException extends RuntimeException {
    @Serial
    private static final long serialVersionUID = 1L;

    /**
     * Creates an exception with a message.
     *
     * @param message what failed, where and why
     */
    public JtraceException(String message) {
        super(message);
    }

    /**
     * Creates an exception with a message and a cause.
     *
     * @param message what failed, where and why
     * @param cause the underlying failure
     */
    public JtraceException(String message, Throwable cause) {
        super(message, cause);
    }
}
