package dev.healthmon.query.api;

import dev.healthmon.query.admin.UnknownTargetException;
import dev.healthmon.query.definition.InvalidRequestException;
import dev.healthmon.query.publish.PublishFailedException;
import dev.healthmon.query.readmodel.StoreUnavailableException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Turns the API's exceptions into answers with a JSON body. */
public class ApiExceptionMappers {

    // Seconds: a rebalance or a broker hiccup usually passes within that.
    private static final String RETRY_AFTER_SECONDS = "1";
    private static final Logger LOG = Logger.getLogger(ApiExceptionMappers.class);

    @ServerExceptionMapper
    public Response invalid(InvalidRequestException e) {
        return Response.status(Response.Status.BAD_REQUEST).entity(new ProblemReport(e.problems())).build();
    }

    @ServerExceptionMapper
    public Response unknown(UnknownTargetException e) {
        return Response.status(Response.Status.NOT_FOUND).entity(new ErrorMessage(e.getMessage())).build();
    }

    @ServerExceptionMapper
    public Response storeUnavailable(StoreUnavailableException e) {
        return Response.status(Response.Status.SERVICE_UNAVAILABLE).header(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS)
                .entity(new ErrorMessage(e.getMessage())).build();
    }

    @ServerExceptionMapper
    public Response publishFailed(PublishFailedException e) {
        // Ids and the cause only: the definitions, and so the secrets, are not in the message.
        LOG.warn(e.getMessage());
        return Response.status(Response.Status.SERVICE_UNAVAILABLE).header(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS)
                .entity(new ErrorMessage(e.getMessage())).build();
    }
}
