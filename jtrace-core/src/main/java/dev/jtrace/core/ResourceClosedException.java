package dev.jtrace.core;

import java.io.Serial;

/**
 * A jtrace resource (file descriptor, mapping, reader, session) was used after it was closed.
 *
 * <p>jtrace throws this instead of the JDK's {@code IllegalStateException} from a closed arena, so
 * the message names the resource.
 */
public final class ResourceClosedException extends JtraceException {
    @Serial
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param resource a description of the closed resource, such as a path
     */
    public ResourceClosedException(String resource) {
        super(resource + " is closed");
    }

    /**
     * Creates the exception with the JDK failure that revealed the closed state.
     *
     * @param resource a description of the closed resource, such as a path
     * @param cause the underlying failure
     */
    public ResourceClosedException(String resource, Throwable cause) {
        super(resource + " is closed", cause);
    }
}
