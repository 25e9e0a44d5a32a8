package io.tickstream.gateway.apikey;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;
import reactor.core.publisher.Mono;

import java.net.URI;
import java.util.List;
import java.util.Map;

/**
 * Clients' API keys, for admins (the gateway's {@code /admin/**} security applies):
 * <ul>
 * <li>{@code POST /admin/api-keys} {@code {"plan":"pro"}} → 201 {@code {"id","key","plan","created"}}: the key
 * is in this answer only, never again;</li>
 * <li>{@code GET /admin/api-keys} → {@code [{"id","plan","created"}]}, never a key;</li>
 * <li>{@code DELETE /admin/api-keys/{id}} → 204, or 404 for no such key.</li>
 * </ul>
 * Errors are {@code application/problem+json}.
 */
@RestController
@RequestMapping("/admin/api-keys")
class ApiKeyAdminController {

    private final ApiKeys keys;

    ApiKeyAdminController(ApiKeys keys) {
        this.keys = keys;
    }

    @PostMapping
    Mono<ResponseEntity<Map<String, Object>>> create(@RequestBody(required = false) Mono<CreateRequest> request) {
        return request.defaultIfEmpty(new CreateRequest(null))
                .flatMap(r -> keys.create(r.plan()))
                .map(created -> ResponseEntity.created(URI.create("/admin/api-keys/" + created.record().id()))
                        .header("Cache-Control", "no-store")
                        .body(Map.<String, Object>of("id", created.record().id(), "key", created.key(),
                                "plan", created.record().plan(), "created", created.record().created().toString())));
    }

    @GetMapping
    Mono<List<Map<String, Object>>> list() {
        return keys.list().map(key -> Map.<String, Object>of("id", key.id(), "plan", key.plan(),
                "created", key.created().toString())).collectList();
    }

    @DeleteMapping("/{id}")
    Mono<ResponseEntity<Void>> revoke(@PathVariable String id) {
        if (!id.matches("key_[0-9a-f]{18}")) {
            return Mono.error(new ResponseStatusException(HttpStatus.NOT_FOUND, "no API key '" + id + "'"));
        }
        return keys.revoke(id).map(removed -> {
            if (!removed) {
                throw new ResponseStatusException(HttpStatus.NOT_FOUND, "no API key '" + id + "'");
            }
            return ResponseEntity.noContent().build();
        });
    }

    @ExceptionHandler(IllegalArgumentException.class)
    ProblemDetail badPlan(IllegalArgumentException e) {
        return ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, e.getMessage());
    }

    /** @param plan the new key's plan (a name under {@code tickstream.gateway.api-keys.plans}) */
    record CreateRequest(String plan) {
    }
}
