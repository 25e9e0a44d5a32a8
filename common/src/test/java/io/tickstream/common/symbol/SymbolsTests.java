package io.tickstream.common.symbol;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class SymbolsTests {

    @ParameterizedTest
    @CsvSource({"btc,BTC", " eth ,ETH", "XBT,BTC", "xdg,DOGE", "1inch,1INCH", "USDT,USDT"})
    void foldsCaseWhitespaceAndAliases(String raw, String canonical) {
        assertThat(Symbols.canonical(raw)).isEqualTo(canonical);
        assertThat(Symbols.isCanonical(canonical)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "BTC/USD", "BTC-USD", "ÉTH", "ABCDEFGHIJKLMNOP"})
    void rejectsWhatIsNotASymbol(String raw) {
        assertThatIllegalArgumentException().isThrownBy(() -> Symbols.canonical(raw)).withMessageContaining("symbol");
    }

    @Test
    void aliasesAreNotCanonical() {
        assertThat(Symbols.isCanonical("XBT")).isFalse();
        assertThat(Symbols.isCanonical("btc")).isFalse();
        assertThat(Symbols.isCanonical(null)).isFalse();
    }
}
