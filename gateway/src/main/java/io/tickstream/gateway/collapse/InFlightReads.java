package io.tickstream.gateway.collapse;

import java.util.concurrent.ConcurrentHashMap;

/** The reads on their way upstream, by key; at most {@code max} at once. */
final class InFlightReads {

    private final ConcurrentHashMap<String, Flight> flights = new ConcurrentHashMap<>();
    private final int max;

    InFlightReads(int max) {
        this.max = max;
    }

    /** The flight under way for {@code key}, if any. */
    Flight current(String key) {
        return flights.get(key);
    }

    /**
     * Opens a flight for {@code key} that the caller leads; null when another caller opened one first or
     * when {@code max} flights are under way.
     */
    Flight lead(String key) {
        if (flights.size() >= max) {
            return null;
        }
        Flight mine = new Flight(key);
        return flights.putIfAbsent(key, mine) == null ? mine : null;
    }

    /**
     * Lands a flight: later reads of its key open a new one, and those waiting get {@code shared}.
     * Removal comes first, so that no read joins a flight that has already landed.
     */
    void land(Flight flight, SharedAnswer shared) {
        flights.remove(flight.key(), flight);
        flight.land(shared);
    }

    int size() {
        return flights.size();
    }
}
