package io.toolgate.gateway.knowledge;

import java.util.function.ToLongFunction;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

import io.toolgate.gateway.identity.CurrentUser;
import io.toolgate.gateway.openai.OpenAiException;
import io.toolgate.gateway.openai.RequestBodyReader;

/**
 * OpenAI's vector stores for drop-in clients, on the same collections as {@code /api/collections}. Adding a file
 * answers at once with the file {@code in_progress} and indexes it in the background, as OpenAI does (the SDKs'
 * {@code createAndPoll} then polls the file). What this gateway cannot honour ({@code expires_after},
 * {@code rewrite_query}, chunk overlap) is refused with a 400 naming the parameter rather than ignored.
 */
@RestController
public class VectorStoresController {

	private static final int MAX_FILE_IDS = 500;

	private final KnowledgeService knowledge;

	private final RequestBodyReader reader;

	private final KnowledgeProperties properties;

	public VectorStoresController(KnowledgeService knowledge, RequestBodyReader reader, KnowledgeProperties properties) {
		this.knowledge = knowledge;
		this.reader = reader;
		this.properties = properties;
	}

	@PostMapping("/v1/vector_stores")
	public Mono<VectorStoresWire.VectorStore> create(@RequestBody(required = false) byte[] body,
			@AuthenticationPrincipal CurrentUser caller) {
		JsonNode request = object(body, Set.of("name", "file_ids", "metadata", "expires_after", "chunking_strategy",
				"description"));
		refuse(request, "expires_after", "vector stores here do not expire; delete them when done");
		String name = optionalString(request, "name");
		String description = optionalString(request, "description");
		Map<String, String> metadata = metadata(request.get("metadata"));
		Integer chunkSize = chunkSize(request.get("chunking_strategy"), "chunking_strategy");
		List<String> fileIds = fileIds(request.get("file_ids"));
		return knowledge.create(caller, new NewCollection(name, description, false, metadata))
			.flatMap(collection -> Flux.fromIterable(fileIds)
				.concatMap(fileId -> knowledge.addFile(caller, collection.id(), fileId, null, chunkSize))
				.then(Mono.just(collection))
				// an unknown file id fails the whole request: no half-made vector store stays behind
				.onErrorResume(error -> knowledge.delete(caller, collection.id()).then(Mono.error(error))))
			.flatMap(this::view);
	}

	@GetMapping("/v1/vector_stores")
	public Mono<VectorStoresWire.Page<VectorStoresWire.VectorStore>> list(@AuthenticationPrincipal CurrentUser caller,
			@RequestParam(required = false) Integer limit, @RequestParam(required = false) String order,
			@RequestParam(required = false) String after, @RequestParam(required = false) String before) {
		return knowledge.list(caller, false)
			.flatMap(collections -> knowledge.stats(collections)
				.map(stats -> page(collections, KnowledgeCollection::id, KnowledgeCollection::createdAt, limit, order, after,
						before, c -> VectorStoresWire.VectorStore.of(c, stats.getOrDefault(c.id(), CollectionStats.EMPTY)))));
	}

	@GetMapping("/v1/vector_stores/{id}")
	public Mono<VectorStoresWire.VectorStore> retrieve(@PathVariable String id, @AuthenticationPrincipal CurrentUser caller) {
		return knowledge.visible(caller, id).flatMap(this::view);
	}

	@PostMapping("/v1/vector_stores/{id}")
	public Mono<VectorStoresWire.VectorStore> modify(@PathVariable String id, @RequestBody(required = false) byte[] body,
			@AuthenticationPrincipal CurrentUser caller) {
		JsonNode request = object(body, Set.of("name", "metadata", "expires_after"));
		refuse(request, "expires_after", "vector stores here do not expire; delete them when done");
		JsonNode metadata = request.get("metadata");
		return knowledge.update(caller, id, optionalString(request, "name"), null,
				metadata == null || metadata.isNull() ? null : metadata(metadata))
			.flatMap(this::view);
	}

	@DeleteMapping("/v1/vector_stores/{id}")
	public Mono<VectorStoresWire.Deleted> delete(@PathVariable String id, @AuthenticationPrincipal CurrentUser caller) {
		return knowledge.delete(caller, id).map(c -> new VectorStoresWire.Deleted(c.id(), "vector_store.deleted", true));
	}

