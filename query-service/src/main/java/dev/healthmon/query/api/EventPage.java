package dev.healthmon.query.api;

import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Events newest first; {@code nextCursor}, when present, fetches the older ones. */
@Schema(name = "EventPage")
public record EventPage(List<EventView> items, @Schema(nullable = true) String nextCursor) {
}
