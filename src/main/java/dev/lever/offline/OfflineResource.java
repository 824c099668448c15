package dev.lever.offline;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lever.openapi.ApiDocumentation;
import dev.lever.security.Roles;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/**
 * {@code GET /experiments/{id}/decisions}, {@code POST /experiments/{id}/evaluate} and
 * {@code GET /experiments/{id}/scenario}.
 */
@Path("/experiments/{id}")
public class OfflineResource {

    /** Newline-delimited JSON (one JSON object per line, https://github.com/ndjson/ndjson-spec). */
    static final String NDJSON = "application/x-ndjson";
    /** The header that carries the cursor for the next page of the decision log. */
    static final String NEXT = "Lever-Next-Since";
    static final String YAML = "application/yaml";

    private final DecisionLogService log;
    private final EvaluationService evaluation;
    private final ScenarioExport scenarios;
    private final ObjectMapper json;

    public OfflineResource(DecisionLogService log, EvaluationService evaluation, ScenarioExport scenarios,
            ObjectMapper json) {
        this.log = log;
        this.evaluation = evaluation;
        this.scenarios = scenarios;
        this.json = json;
    }

    /** Units are the clients' identifiers of users and sessions: reading them takes an admin key. */
    @GET
    @Path("/decisions")
    @RolesAllowed(Roles.ADMIN)
    @Produces(NDJSON)
    @Operation(summary = "An experiment's decision log, as JSON lines",
            description = "The decisions and counted rewards of an experiment with \"log\": true, oldest first, one "
                    + "JSON object per line. The Lever-Next-Since header is the cursor for the next call. An admin "
                    + "key: units are the clients' identifiers.")
    @APIResponse(responseCode = "200", description = "At most limit entries after since",
            content = @Content(mediaType = NDJSON, schema = @Schema(implementation = LogLine.class),
            examples = @ExampleObject(name = "example",
                    value = "{\"id\":\"1795964427923-0\",\"type\":\"decision\",\"decision\":\"KPHjhfV7Fr0mthErvXZymA\","
                    + "\"at\":\"2026-11-29T15:00:27.922Z\",\"unit\":\"user-0\",\"arm\":\"model-b\",\"propensity\":0.5,"
                    + "\"policy\":\"epsilon-greedy\",\"version\":1,\"context\":{\"device\":\"mobile\"}}\n"
                    + "{\"id\":\"1795964427954-0\",\"type\":\"reward\","
                    + "\"decision\":\"KPHjhfV7Fr0mthErvXZymA\",\"at\":\"2026-11-29T15:00:27.954Z\",\"arm\":\"model-b\","
                    + "\"metric\":\"reward\",\"value\":1.0}\n")))
    @APIResponse(responseCode = "400", ref = ApiDocumentation.INVALID)
    @APIResponse(responseCode = "404", ref = ApiDocumentation.NOT_FOUND)
    @APIResponse(responseCode = "409", ref = ApiDocumentation.CONFLICT)
    @APIResponse(responseCode = "503", ref = ApiDocumentation.UNAVAILABLE)
    public Uni<Response> decisions(@PathParam("id") String id,
            @Parameter(description = "the id of the last entry already read; default the oldest entry kept")
            @QueryParam("since") String since,
            @Parameter(description = "the most entries, 1 to lever.decision-log.max-page (10000); default 1000")
            @QueryParam("limit") String limit) {
        return log.page(id, since, limit).map(page -> {
            StringBuilder body = new StringBuilder();
            for (LogLine line : DecisionLogService.lines(page.entries())) {
                try {
                    body.append(json.writeValueAsString(line)).append('\n');
                } catch (JsonProcessingException e) {
                    throw new IllegalStateException("a log line could not be written as JSON", e);
                }
            }
            Response.ResponseBuilder response = Response.ok(body.toString(), NDJSON);
            if (page.next() != null) {
                response.header(NEXT, page.next());
            }
            return response.build();
        });
    }

