package dev.healthmon.query.api;

import dev.healthmon.query.definition.Problem;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The body of a 400: every problem found in the request. */
@Schema(name = "ProblemReport")
public record ProblemReport(List<Problem> problems) {
}
