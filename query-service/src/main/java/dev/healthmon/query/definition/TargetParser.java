package dev.healthmon.query.definition;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.deser.DeserializationProblemHandler;
import com.fasterxml.jackson.databind.deser.ValueInstantiator;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Reads targets and sync documents from JSON or YAML. Rather than stopping at the first unknown field or value of the
 * wrong type, it records each as a {@link Problem} with its path, skips it and reads on, so that a request is answered
 * with everything wrong in it. Only a body that is not well-formed JSON or YAML stops the reading.
 */
public final class TargetParser {

    private static final ObjectMapper JSON = configure(JsonMapper.builder().build());
    private static final ObjectMapper YAML = configure(YAMLMapper.builder().build());

    /** Body formats the parser reads. */
    public enum Format {
        JSON, YAML;

        /** YAML for the YAML media types ({@code application/yaml}, {@code text/yaml}, ...), JSON otherwise. */
        public static Format ofMediaType(String mediaType) {
            return mediaType != null && mediaType.toLowerCase(Locale.ROOT).contains("yaml") ? YAML : JSON;
        }
    }

    /** What was read, and what is wrong with it; {@code value} is null when the body could not be read at all. */
    public record Parsed<T>(T value, List<Problem> problems) {
    }

    private TargetParser() {
    }

    public static Parsed<TargetRepresentation> target(InputStream body, Format format) {
        return read(body, format, TargetRepresentation.class);
    }

    public static Parsed<TargetDocument> document(InputStream body, Format format) {
        return read(body, format, TargetDocument.class);
    }

    private static <T> Parsed<T> read(InputStream body, Format format, Class<T> type) {
        ProblemCollector collector = new ProblemCollector();
        ObjectMapper mapper = format == Format.YAML ? YAML : JSON;
        ObjectReader reader = mapper.readerFor(type).withHandler(collector);
        List<Problem> problems = new ArrayList<>();
        T value = null;
        try (JsonParser parser = mapper.createParser(body)) {
            value = parser.nextToken() == null ? null : reader.readValue(parser);
            problems.addAll(collector.problems());
            if (value == null) {
                problems.add(new Problem("", "the body is empty"));
            } else if (parser.nextToken() != null) {
                problems.add(new Problem("", "the body holds more than one " + format + " document"));
            }
        } catch (JsonMappingException e) {
            problems.addAll(collector.problems());
            problems.add(new Problem(path(e.getPath()), e.getOriginalMessage()));
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? ""
                    : " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")";
            problems.add(new Problem("", "the body is not valid " + format + where + ": " + e.getOriginalMessage()));
        } catch (IOException e) {
            problems.add(new Problem("", "the body cannot be read: " + e.getMessage()));
        }
        return new Parsed<>(value, problems);
    }

    private static ObjectMapper configure(ObjectMapper mapper) {
        return mapper.enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY);
    }

    private static String path(List<JsonMappingException.Reference> references) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference reference : references) {
            if (reference.getFieldName() != null) {
                path.append(path.isEmpty() ? "" : ".").append(reference.getFieldName());
            } else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    /** The path of the value the parser is on, as {@code targets[0].http.url}. */
    private static String path(JsonParser parser) {
        JsonStreamContext context = parser.getParsingContext();
        // On the start of an object or list the parser is already inside it; the value's path is its parent's.
        if (parser.currentToken() == JsonToken.START_OBJECT || parser.currentToken() == JsonToken.START_ARRAY) {
            context = context.getParent();
        }
        Deque<String> segments = new ArrayDeque<>();
        for (; context != null && !context.inRoot(); context = context.getParent()) {
            if (context.inArray()) {
                segments.addFirst("[" + context.getCurrentIndex() + "]");
            } else if (context.getCurrentName() != null) {
                segments.addFirst("." + context.getCurrentName());
            }
        }
        String path = String.join("", segments);
        return path.startsWith(".") ? path.substring(1) : path;
    }

    /**
     * Records what Jackson would fail on, and tells it to carry on without the offending value. Jackson buffers the
     * unknown fields of a record and reports them after the record's other fields, so the problems are sorted by
     * path (list indexes by number) to come out grouped and in a stable order.
     */
    private static final class ProblemCollector extends DeserializationProblemHandler {

        private static final Pattern INDEX = Pattern.compile("\\[(\\d+)]");

        private final List<Problem> found = new ArrayList<>();

        private void add(JsonParser parser, String message) {
            found.add(new Problem(path(parser), message));
        }

        List<Problem> problems() {
            return found.stream().sorted(Comparator.comparing(problem -> sortKey(problem.field()))).toList();
        }

        private static String sortKey(String path) {
            return INDEX.matcher(path).replaceAll(index -> "[" + "0".repeat(10 - index.group(1).length())
                    + index.group(1) + "]");
        }

        @Override
        public boolean handleUnknownProperty(DeserializationContext context, JsonParser parser,
                JsonDeserializer<?> deserializer, Object beanOrClass, String propertyName) throws IOException {
            Collection<Object> known = deserializer.getKnownPropertyNames();
            add(parser, "unknown field" + (known == null || known.isEmpty() ? ""
                    : "; known fields: " + known.stream().map(String::valueOf).sorted()
                            .collect(Collectors.joining(", "))));
            parser.skipChildren();
            return true;
        }

        @Override
        public Object handleWeirdStringValue(DeserializationContext context, Class<?> targetType, String value,
                String failureMessage) {
            add(context.getParser(), "\"" + value + "\" is not " + expected(targetType));
            return null;
        }

        @Override
        public Object handleWeirdNumberValue(DeserializationContext context, Class<?> targetType, Number value,
                String failureMessage) {
            add(context.getParser(), value + " is not " + expected(targetType));
            return null;
        }

        @Override
        public Object handleUnexpectedToken(DeserializationContext context, JavaType targetType, JsonToken token,
                JsonParser parser, String failureMessage) throws IOException {
            add(parser, "must be " + expected(targetType.getRawClass()) + ", not " + describe(token));
            parser.skipChildren();
            return null;
        }

        @Override
        public Object handleMissingInstantiator(DeserializationContext context, Class<?> instanceClass,
                ValueInstantiator instantiator, JsonParser parser, String message) throws IOException {
            add(parser, "must be " + expected(instanceClass) + ", not " + describe(parser.currentToken()));
            parser.skipChildren();
            return null;
        }

        private static String expected(Class<?> type) {
            if (type.isEnum()) {
                return "one of " + Arrays.stream(type.getEnumConstants()).map(String::valueOf)
                        .collect(Collectors.joining(", "));
            }
            if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
                return "a whole number";
            }
            if (type == Boolean.class || type == boolean.class) {
                return "true or false";
            }
            if (type == String.class) {
                return "a text";
            }
            if (Collection.class.isAssignableFrom(type)) {
                return "a list";
            }
            return "an object";
        }

        private static String describe(JsonToken token) {
            if (token == null) {
                return "nothing";
            }
            return switch (token) {
                case START_OBJECT -> "an object";
                case START_ARRAY -> "a list";
                case VALUE_STRING -> "a text";
                case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
                case VALUE_TRUE, VALUE_FALSE -> "a boolean";
                case VALUE_NULL -> "null";
                default -> token.asString() == null ? token.name() : token.asString();
            };
        }
    }
}
