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

    @Test
    void macdIsTheFastMinusTheSlowEmaWithItsSignalAndHistogram() {
        // ema2: 1.5, 2.5, 7.5, 9.1667; ema3: 2, 6, 8; line 0.5, 1.5, 1.1667; signal (ema2 of the line): 1 -> 1.1111
        Indicators.Macd macd = Indicators.macd(closes(1, 2, 3, 10, 10), 2, 3, 2);
        assertThat(macd.line()).isEqualByComparingTo("1.166666666666667");
        assertThat(macd.signal().setScale(6, java.math.RoundingMode.HALF_EVEN)).isEqualByComparingTo("1.111111");
        assertThat(macd.histogram().setScale(6, java.math.RoundingMode.HALF_EVEN)).isEqualByComparingTo("0.055556");
        assertThat(Indicators.macd(closes(1, 2, 3), 2, 3, 2)).as("fewer than slow + signal - 1 closes").isNull();
        assertThat(Indicators.macd(closes(1, 2, 3, 4, 5), 3, 3, 2)).as("fast not below slow").isNull();
    }

    @Test
    void bollingerBandsLieKPopulationDeviationsAroundTheSma() {
        // mean 5, population standard deviation 2
        Indicators.Bands bands = Indicators.bollinger(closes(100, 2, 4, 4, 4, 5, 5, 7, 9), 8, BigDecimal.valueOf(2));
        assertThat(bands.middle()).isEqualByComparingTo("5");
        assertThat(bands.upper()).isEqualByComparingTo("9");
        assertThat(bands.lower()).isEqualByComparingTo("1");
        assertThat(Indicators.bollinger(closes(1, 2), 3, BigDecimal.ONE)).isNull();
    }

    @Test
    void indicatorNamesTakeTheWindowWhenTheyHaveNoPeriodAndAreAnsweredInFull() {
        assertThat(IndicatorService.specs("sma,ema9,macd,bb,bb20_2.5,sma14", 14).stream().map(IndicatorService.Spec::name))
                .containsExactly("sma14", "ema9", "macd12_26_9", "bb14_2", "bb20_2.5");
    }
}