	@PostMapping("/v1/vector_stores/{id}/files")
	public Mono<ResponseEntity<VectorStoresWire.VectorStoreFile>> addFile(@PathVariable String id,
			@RequestBody(required = false) byte[] body, @AuthenticationPrincipal CurrentUser caller) {
		JsonNode request = object(body, Set.of("file_id", "attributes", "chunking_strategy"));
		String fileId = optionalString(request, "file_id");
		if (fileId == null || fileId.isBlank()) {
			throw OpenAiException.invalidRequest("'file_id' is required", "file_id");
		}
		Map<String, Object> attributes = attributes(request.get("attributes"));
		Integer chunkSize = chunkSize(request.get("chunking_strategy"), "chunking_strategy");
		return knowledge.addFile(caller, id, fileId, attributes, chunkSize).map(ingestion -> withPollHint(ingestion.started()));
	}

	@GetMapping("/v1/vector_stores/{id}/files")
	public Mono<VectorStoresWire.Page<VectorStoresWire.VectorStoreFile>> files(@PathVariable String id,
			@AuthenticationPrincipal CurrentUser caller, @RequestParam(required = false) Integer limit,
			@RequestParam(required = false) String order, @RequestParam(required = false) String after,
			@RequestParam(required = false) String before, @RequestParam(required = false) String filter) {
		if (filter != null && !Set.of("in_progress", "completed", "failed", "cancelled").contains(filter)) {
			throw OpenAiException.invalidRequest("'filter' must be in_progress, completed, failed or cancelled", "filter");
		}
		return knowledge.files(caller, id)
			.map(files -> page(files.stream().filter(f -> filter == null || filter.equals(f.status())).toList(),
					CollectionFile::fileId, CollectionFile::createdAt, limit, order, after, before,
					VectorStoresWire.VectorStoreFile::of));
	}

	@GetMapping("/v1/vector_stores/{id}/files/{fileId}")
	public Mono<ResponseEntity<VectorStoresWire.VectorStoreFile>> file(@PathVariable String id,
			@PathVariable String fileId, @AuthenticationPrincipal CurrentUser caller) {
		return knowledge.file(caller, id, fileId).map(VectorStoresController::withPollHint);
	}

	/**
	 * A file in progress tells pollers when to look again ({@code openai-poll-after-ms}, which the SDKs' poll
	 * helpers honour; without it they wait 5 s, far longer than a typical document takes here).
	 */
	private static ResponseEntity<VectorStoresWire.VectorStoreFile> withPollHint(CollectionFile file) {
		ResponseEntity.BodyBuilder response = ResponseEntity.ok();
		if (file.inProgress()) {
			response.header("openai-poll-after-ms", "500");
		}
		return response.body(VectorStoresWire.VectorStoreFile.of(file));
	}

	@DeleteMapping("/v1/vector_stores/{id}/files/{fileId}")
	public Mono<VectorStoresWire.Deleted> removeFile(@PathVariable String id, @PathVariable String fileId,
			@AuthenticationPrincipal CurrentUser caller) {
		return knowledge.removeFile(caller, id, fileId)
			.map(f -> new VectorStoresWire.Deleted(f.fileId(), "vector_store.file.deleted", true));
	}

	@PostMapping("/v1/vector_stores/{id}/search")
	public Mono<VectorStoresWire.SearchPage> search(@PathVariable String id, @RequestBody(required = false) byte[] body,
			@AuthenticationPrincipal CurrentUser caller) {
		JsonNode request = object(body, Set.of("query", "max_num_results", "filters", "ranking_options", "rewrite_query"));
		List<String> queries = queries(request.get("query"));
		JsonNode rewrite = request.get("rewrite_query");
		if (rewrite != null && !rewrite.isNull() && (!rewrite.isBoolean() || rewrite.asBoolean())) {
			throw OpenAiException.invalidRequest("'rewrite_query' is not supported by this gateway: send the query as "
					+ "it should be searched", "rewrite_query", "unsupported_parameter");
		}
		int max = integer(request, "max_num_results", 10);
		if (max < 1 || max > 50) {
			throw OpenAiException.invalidRequest("'max_num_results' must be between 1 and 50", "max_num_results");
		}
		double threshold = scoreThreshold(request.get("ranking_options"));
		JsonNode filters = request.get("filters");
		AttributeFilter filter = filters == null || filters.isNull() ? null : AttributeFilter.parse(filters, "filters");
		return knowledge.search(caller, id, queries, max, threshold, filter)
			.map(hits -> new VectorStoresWire.SearchPage("vector_store.search_results.page", queries,
					hits.stream().map(VectorStoresWire.SearchResult::of).toList(), false, null));
	}

	// ---------------------------------------------------------------- request checks

	private JsonNode object(byte[] body, Set<String> known) {
		JsonNode request = body == null || body.length == 0 ? null : reader.read(body, JsonNode.class);
		if (request == null || !request.isObject()) {
			throw OpenAiException.invalidRequest("The request body must be a JSON object.", null);
		}
		for (String field : request.propertyNames()) {
			if (!known.contains(field)) {
				throw OpenAiException.invalidRequest("Unrecognized request argument supplied: " + field, field,
						"unknown_parameter");
			}
		}
		return request;
	}

