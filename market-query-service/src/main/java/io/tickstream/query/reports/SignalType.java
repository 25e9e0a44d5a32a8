package io.tickstream.query.reports;

/** Indicator events a report lists (hourly closes; RSI 14, SMA 20, EMA 20, MACD 12/26/9). */
public enum SignalType {
    /** RSI 14 rose above 70. */
    RSI_OVERBOUGHT,
    /** RSI 14 fell below 30. */
    RSI_OVERSOLD,
    /** The close crossed above its SMA 20. */
    CROSSED_ABOVE_SMA20,
    /** The close crossed below its SMA 20. */
    CROSSED_BELOW_SMA20,
    /** The close crossed above its EMA 20. */
    CROSSED_ABOVE_EMA20,
    /** The close crossed below its EMA 20. */
    CROSSED_BELOW_EMA20,
    /** The MACD line crossed above its signal line. */
    MACD_BULLISH_CROSS,
    /** The MACD line crossed below its signal line. */
    MACD_BEARISH_CROSS
}
