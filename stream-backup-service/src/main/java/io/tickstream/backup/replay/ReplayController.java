package io.tickstream.backup.replay;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

import java.net.URI;
import java.util.List;

/**
 * Operator endpoints for replay (errors as {@code application/problem+json}):
 * <ul>
 *   <li>{@code POST /admin/replay} {@code {"from": "...Z", "to": "...Z", "symbol": "BTC", "types": ["quote"],
 *       "ratePerSecond": 2000}} starts a replay: 202 with its progress and a {@code Location};
 *       400 for an invalid request; 409 while another replay runs;</li>
 *   <li>{@code GET /admin/replay/{id}}: its progress; {@code GET /admin/replay}: all remembered jobs;</li>
 *   <li>{@code DELETE /admin/replay/{id}}: cancels it.</li>
 * </ul>
 * Operators only: the gateway does not route {@code /admin/**} from the outside.
 */
@RestController
@RequestMapping("/admin/replay")
class ReplayController {

    private final ReplayService replay;

    ReplayController(ReplayService replay) {
        this.replay = replay;
    }

    @PostMapping
    ResponseEntity<ReplayJob.Progress> start(@RequestBody ReplayRequest request) {
        try {
            ReplayJob job = replay.start(request);
            return ResponseEntity.accepted().location(URI.create("/admin/replay/" + job.id())).body(job.progress());
        } catch (IllegalArgumentException e) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, e.getMessage());
        } catch (IllegalStateException e) {
            throw new ResponseStatusException(HttpStatus.CONFLICT, e.getMessage());
        }
    }

    @GetMapping("/{id}")
    ReplayJob.Progress progress(@PathVariable String id) {
        return find(id).progress();
    }

    @GetMapping
    List<ReplayJob.Progress> all() {
        return replay.jobs().stream().map(ReplayJob::progress).toList();
    }

    @DeleteMapping("/{id}")
    ReplayJob.Progress cancel(@PathVariable String id) {
        ReplayJob job = find(id);
        job.cancel();
        return job.progress();
    }

    private ReplayJob find(String id) {
        return replay.job(id).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "no replay job '" + id + "'"));
    }
}