	private static void refuse(JsonNode request, String field, String why) {
		JsonNode value = request.get(field);
		if (value != null && !value.isNull()) {
			throw OpenAiException.invalidRequest("'" + field + "' is not supported by this gateway: " + why, field,
					"unsupported_parameter");
		}
	}

	private static String optionalString(JsonNode request, String field) {
		JsonNode value = request.get(field);
		if (value == null || value.isNull()) {
			return null;
		}
		if (!value.isString()) {
			throw OpenAiException.invalidRequest("'" + field + "' must be a string", field, "invalid_type");
		}
		return value.asString();
	}

	private static int integer(JsonNode request, String field, int fallback) {
		JsonNode value = request.get(field);
		if (value == null || value.isNull()) {
			return fallback;
		}
		if (!value.isIntegralNumber()) {
			throw OpenAiException.invalidRequest("'" + field + "' must be an integer", field, "invalid_type");
		}
		return value.asInt();
	}

	private static List<String> fileIds(JsonNode node) {
		if (node == null || node.isNull()) {
			return List.of();
		}
		if (!node.isArray() || node.size() > MAX_FILE_IDS) {
			throw OpenAiException.invalidRequest("'file_ids' must be an array of at most " + MAX_FILE_IDS + " file ids",
					"file_ids");
		}
		List<String> ids = new ArrayList<>();
		for (int i = 0; i < node.size(); i++) {
			if (!node.get(i).isString() || node.get(i).asString().isBlank()) {
				throw OpenAiException.invalidRequest("'file_ids' must hold file ids (strings)", "file_ids[" + i + "]");
			}
			ids.add(node.get(i).asString());
		}
		return ids;
	}

	private static List<String> queries(JsonNode node) {
		List<String> queries = new ArrayList<>();
		if (node != null && node.isString() && !node.asString().isBlank()) {
			queries.add(node.asString());
		}
		else if (node != null && node.isArray() && !node.isEmpty()) {
			for (int i = 0; i < node.size(); i++) {
				if (!node.get(i).isString() || node.get(i).asString().isBlank()) {
					throw OpenAiException.invalidRequest("'query' must hold non-empty strings", "query[" + i + "]");
				}
				queries.add(node.get(i).asString());
			}
		}
		else {
			throw OpenAiException.invalidRequest("'query' is required: a string or an array of strings", "query");
		}
		return queries;
	}

	private static double scoreThreshold(JsonNode options) {
		if (options == null || options.isNull()) {
			return 0.0;
		}
		if (!options.isObject()) {
			throw OpenAiException.invalidRequest("'ranking_options' must be an object", "ranking_options");
		}
		for (String field : options.propertyNames()) {
			if (!field.equals("ranker") && !field.equals("score_threshold")) {
				throw OpenAiException.invalidRequest("Unrecognized argument: ranking_options." + field,
						"ranking_options." + field, "unknown_parameter");
			}
		}
		JsonNode ranker = options.get("ranker");
		if (ranker != null && !ranker.isNull()
				&& !Set.of("none", "auto", "default-2024-11-15").contains(ranker.asString(""))) {
			throw OpenAiException.invalidRequest("'ranking_options.ranker' must be none, auto or default-2024-11-15",
					"ranking_options.ranker");
		}
		JsonNode threshold = options.get("score_threshold");
		if (threshold == null || threshold.isNull()) {
			return 0.0;
		}
		if (!threshold.isNumber() || threshold.asDouble() < 0 || threshold.asDouble() > 1) {
			throw OpenAiException.invalidRequest("'ranking_options.score_threshold' must be a number from 0 to 1",
					"ranking_options.score_threshold");
		}
		return threshold.asDouble();
	}

	/** The chunk size of a static strategy, or null for auto (the configured size). */
	private static Integer chunkSize(JsonNode strategy, String param) {
		if (strategy == null || strategy.isNull()) {
			return null;
		}
		String type = strategy.path("type").asString("");
		if (type.equals("auto")) {
			return null;
		}
		if (!type.equals("static") || !strategy.path("static").isObject()) {
			throw OpenAiException.invalidRequest("'" + param + "' must be {\"type\":\"auto\"} or {\"type\":\"static\","
					+ "\"static\":{...}}", param);
		}
		JsonNode settings = strategy.get("static");
		JsonNode size = settings.get("max_chunk_size_tokens");
		if (size == null || !size.isIntegralNumber() || size.asInt() < 100 || size.asInt() > 4096) {
			throw OpenAiException.invalidRequest("'max_chunk_size_tokens' must be an integer from 100 to 4096",
					param + ".static.max_chunk_size_tokens");
		}
		JsonNode overlap = settings.get("chunk_overlap_tokens");
		if (overlap == null || !overlap.isIntegralNumber() || overlap.asInt() < 0) {
			throw OpenAiException.invalidRequest("'chunk_overlap_tokens' must be a non-negative integer",
					param + ".static.chunk_overlap_tokens");
		}
		if (overlap.asInt() > 0) {
			throw OpenAiException.invalidRequest("chunk overlap is not supported by this gateway (Spring AI's "
					+ "TokenTextSplitter splits at sentence ends without overlap): use chunk_overlap_tokens 0",
					param + ".static.chunk_overlap_tokens", "unsupported_parameter");
		}
		return size.asInt();
	}

