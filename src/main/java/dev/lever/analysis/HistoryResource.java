package dev.lever.analysis;

import dev.lever.security.Roles;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

/** {@code GET /experiments/{id}/history?from=&to=&bucket=}: an experiment's statistics per time bucket. */
@Path("/experiments/{id}/history")
@Produces(MediaType.APPLICATION_JSON)
public class HistoryResource {

    private final HistoryService history;

    public HistoryResource(HistoryService history) {
        this.history = history;
    }

    @GET
    @RolesAllowed(Roles.VIEWER)
    public Uni<HistoryView> history(@PathParam("id") String id, @QueryParam("from") String from,
            @QueryParam("to") String to, @QueryParam("bucket") String bucket) {
        return history.history(id, from, to, bucket);
    }
}
