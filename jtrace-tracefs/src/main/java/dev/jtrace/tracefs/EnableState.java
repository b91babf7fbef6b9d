package dev.jtrace.tracefs;

/** How many of the events a pattern selects are enabled. */
public enum EnableState {
    /** Every selected event is enabled. */
    ALL,
    /** Some are enabled, some are not. */
    SOME,
    /** None is enabled (or the pattern selects no event that can be enabled). */
    NONE
}
