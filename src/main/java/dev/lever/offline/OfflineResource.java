package dev.lever.offline;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
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
    public Uni<Response> decisions(@PathParam("id") String id, @QueryParam("since") String since,
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
    public Uni<EvaluationView> evaluate(@PathParam("id") String id, EvaluationRequest request) {
        return evaluation.evaluate(id, request);
    }

    @GET
    @Path("/scenario")
    @RolesAllowed(Roles.VIEWER)
    @Produces(YAML)
    public Uni<String> scenario(@PathParam("id") String id, @QueryParam("days") String days,
            @QueryParam("seed") String seed) {
        Long horizonDays = QueryNumbers.whole("days", days, 1, ScenarioExport.MAX_DAYS);
        return scenarios.export(id, horizonDays == null ? null : horizonDays.intValue(),
                QueryNumbers.whole("seed", seed, Long.MIN_VALUE, Long.MAX_VALUE));
    }
}
