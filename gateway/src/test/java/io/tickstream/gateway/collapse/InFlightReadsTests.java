package io.tickstream.gateway.collapse;

import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import reactor.test.StepVerifier;

import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class InFlightReadsTests {

    @Test
    void oneCallerLeadsAKeyAndTheOthersFindItsFlight() {
        InFlightReads reads = new InFlightReads(10);

        Flight led = reads.lead("k");

        assertThat(led).isNotNull();
        assertThat(reads.lead("k")).as("a second caller does not lead the same key").isNull();
        assertThat(reads.current("k")).isSameAs(led);
    }

    @Test
    void aLandedFlightIsGoneAndItsAnswerReachesLateWaitersToo() {
        InFlightReads reads = new InFlightReads(10);
        Flight flight = reads.lead("k");

        reads.land(flight, SharedAnswer.NONE);

        assertThat(reads.current("k")).isNull();
        assertThat(reads.size()).isZero();
        StepVerifier.create(flight.answer()).expectNext(SharedAnswer.NONE).verifyComplete();
        assertThat(reads.lead("k")).as("the next read leads a new flight").isNotNull().isNotSameAs(flight);
    }

    @Test
    void aFlightLandsOnceWhateverComesLater() {
        InFlightReads reads = new InFlightReads(10);
        Flight flight = reads.lead("k");
        SharedAnswer first = SharedAnswer.of(HttpStatus.OK, new HttpHeaders(), Set.of(), new byte[] {1});

        reads.land(flight, first);
        reads.land(flight, SharedAnswer.NONE);

        StepVerifier.create(flight.answer()).expectNext(first).verifyComplete();
    }

    @Test
    void beyondTheLimitNoFlightIsOpened() {
        InFlightReads reads = new InFlightReads(2);
        reads.lead("a");
        reads.lead("b");

        assertThat(reads.lead("c")).isNull();
        assertThat(reads.current("c")).isNull();
    }
}
