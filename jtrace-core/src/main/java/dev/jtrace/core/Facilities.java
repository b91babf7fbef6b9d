package dev.jtrace.core;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Cached answers to {@link Facility} probes, computed once per JVM and facility.
 */
public final class Facilities {
    private static final Map<Facility, Availability> CACHE = new ConcurrentHashMap<>();

    private Facilities() {
    }

    /**
     * Returns whether a facility is available, probing it on first use.
     *
     * @param facility the facility
     * @return the cached answer
     */
    public static Availability check(Facility facility) {
        return CACHE.computeIfAbsent(facility, Facility::probe);
    }

    /**
     * Throws unless a facility is available.
     *
     * @param facility the facility
     * @throws FacilityUnavailableException with the probe's reason if it is not available
     */
    public static void require(Facility facility) {
        Availability a = check(facility);
        if (!a.available()) {
            throw new FacilityUnavailableException(facility.description(), a.reason());
        }
    }

    /**
     * Forgets cached answers, e.g. after mounting tracefs or changing permissions.
     */
    public static void refresh() {
        CACHE.clear();
    }
}
