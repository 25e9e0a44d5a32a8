package io.tickstream.query.candles;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

class IndicatorsTests {

    static List<BigDecimal> closes(int... values) {
        return IntStream.of(values).mapToObj(BigDecimal::valueOf).toList();
    }

    @Test
    void smaIsTheMeanOfTheLastCloses() {
        assertThat(Indicators.sma(closes(1, 2, 3, 4, 5), 2)).isEqualByComparingTo("4.5");
        assertThat(Indicators.sma(closes(1, 2), 3)).isNull();
    }

    @Test
    void emaIsSeededWithTheSmaThenWeighsRecentClosesMore() {
        // seed (1+2+3)/3 = 2; k = 0.5; 10 -> 6; 10 -> 8
        assertThat(Indicators.ema(closes(1, 2, 3, 10, 10), 3)).isEqualByComparingTo("8");
        assertThat(Indicators.ema(closes(1, 2), 3)).isNull();
    }

    @Test
    void rsiFollowsWilder() {
        assertThat(Indicators.rsi(closes(1, 2, 3, 4), 3)).isEqualByComparingTo("100");
        assertThat(Indicators.rsi(closes(4, 3, 2, 1), 3)).isEqualByComparingTo("0");
        // gains 1+1, loss 1 over 3 changes: RS = 2, RSI = 66.6667
        assertThat(Indicators.rsi(closes(10, 11, 12, 11), 3)).isEqualByComparingTo("66.6667");
        assertThat(Indicators.rsi(closes(1, 2, 3), 3)).isNull();
    }
}
