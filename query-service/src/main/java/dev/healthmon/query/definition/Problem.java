package dev.healthmon.query.definition;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * One thing wrong with a request body. {@code field} is the path of the offending value, such as
 * {@code http.url} or {@code targets[2].interval}; it is empty when the problem concerns the body as a whole.
 */
@Schema(name = "Problem")
public record Problem(String field, String message) {
}
