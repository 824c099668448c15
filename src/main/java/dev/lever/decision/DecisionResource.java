package dev.lever.decision;

import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** {@code POST /select} and {@code POST /reward}: the calls apps make in their request path. */
@Path("/")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class DecisionResource {

    private final DecisionService decisions;

    public DecisionResource(DecisionService decisions) {
        this.decisions = decisions;
    }

    @POST
    @Path("select")
    public Uni<Decision> select(SelectRequest request) {
        return decisions.select(request);
    }

    @POST
    @Path("reward")
    public Uni<RewardReceipt> reward(RewardRequest request) {
        return decisions.reward(request);
    }
}
