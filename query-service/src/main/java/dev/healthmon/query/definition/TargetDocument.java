package dev.healthmon.query.definition;

import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The body of a declarative sync: every target one owner (a repository, a deployment) manages. Each target gets the
 * label {@value #MANAGED_BY_LABEL}={@code managedBy}; targets with that label that the document no longer lists are
 * deleted.
 */
@Schema(name = "TargetDocument")
public record TargetDocument(
        @Schema(required = true, examples = "examples", description = "Owner of these targets") String managedBy,
        List<TargetRepresentation> targets) {

    public static final String MANAGED_BY_LABEL = "managed-by";
}
