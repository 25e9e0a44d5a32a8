package io.tickstream.ingest.control;

import io.tickstream.common.stream.ControlCommand;
import io.tickstream.ingest.health.SourceHealthTracker;
import io.tickstream.ingest.poll.PollScheduler;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;
import reactor.core.publisher.Mono;

import java.util.Map;
import java.util.TreeMap;

/**
 * Operator endpoints. {@code POST /admin/refresh[?source=binance]} asks for a poll now: the command
 * goes on the control stream, so whichever instance holds the source's lease polls it, within the
 * source's budget and pauses. {@code GET /admin/sources} shows each source's state. Exposed to
 * operators only: the gateway does not route {@code /admin/**} from the outside.
 */
@RestController
@RequestMapping("/admin")
class AdminController {

    private final ControlStreamListener control;
    private final PollScheduler scheduler;
    private final SourceHealthTracker health;

    AdminController(ControlStreamListener control, PollScheduler scheduler, SourceHealthTracker health) {
        this.control = control;
        this.scheduler = scheduler;
        this.health = health;
    }

    @PostMapping("/refresh")
    Mono<ResponseEntity<Map<String, Object>>> refresh(
            @RequestParam(name = "source", defaultValue = ControlCommand.ALL_SOURCES) String source) {
        if (!ControlCommand.ALL_SOURCES.equals(source) && !scheduler.sources().contains(source)) {
            return Mono.error(new ResponseStatusException(HttpStatus.BAD_REQUEST,
                    "unknown or disabled source '" + source + "'; enabled: " + scheduler.sources()));
        }
        ControlCommand command = new ControlCommand(ControlCommand.REFRESH, source);
        return control.send(command).map(id -> ResponseEntity.accepted()
                .body(Map.of("command", command.command(), "source", source, "controlEntryId", id)));
    }

    @GetMapping("/sources")
    Map<String, Object> sources() {
        Map<String, Object> view = new TreeMap<>();
        health.statuses().forEach((name, status) -> view.put(name, Map.of(
                "state", status.state().wireName(),
                "detail", status.detail(),
                "since", status.since(),
                "lastGoodAt", status.lastGoodAt(),
                "breaker", scheduler.guard(name) == null ? "none" : scheduler.guard(name).breaker().getState().name())));
        return view;
    }
}
