package io.tickstream.ingest.fake;

/** One market API served by {@link FakeMarketApis}: answers a request from the shared market state. */
interface FakeApi {

    FakeResponse answer(RecordedRequest request);
}
