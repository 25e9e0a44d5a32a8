package io.tickstream.gateway.guard;

import java.time.Duration;

/**
 * What a {@link RouteGuard} needs to know about its route: the time limit, the retries of idempotent
 * reads and the breaker. The routes' configuration ({@code RouteProperties.Upstream}) provides it.
 */
public interface GuardSettings {

    /** Longest one upstream call may take. */
    Duration timeout();

    /** Retries of an idempotent GET after a connection error or 5xx. */
    int retries();

    /** Calls the breaker's failure rate is measured over. */
    int breakerWindow();

    /** Failure rate, in percent, that opens the breaker. */
    int breakerFailureRate();

    /** How long an open breaker answers without calling the upstream. */
    Duration breakerOpenFor();
}
