package io.tickstream.ingest.poll;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.tracing.Tracer;
import io.tickstream.ingest.consensus.ConsensusPublisher;
import io.tickstream.ingest.health.SourceHealthTracker;
import io.tickstream.ingest.publish.StreamPublisher;
import io.tickstream.ingest.validate.ObservationValidator;

import java.time.Clock;

/** What every source's poll shares. */
record PollCollaborators(ObservationValidator validator, StreamPublisher publisher, ConsensusPublisher consensus,
        SourceHealthTracker health, Clock clock, MeterRegistry meters, Tracer tracer) {
}