    @POST
    @Path("/evaluate")
    @RolesAllowed(Roles.VIEWER)
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Estimate a candidate policy's reward from the decision log",
            description = "Off-policy evaluation with the logged (exact) propensities: inverse propensity scoring, "
                    + "its self-normalised form and the doubly robust estimate, each with a normal-approximation "
                    + "interval, the effective sample size, and the logging policy's observed value. Contextual "
                    + "candidates (linucb, linear-thompson) are scored on each logged decision's context, encoded "
                    + "with features.dimension; with contexts in the log, the doubly robust estimate's reward "
                    + "model is a per-arm ridge regression (rewardModel). A candidate that gives probability to an "
                    + "arm the log never chose is refused (409).")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = EvaluationRequest.class),
            examples = @ExampleObject(name = "example",
                    value = "{\"policy\": {\"type\": \"fixed-split\", \"weights\": {\"model-a\": 0, \"model-b\": 1}}}")))
    @APIResponse(responseCode = "200", description = "The estimates beside the logging policy's value",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = EvaluationView.class),
            examples = @ExampleObject(name = "example",
                    value = "{\"experiment\":\"homepage\",\"metric\":\"reward\",\"candidate\":{\"type\":"
                    + "\"fixed-split\",\"weights\":[0.0,1.0]},\"decisions\":2000,\"matched\":1781,\"pending\":0,"
                    + "\"effectiveSampleSize\":1765.1,\"confidence\":0.95,\"interval\":\"normal approximation: "
                    + "value +/- z x standard error\",\"logging\":{\"value\":0.138,\"standardError\":0.0077,"
                    + "\"lower\":0.1229,\"upper\":0.1531},\"ips\":{\"value\":0.1479,\"standardError\":0.0085,"
                    + "\"lower\":0.1311,\"upper\":0.1646},\"snips\":{\"value\":0.1477,\"standardError\":0.0084,"
                    + "\"lower\":0.1312,\"upper\":0.1643},\"doublyRobust\":{\"value\":0.1477,\"standardError\":"
                    + "0.0085,\"lower\":0.1312,\"upper\":0.1643},\"rewardModel\":\"arm-mean\",\"from\":"
                    + "\"1795964427923-0\",\"to\":\"1795964429326-1\",\"truncated\":false,\"propensities\":\"logged: ...\"}")))
    @APIResponse(responseCode = "400", ref = ApiDocumentation.INVALID)
    @APIResponse(responseCode = "404", ref = ApiDocumentation.NOT_FOUND)
    @APIResponse(responseCode = "409", ref = ApiDocumentation.CONFLICT)
    @APIResponse(responseCode = "503", ref = ApiDocumentation.UNAVAILABLE)
    public Uni<EvaluationView> evaluate(@PathParam("id") String id, EvaluationRequest request) {
        return evaluation.evaluate(id, request);
    }

    @GET
    @Path("/scenario")
    @RolesAllowed(Roles.VIEWER)
    @Produces(YAML)
    @Operation(summary = "A scenario file for the simulator, from the experiment's statistics",
            description = "YAML that ./simulate runs: each active arm's mean drawn from its posterior, the "
                    + "experiment's decisions per day times days as the horizon, its policy beside the others.")
    @APIResponse(responseCode = "200", description = "The scenario",
            content = @Content(mediaType = YAML, schema = @Schema(implementation = String.class),
            examples = @ExampleObject(name = "example",
                    value = "name: homepage\nhorizon: 336000\nrepetitions: 20\nseed: 42\narms:\n- id: model-a\n"
                    + "  mean: 0.0769351\n- id: model-b\n  mean: 0.142492\npolicies:\n- type: epsilon-greedy\n"
                    + "  epsilon: 0.2\n  decay: false\n- type: ucb1\n- type: thompson\n- type: fixed-split\n")))
    @APIResponse(responseCode = "400", ref = ApiDocumentation.INVALID)
    @APIResponse(responseCode = "404", ref = ApiDocumentation.NOT_FOUND)
    @APIResponse(responseCode = "409", ref = ApiDocumentation.CONFLICT)
    @APIResponse(responseCode = "503", ref = ApiDocumentation.UNAVAILABLE)
    public Uni<String> scenario(@PathParam("id") String id,
            @Parameter(description = "days of traffic the horizon covers, 1 to 365; default 14")
            @QueryParam("days") String days,
            @Parameter(description = "seed of the posterior draws and the simulation; default random")
            @QueryParam("seed") String seed) {
        Long horizonDays = QueryNumbers.whole("days", days, 1, ScenarioExport.MAX_DAYS);
        return scenarios.export(id, horizonDays == null ? null : horizonDays.intValue(),
                QueryNumbers.whole("seed", seed, Long.MIN_VALUE, Long.MAX_VALUE));
    }
}
