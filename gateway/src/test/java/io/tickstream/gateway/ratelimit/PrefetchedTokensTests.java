package io.tickstream.gateway.ratelimit;

import org.junit.jupiter.api.Test;

import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class PrefetchedTokensTests {

    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

    @Test
    void keptTokensAreSpentOneByOneAndThenTheClientMustAskAgain() {
        PrefetchedTokens tokens = new PrefetchedTokens(10, SECOND);
        assertThat(tokens.spend("a", 0)).as("nothing kept yet").isEqualTo(-1);

        tokens.keep("a", 3, 20, 0);

        assertThat(tokens.spend("a", 1)).as("20 in the bucket, 2 still here").isEqualTo(22);
        assertThat(tokens.spend("a", 2)).isEqualTo(21);
        assertThat(tokens.spend("a", 3)).isEqualTo(20);
        assertThat(tokens.spend("a", 4)).isEqualTo(-1);
        assertThat(tokens.spend("b", 4)).as("another client's tokens are its own").isEqualTo(-1);
    }

    @Test
    void batchesFetchedAtTheSameTimeAddUpInsteadOfReplacingOneAnother() {
        PrefetchedTokens tokens = new PrefetchedTokens(10, SECOND);
        tokens.keep("a", 3, 30, 0);
        tokens.keep("a", 3, 27, 1);

        for (int i = 0; i < 6; i++) {
            assertThat(tokens.spend("a", 2 + i)).isEqualTo(27 + 5 - i);
        }
        assertThat(tokens.spend("a", 10)).isEqualTo(-1);

        tokens.keep("a", 2, 10, 11);
        assertThat(tokens.spend("a", 12)).as("a batch that ran dry is replaced").isEqualTo(11);
    }

    @Test
    void unspentTokensExpire() {
        PrefetchedTokens tokens = new PrefetchedTokens(10, SECOND);
        tokens.keep("a", 5, 0, 0);

        assertThat(tokens.spend("a", SECOND - 1)).isEqualTo(4);
        assertThat(tokens.spend("a", SECOND)).isEqualTo(-1);
        assertThat(tokens.spend("a", SECOND + 1)).isEqualTo(-1);
    }

    @Test
    void boundedWhenFullTokensOfNewClientsAreNotKeptUntilOthersExpire() {
        PrefetchedTokens tokens = new PrefetchedTokens(2, SECOND);
        tokens.keep("a", 5, 0, 0);
        tokens.keep("b", 5, 0, 0);

        tokens.keep("c", 5, 0, 1);
        assertThat(tokens.spend("c", 2)).as("no room").isEqualTo(-1);

        tokens.keep("c", 5, 0, 2 * SECOND);
        assertThat(tokens.spend("c", 2 * SECOND + 1)).as("a and b expired and were swept").isEqualTo(4);
    }
}
