package io.tickstream.gateway.apikey;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import java.time.Duration;
import java.util.Map;

/**
 * Clients' API keys, under {@code tickstream.gateway.api-keys.}: created and revoked through
 * {@code /admin/api-keys}, kept in Redis (hashed) so every gateway instance knows them, each with a plan
 * that sets its rate limit.
 *
 * @param keyPrefix Redis key prefix; one hash tag, so the key records of a create or revoke share a cluster
 *                  slot; default {@code tickstream:gateway:{apikeys}:}
 * @param plans     the plans a key may have, by name; defaults (application.yml): {@code basic} 20 requests/s,
 *                  burst 40 (as an anonymous client); {@code pro} 100/s, burst 200; {@code enterprise} 1000/s,
 *                  burst 2000. {@code TICKSTREAM_GATEWAY_APIKEYS_PLANS_PRO_REPLENISHRATE} and the like change them
 * @param cacheFor  how long an instance trusts what it looked up about a key (known or unknown) before asking
 *                  Redis again: a revoked key keeps working on an instance that saw it for at most this long;
 *                  default 5s
 * @param cacheSize keys an instance remembers at most; default 10000
 * @param lookupTimeout bound on looking a key up in Redis; past it the rate limit's {@code when-redis-down}
 *                  policy applies; default 250ms
 */
@Validated
@ConfigurationProperties("tickstream.gateway.api-keys")
public record ApiKeyProperties(
        @DefaultValue("tickstream:gateway:{apikeys}:") @NotBlank String keyPrefix,
        @NotEmpty Map<String, @Valid Plan> plans,
        @DefaultValue("5s") @NotNull Duration cacheFor,
        @DefaultValue("10000") @Min(1) int cacheSize,
        @DefaultValue("250ms") @NotNull Duration lookupTimeout) {

    public ApiKeyProperties {
        plans = plans == null ? Map.of() : Map.copyOf(plans);
    }

    /**
     * A plan: the token bucket of each key that has it.
     *
     * @param replenishRate  requests per second in the long run
     * @param burstCapacity  requests at once
     */
    public record Plan(@Min(1) int replenishRate, @Min(1) int burstCapacity) {
    }
}
