package io.tickstream.push.channel;

import jakarta.validation.constraints.NotNull;
import org.hibernate.validator.constraints.time.DurationMax;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import java.time.Duration;

/**
 * Per-channel coalescing of quote updates, under {@code tickstream.push.coalescing.} (environment:
 * {@code TICKSTREAM_PUSH_COALESCING_TICKERWINDOW}). Off by default.
 *
 * @param tickerWindow 0 (the default): every change of a {@code ticker:<S>} channel is sent. Above 0: a ticker
 *                     channel that has sent nothing for this long sends a change at once and opens a window of this
 *                     length; changes inside it are held, and when it ends only the latest is sent (then a new window
 *                     opens). Nothing a client relies on is lost: the latest object is always sent, at most this late,
 *                     with the offset of the latest entry, as a patch from the object subscribers hold (the previous
 *                     message's offset); a change that is undone inside the window sends nothing. History and resume
 *                     hold what was sent, so a client resumes from any offset it was given; an offset it got from
 *                     another instance, held back here, gets a fresh snapshot ({@code recovered:false}). Other
 *                     channels (dashboard, health, trades, candles) are never coalesced. At most 1 s
 */
@Validated
@ConfigurationProperties("tickstream.push.coalescing")
public record CoalescingProperties(
        @DefaultValue("0ms") @NotNull @DurationMin(millis = 0) @DurationMax(seconds = 1) Duration tickerWindow) {

    /** Coalescing off. */
    public static CoalescingProperties off() {
        return new CoalescingProperties(Duration.ZERO);
    }
}
