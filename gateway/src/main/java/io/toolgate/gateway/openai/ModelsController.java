package io.toolgate.gateway.openai;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

import io.toolgate.gateway.openai.wire.ModelObject;
import io.toolgate.gateway.conversation.ToolLoopPlanner;
import io.toolgate.gateway.upstream.ModelCatalog;

/** {@code GET /v1/models} and {@code GET /v1/models/{id}}; ids may contain slashes ({@code org/model}). */
@RestController
public class ModelsController {

	private final ModelCatalog catalog;

	private final ToolLoopPlanner agents;

	public ModelsController(ModelCatalog catalog, ToolLoopPlanner agents) {
		this.catalog = catalog;
		this.agents = agents;
	}

	/** Upstream models, then agent profiles (owned by {@code toolgate}). */
	@GetMapping("/v1/models")
	public ModelObject.ModelList list() {
		java.util.List<ModelObject> models = new java.util.ArrayList<>(
				catalog.list().stream().map(ModelsController::toWire).toList());
		agents.profileNames().stream().sorted().forEach(name -> models.add(ModelObject.of(name, 0, "toolgate")));
		return ModelObject.ModelList.of(models);
	}

	@GetMapping("/v1/models/{*id}")
	public Mono<ModelObject> get(@PathVariable String id) {
		String model = id.startsWith("/") ? id.substring(1) : id;
		if (agents.profile(model).isPresent()) {
			return Mono.just(ModelObject.of(model, 0, "toolgate"));
		}
		return catalog.resolve(model)
			.flatMap(route -> Mono.justOrEmpty(catalog.find(route.id())))
			.map(ModelsController::toWire)
			.switchIfEmpty(Mono.error(() -> OpenAiException.modelNotFound(model)));
	}

	private static ModelObject toWire(ModelCatalog.Entry entry) {
		return ModelObject.of(entry.route().id(), entry.created(), entry.ownedBy());
	}
}
