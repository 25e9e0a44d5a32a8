/**
 * Prints the SQL expression of a candle's JSON (io.tickstream.common.market.CandleJsonSql), which the backup's rollup
 * job stores with every derived candle: bench-history.sh writes its derived rows directly and gives them the same
 * stored form. Run with common's classes on the class path.
 */
class PrintCandleJsonSql {
    public static void main(String[] args) {
        System.out.print(io.tickstream.common.market.CandleJsonSql.expression());
    }
}
