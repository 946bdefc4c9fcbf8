package io.toolgate.gateway.openai;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.dialect.Dialect;
import com.networknt.schema.dialect.Dialects;
import com.networknt.schema.keyword.AnnotationKeyword;
import com.networknt.schema.keyword.NonValidationKeyword;
import com.networknt.schema.path.NodePath;
import com.networknt.schema.path.PathType;
import org.snakeyaml.engine.v2.api.LoadSettings;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.yaml.YAMLFactory;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Validates JSON bodies against the component schemas of the official OpenAI OpenAPI 3.1 spec
 * ({@code shared/reference/openai-openapi.yaml}), for tests that check wire compatibility.
 *
 * <p>The spec is located through the system property {@value #SPEC_PROPERTY} if set, otherwise by
 * walking up from the working directory looking for {@code shared/reference/openai-openapi.yaml}
 * (in CI the repository is cloned with {@code shared/} beside it, so from {@code <repo>/gateway}
 * that is {@code ../../shared/...}). A missing spec is an error, never a reason to skip.
 *
 * <p>Semantics: JSON Schema draft 2020-12 (OpenAPI 3.1 dialect), {@code $ref}s resolved within the
 * document. The OpenAI spec still marks many properties with the OpenAPI 3.0 keyword
 * {@code nullable: true} (e.g. {@code finish_reason} and {@code logprobs} of stream chunks); as real
 * OpenAI responses send {@code null} there, that keyword is honoured (a {@code null} value passes
 * {@code type} and {@code enum} of a schema that says {@code nullable: true}).
 *
 * <p>The instance is loaded once per JVM ({@link #shared()}) and is thread-safe; compiled component
 * schemas are cached.
 */
public final class OpenAiSchemaValidator {

    /** System property naming the spec file. */
    public static final String SPEC_PROPERTY = "toolgate.openapi.spec";

    static final String SPEC_RELATIVE_PATH = "shared/reference/openai-openapi.yaml";

    /** Base IRI the document is registered under; nothing is ever fetched from it. */
    private static final String DIALECT_ID = "https://toolgate.invalid/openai-openapi-dialect";

    private static final String DOCUMENT_IRI = "https://toolgate.invalid/openai-openapi.yaml";

    private static final Pattern WHITESPACE_ONLY_LINE = Pattern.compile("(?m)^[ \\t]+$");

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static volatile OpenAiSchemaValidator shared;
    private static RuntimeException sharedFailure;

    private final Path specPath;
    private final JsonNode components;
    private final Schema document;
    private final long loadMillis;
    private final Map<String, Schema> compiled = new ConcurrentHashMap<>();

    private OpenAiSchemaValidator(Path specPath) {
        long start = System.nanoTime();
        this.specPath = specPath;
        JsonNode root = readYaml(specPath);
        JsonNode schemas = root.path("components").path("schemas");
        if (!schemas.isObject() || schemas.isEmpty()) {
            throw new IllegalStateException("OpenAPI spec " + specPath + " has no components/schemas");
        }
        this.components = schemas;
        // Plain draft 2020-12 (the JSON Schema of OpenAPI 3.1) with two OpenAPI-isms:
        Dialect dialect = Dialect.builder(DIALECT_ID, Dialects.getDraft202012())
                // the OpenAPI 3.0 "nullable" keyword the OpenAI spec still uses (111 times): its
                // presence in the dialect makes the library accept null where a schema says
                // "nullable: true" (stream finish_reason, logprobs, usage ...);
                .keyword(new NonValidationKeyword("nullable"))
                // everything else (discriminator, example, x-oaiMeta, x-stainless-const, the
                // document's own top-level keys ...) is an annotation, without a warning each.
                // Not the OpenAPI 3.1 dialect: its discriminator semantics map the value to a schema
                // name, and the spec's mapping-less discriminators ({propertyName: type}) would then
                // reject the "function" tool calls the real API sends; oneOf/anyOf alone decide.
                .unknownKeywordFactory((keyword, context) -> new AnnotationKeyword(keyword))
                .build();
        SchemaRegistry registry = SchemaRegistry.withDialect(dialect,
                builder -> builder.schemaLoader(loader -> loader.fetchRemoteResources(false)));
        // The whole OpenAPI document is the schema resource, so "#/components/schemas/X" resolves in it.
        this.document = registry.getSchema(SchemaLocation.of(DOCUMENT_IRI), root);
        for (String name : List.of("CreateChatCompletionResponse", "CreateChatCompletionStreamResponse",
                "ListModelsResponse", "Model", "CreateEmbeddingResponse", "ErrorResponse")) {
            schema(name);
        }
        this.loadMillis = (System.nanoTime() - start) / 1_000_000;
    }

    /** The validator for the spec found as described in the class comment, loaded once per JVM. */
    public static OpenAiSchemaValidator shared() {
        OpenAiSchemaValidator instance = shared;
        if (instance == null) {
            synchronized (OpenAiSchemaValidator.class) {
                if (shared == null) {
                    if (sharedFailure != null) {
                        // Same clear message on every call, not a NoClassDefFoundError after the first.
                        throw new IllegalStateException(sharedFailure.getMessage(), sharedFailure);
                    }
                    try {
                        shared = load(locateSpec());
                    } catch (RuntimeException e) {
                        sharedFailure = e;
                        throw e;
                    }
                }
                instance = shared;
            }
        }
        return instance;
    }

    /** A validator for the given spec file (mainly for tests of this class). */
    public static OpenAiSchemaValidator load(Path specPath) {
        if (!Files.isRegularFile(specPath)) {
            throw new IllegalStateException("OpenAI OpenAPI spec not found at " + specPath.toAbsolutePath());
        }
        return new OpenAiSchemaValidator(specPath);
    }

    /** Path of the spec: system property {@value #SPEC_PROPERTY}, else the nearest ancestor's shared/. */
    public static Path locateSpec() {
        String property = System.getProperty(SPEC_PROPERTY);
        if (property != null && !property.isBlank()) {
            Path path = Paths.get(property).toAbsolutePath().normalize();
            if (!Files.isRegularFile(path)) {
                throw new IllegalStateException("System property " + SPEC_PROPERTY + " points to " + path
                        + ", which is not a readable file");
            }
            return path;
        }
        Path cwd = Paths.get("").toAbsolutePath().normalize();
        List<Path> tried = new ArrayList<>();
        for (Path dir = cwd; dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve(SPEC_RELATIVE_PATH);
            tried.add(candidate);
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("OpenAI OpenAPI spec not found: set -D" + SPEC_PROPERTY
                + "=/path/to/openai-openapi.yaml or place it at <repo>/../" + SPEC_RELATIVE_PATH
                + " (working directory " + cwd + "; tried " + tried + ")");
    }

    private static JsonNode readYaml(Path path) {
        // snakeyaml-engine refuses documents over 3 MB of code points by default; the spec is close.
        LoadSettings settings = LoadSettings.builder().setCodePointLimit(Integer.MAX_VALUE).build();
        YAMLMapper yaml = YAMLMapper.builder(YAMLFactory.builder().loadSettings(settings).build()).build();
        try {
            // The published spec has a whitespace-only line deeper indented than the text after it
            // inside a block scalar ("example: |+" of StopConfiguration), which js-yaml accepts but
            // snakeyaml-engine (YAML 1.2) rejects. Blanking whitespace-only lines changes no schema.
            String text = WHITESPACE_ONLY_LINE.matcher(Files.readString(path)).replaceAll("");
            return yaml.readTree(text);
        } catch (Exception e) {
            throw new IllegalStateException("Cannot read OpenAI OpenAPI spec " + path + ": " + e, e);
        }
    }

    /** Path of the loaded spec file. */
    public Path specPath() {
        return specPath;
    }

    /** Milliseconds spent reading the spec and compiling the commonly used schemas. */
    public long loadMillis() {
        return loadMillis;
    }

    /** Whether {@code components/schemas} has an entry of that name. */
    public boolean hasSchema(String componentSchemaName) {
        return components.has(componentSchemaName);
    }

    /**
     * Validates {@code json} against {@code #/components/schemas/<componentSchemaName>}.
     *
     * @return human-readable errors ({@code <JSON pointer>: <message>}, {@code /} for the root), empty if valid
     * @throws IllegalArgumentException if there is no such component
     */
    public List<String> validate(String componentSchemaName, String json) {
        Schema schema = schema(componentSchemaName);
        JsonNode instance;
        try {
            instance = JSON.readTree(json);
        } catch (JacksonException e) {
            return List.of("$: not valid JSON: " + e.getOriginalMessage());
        }
        if (instance == null || instance.isMissingNode()) {
            return List.of("$: empty document");
        }
        List<Error> errors = schema.validate(instance);
        if (errors.isEmpty()) {
            return List.of();
        }
        List<String> messages = new ArrayList<>(errors.size());
        for (Error error : errors) {
            String location = error.getInstanceLocation() == null ? "" : error.getInstanceLocation().toString();
            messages.add((location.isEmpty() ? "/" : location) + ": " + error.getMessage());
        }
        return Collections.unmodifiableList(messages);
    }

    /** Throws an {@link AssertionError} listing the errors and the JSON if it does not validate. */
    public void assertValid(String componentSchemaName, String json) {
        List<String> errors = validate(componentSchemaName, json);
        if (!errors.isEmpty()) {
            throw new AssertionError("JSON does not match OpenAI schema " + componentSchemaName + " ("
                    + errors.size() + " error(s)):\n  - " + String.join("\n  - ", errors)
                    + "\nJSON: " + json);
        }
    }

    private Schema schema(String name) {
        Schema cached = compiled.get(name);
        if (cached != null) {
            return cached;
        }
        if (!components.has(name)) {
            throw new IllegalArgumentException("No schema #/components/schemas/" + name + " in " + specPath);
        }
        Schema schema = document.getSubSchema(new NodePath(PathType.JSON_POINTER)
                .append("components").append("schemas").append(name));
        // Resolve every $ref now, so a broken spec fails here and validation does no lazy work later.
        schema.initializeValidators();
        Schema previous = compiled.putIfAbsent(name, schema);
        return previous != null ? previous : schema;
    }
}
