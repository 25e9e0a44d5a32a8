package io.tickstream.gateway.apikey;

import java.time.Instant;

/**
 * What the gateway knows about an API key: never the key itself, which is shown once at creation and kept
 * only as its SHA-256.
 *
 * @param id      the key's public name (rate-limit bucket, revocation, listing)
 * @param plan    its plan's name
 * @param created when it was created
 */
public record ApiKey(String id, String plan, Instant created) {
}
