package dev.jtrace.core;

import java.util.Objects;

/**
 * The answer of a {@link Facility} probe: available, or not with the reason why.
 *
 * @param available whether the facility can be used by this process
 * @param reason why it is unavailable (what was tried, what the kernel said, what would fix it);
 *     for an available facility, a short note on what was checked
 */
public record Availability(boolean available, String reason) {
    /**
     * Creates an answer.
     *
     * @param available whether the facility can be used by this process
     * @param reason why it is unavailable, or what was checked
     */
    public Availability {
        Objects.requireNonNull(reason, "reason");
    }

    /**
     * Returns an "available" answer.
     *
     * @param checked what the probe verified
     * @return the answer
     */
    public static Availability yes(String checked) {
        return new Availability(true, checked);
    }

    /**
     * Returns an "unavailable" answer.
     *
     * @param reason why, in one sentence a user can act on
     * @return the answer
     */
    public static Availability no(String reason) {
        return new Availability(false, reason);
    }
}
