package io.tickstream.query.reports;

import reactor.core.publisher.Mono;

/**
 * Where report figures come from. {@link RawArchive} aggregates the backup service's raw quote, summary
 * and health tables; an implementation over OHLCV rollups can replace it without touching the
 * calculation ({@link ReportCalculator}) or the rendering.
 */
interface ReportArchive {

    /** Everything a report of {@code scope} over {@code period} needs, bars from {@code period.start() - warmUp}. */
    Mono<ArchiveRows> read(ReportScope scope, ReportPeriod period);
}
