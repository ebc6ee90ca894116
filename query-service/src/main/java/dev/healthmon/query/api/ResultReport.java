package dev.healthmon.query.api;

import dev.healthmon.query.definition.Problem;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * What became of each result of a {@code POST /v1/results}, in the order they were sent: published (acknowledged by
 * Kafka), rejected for its problems (do not send it again as it is), or not published for a passing reason (send
 * it again).
 */
@Schema(name = "ResultReport")
public record ResultReport(
        @Schema(description = "Results published") int published,
        @Schema(description = "Results rejected for their problems: unknown target, bad or missing fields")
        int rejected,
        @Schema(description = "Results not published for a passing reason; send them again") int retry,
        @Schema(description = "One entry per result sent, in order") List<Item> items) {

    /** What became of one result. */
    @Schema(name = "ResultReportItem")
    public record Item(boolean published, @Schema(description = "True when it may succeed if sent again")
            boolean retry, List<Problem> problems) {

        public static Item publishedOne() {
            return new Item(true, false, List.of());
        }

        public static Item rejected(List<Problem> problems) {
            return new Item(false, false, problems);
        }

        public static Item retry(String why) {
            return new Item(false, true, List.of(new Problem("", why)));
        }
    }

    public static ResultReport of(List<Item> items) {
        int published = (int) items.stream().filter(Item::published).count();
        int retry = (int) items.stream().filter(Item::retry).count();
        return new ResultReport(published, items.size() - published - retry, retry, items);
    }
}
