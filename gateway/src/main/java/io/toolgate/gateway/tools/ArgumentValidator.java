package io.toolgate.gateway.tools;

import java.util.List;
import java.util.Optional;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import tools.jackson.databind.JsonNode;

import org.springframework.stereotype.Component;

/**
 * Checks a call's arguments against the tool's JSON schema before anything runs (or anyone is asked to
 * approve it), so a tool only ever sees arguments of the shape it declared. Compiled schemas are cached by
 * their text.
 */
@Component
public class ArgumentValidator {

	private final SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);

	private final Cache<String, Schema> schemas = Caffeine.newBuilder().maximumSize(1_000).build();

	/** Why the arguments do not fit the tool's schema, or empty when they do (or the schema itself is unusable). */
	public Optional<String> problems(RegisteredTool tool, JsonNode arguments) {
		Schema schema;
		try {
			schema = schemas.get(tool.spec().parametersSchema(), registry::getSchema);
		}
		catch (RuntimeException unusableSchema) {
			return Optional.empty();
		}
		List<com.networknt.schema.Error> errors = schema.validate(arguments);
		if (errors.isEmpty()) {
			return Optional.empty();
		}
		return Optional.of(String.join("; ", errors.stream().limit(5).map(com.networknt.schema.Error::getMessage).toList()));
	}
}
