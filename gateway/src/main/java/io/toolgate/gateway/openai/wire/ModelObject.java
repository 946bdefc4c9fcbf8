package io.toolgate.gateway.openai.wire;

import java.util.List;

import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/** An entry of {@code GET /v1/models}. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ModelObject(String id, String object, long created, String ownedBy) {

	public static ModelObject of(String id, long created, String ownedBy) {
		return new ModelObject(id, "model", created, ownedBy);
	}

	public record ModelList(String object, List<ModelObject> data) {

		public static ModelList of(List<ModelObject> data) {
			return new ModelList("list", data);
		}
	}
}
