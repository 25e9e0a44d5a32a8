package io.tickstream.query.problem;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.info.License;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.servers.Server;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.Map;

/**
 * The error answers of the API in its OpenAPI description, each as {@code application/problem+json}
 * (RFC 9457, schema {@code Problem}): on every operation {@code 429} (the gateway's rate limit),
 * {@code 500} and {@code 503} (the gateway's breaker while this service is down, or history while
 * PostgreSQL is); {@code 400} where the operation takes parameters (a malformed symbol or parameter);
 * {@code 404} where the path names a symbol (an unknown one). Also the document's title, version, license,
 * server (the gateway's origin, {@code /}) and an explicit "no credentials" security requirement, which
 * the linter (Redocly's recommended rules) requires.
 */
@Component
class ProblemResponsesCustomizer implements OpenApiCustomizer {

    static final String PROBLEM = "Problem";

    private static final Map<String, String> ALWAYS = Map.of(
            "429", "Too many requests: the gateway's rate limit (see Retry-After)",
            "500", "Unexpected error (no internals in the answer)",
            "503", "The service or its database is unavailable; retry later");

    @Override
    public void customise(OpenAPI api) {
        api.info(new Info().title("Tickstream market API").version("v1")
                        .description("Live and historical crypto market data. Errors are application/problem+json.")
                        .license(new License().name("Proprietary").identifier("LicenseRef-Tickstream")))
                .servers(List.of(new Server().url("/").description("through the gateway")))
                // the market API is public: an empty requirement says so explicitly (no credentials needed)
                .security(List.of(new SecurityRequirement()));
        if (api.getComponents() == null) {
            api.components(new Components());
        }
        api.getComponents().addSchemas(PROBLEM, problemSchema());
        if (api.getPaths() == null) {
            return;
        }
        api.getPaths().forEach((path, item) -> item.readOperations().forEach(operation -> {
            ApiResponses responses = operation.getResponses() == null ? new ApiResponses() : operation.getResponses();
            if (operation.getParameters() != null && !operation.getParameters().isEmpty()) {
                add(responses, "400", "Malformed input: a symbol, interval, time or limit that cannot be used");
            }
            if (path.contains("{symbol}")) {
                add(responses, "404", "Unknown symbol");
            }
            ALWAYS.forEach((status, description) -> add(responses, status, description));
            operation.responses(responses);
        }));
    }

    private static void add(ApiResponses responses, String status, String description) {
        responses.computeIfAbsent(status, s -> new ApiResponse().description(description)
                .content(new Content().addMediaType("application/problem+json",
                        new MediaType().schema(new Schema<>().$ref("#/components/schemas/" + PROBLEM)))));
    }

    private static Schema<?> problemSchema() {
        return new ObjectSchema().description("RFC 9457 problem details")
                .addProperty("type", new StringSchema().format("uri").example("about:blank"))
                .addProperty("title", new StringSchema().example("Not Found"))
                .addProperty("status", new IntegerSchema().example(404))
                .addProperty("detail", new StringSchema().example("unknown symbol 'NOPE'"))
                .addProperty("instance", new StringSchema().format("uri-reference").example("/api/v1/quotes/NOPE"));
    }
}
