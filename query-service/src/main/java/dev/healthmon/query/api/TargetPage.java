package dev.healthmon.query.api;

import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** One page of targets in id order; {@code nextCursor}, when present, fetches the next page. */
@Schema(name = "TargetPage")
public record TargetPage(List<TargetView> items, @Schema(nullable = true) String nextCursor) {
}
