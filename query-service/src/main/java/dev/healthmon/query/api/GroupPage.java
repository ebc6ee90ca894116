package dev.healthmon.query.api;

import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** One page of groups in name order; {@code nextCursor}, when present, fetches the next page. */
@Schema(name = "GroupPage")
public record GroupPage(List<GroupView> items, @Schema(nullable = true) String nextCursor) {
}