	private static Map<String, String> metadata(JsonNode node) {
		if (node == null || node.isNull()) {
			return null;
		}
		if (!node.isObject()) {
			throw OpenAiException.invalidRequest("'metadata' must be an object of strings", "metadata");
		}
		Map<String, String> metadata = new LinkedHashMap<>();
		for (Map.Entry<String, JsonNode> entry : node.properties()) {
			if (!entry.getValue().isString()) {
				throw OpenAiException.invalidRequest("'metadata' values must be strings", "metadata." + entry.getKey());
			}
			metadata.put(entry.getKey(), entry.getValue().asString());
		}
		return metadata;
	}

	private static Map<String, Object> attributes(JsonNode node) {
		if (node == null || node.isNull()) {
			return null;
		}
		if (!node.isObject()) {
			throw OpenAiException.invalidRequest("'attributes' must be an object", "attributes");
		}
		Map<String, Object> attributes = new LinkedHashMap<>();
		for (Map.Entry<String, JsonNode> entry : node.properties()) {
			JsonNode value = entry.getValue();
			Object plain = value.isString() ? value.asString()
					: value.isBoolean() ? (Object) value.asBoolean() : value.isNumber() ? value.numberValue() : null;
			if (plain == null) {
				throw OpenAiException.invalidRequest("'attributes' values must be strings, numbers or booleans",
						"attributes." + entry.getKey());
			}
			attributes.put(entry.getKey(), plain);
		}
		return attributes;
	}

	// ---------------------------------------------------------------- lists

	/** OpenAI's cursor pages: by creation time ({@code desc} by default), {@code after}/{@code before} an id. */
	private static <T, W> VectorStoresWire.Page<W> page(List<T> items, Function<T, String> id,
			ToLongFunction<T> created, Integer limit, String order, String after, String before,
			Function<T, W> wire) {
		int size = limit == null ? 20 : limit;
		if (size < 1 || size > 100) {
			throw OpenAiException.invalidRequest("'limit' must be between 1 and 100", "limit");
		}
		if (order != null && !order.equals("asc") && !order.equals("desc")) {
			throw OpenAiException.invalidRequest("'order' must be asc or desc", "order");
		}
		Comparator<T> byAge = Comparator.comparingLong(created).thenComparing(id);
		List<T> sorted = new ArrayList<>(items);
		sorted.sort("asc".equals(order) ? byAge : byAge.reversed());
		int from = 0;
		int to = sorted.size();
		if (after != null) {
			from = position(sorted, id, after, "after") + 1;
		}
		if (before != null) {
			to = position(sorted, id, before, "before");
		}
		List<T> window = from >= to ? List.of() : sorted.subList(from, to);
		boolean beforeOnly = before != null && after == null;
		List<T> chosen = beforeOnly ? window.subList(Math.max(0, window.size() - size), window.size())
				: window.subList(0, Math.min(size, window.size()));
		boolean more = window.size() > size;
		List<W> data = chosen.stream().map(wire).toList();
		return new VectorStoresWire.Page<>("list", data, chosen.isEmpty() ? null : id.apply(chosen.get(0)),
				chosen.isEmpty() ? null : id.apply(chosen.get(chosen.size() - 1)), more);
	}

	private static <T> int position(List<T> sorted, Function<T, String> id, String cursor, String param) {
		for (int i = 0; i < sorted.size(); i++) {
			if (id.apply(sorted.get(i)).equals(cursor)) {
				return i;
			}
		}
		throw new OpenAiException(HttpStatus.BAD_REQUEST, "invalid_request_error", "'" + param + "' names no object of "
				+ "this list: " + cursor, param, "invalid_cursor", null);
	}

	private Mono<VectorStoresWire.VectorStore> view(KnowledgeCollection collection) {
		return knowledge.stats(collection).map(stats -> VectorStoresWire.VectorStore.of(collection, stats));
	}
}
