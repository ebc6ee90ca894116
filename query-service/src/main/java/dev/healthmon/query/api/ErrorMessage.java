package dev.healthmon.query.api;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The body of the other error answers (401, 404, 503). */
@Schema(name = "Error")
public record ErrorMessage(String error) {
}
