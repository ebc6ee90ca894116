package dev.healthmon.query.auth;

import dev.healthmon.query.ApiConfig;
import dev.healthmon.query.api.ErrorMessage;
import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;
import java.util.List;

/**
 * Applies {@link ApiTokens} to every request of the REST API ({@code /v1}); the management endpoints under
 * {@code /q} (health, metrics, OpenAPI) are not JAX-RS resources and stay open.
 */
@Provider
@Priority(Priorities.AUTHENTICATION)
public class ApiTokenFilter implements ContainerRequestFilter {

    private final ApiTokens tokens;

    public ApiTokenFilter(ApiConfig config) {
        this.tokens = new ApiTokens(config.tokens().orElse(List.of()), config.readRequiresToken());
    }

    @Override
    public void filter(ContainerRequestContext request) {
        if (!tokens.allows(request.getMethod(), request.getHeaderString(HttpHeaders.AUTHORIZATION))) {
            request.abortWith(Response.status(Response.Status.UNAUTHORIZED)
                    .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"healthmon\"")
                    .type(MediaType.APPLICATION_JSON)
                    .entity(new ErrorMessage("a valid bearer token is required")).build());
        }
    }
}
