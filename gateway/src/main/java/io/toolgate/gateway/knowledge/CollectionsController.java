package io.toolgate.gateway.knowledge;

import java.util.List;
import java.util.Map;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.codec.multipart.FilePart;
import org.springframework.http.codec.multipart.FormFieldPart;
import org.springframework.http.codec.multipart.Part;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import io.toolgate.gateway.identity.CurrentUser;
import io.toolgate.gateway.openai.OpenAiException;
import io.toolgate.gateway.openai.RequestBodyReader;

/**
 * The knowledge REST API: collections, their files and search. Adding a file waits for it to be indexed (unless
 * {@code ?wait=false}); a file may be named by id (one of the caller's files) or uploaded in the same request.
 */
@RestController
public class CollectionsController {

	private final KnowledgeService knowledge;

	private final RequestBodyReader reader;

	private final UploadedFiles uploads;

	private final KnowledgeProperties properties;

	private final JsonMapper json;

	public CollectionsController(KnowledgeService knowledge, RequestBodyReader reader, UploadedFiles uploads,
			KnowledgeProperties properties, JsonMapper json) {
		this.knowledge = knowledge;
		this.reader = reader;
		this.uploads = uploads;
		this.properties = properties;
		this.json = json;
	}

	@PostMapping("/api/collections")
	@ResponseStatus(HttpStatus.CREATED)
	public Mono<KnowledgeWire.CollectionView> create(@RequestBody(required = false) byte[] body,
			@AuthenticationPrincipal CurrentUser caller) {
		KnowledgeWire.CreateCollection request = reader.read(body, KnowledgeWire.CreateCollection.class);
		if (request.name() == null || request.name().isBlank()) {
			throw OpenAiException.invalidRequest("'name' is required: the rag tool and searches address collections by "
					+ "name", "name");
		}
		return knowledge
			.create(caller, new NewCollection(request.name(), request.description(), Boolean.TRUE.equals(request.shared()),
					request.metadata()))
			.flatMap(this::view);
	}

	@GetMapping("/api/collections")
	public Mono<List<KnowledgeWire.CollectionView>> list(@AuthenticationPrincipal CurrentUser caller,
			@RequestParam(defaultValue = "false") boolean all) {
		return knowledge.list(caller, all)
			.flatMap(collections -> knowledge.stats(collections)
				.map(stats -> collections.stream()
					.map(c -> KnowledgeWire.CollectionView.of(c, stats.getOrDefault(c.id(), CollectionStats.EMPTY)))
					.toList()));
	}

	@GetMapping("/api/collections/{id}")
	public Mono<KnowledgeWire.CollectionView> get(@PathVariable String id, @AuthenticationPrincipal CurrentUser caller) {
		return knowledge.visible(caller, id).flatMap(this::view);
	}

	@PatchMapping("/api/collections/{id}")
	public Mono<KnowledgeWire.CollectionView> update(@PathVariable String id, @RequestBody(required = false) byte[] body,
			@AuthenticationPrincipal CurrentUser caller) {
		KnowledgeWire.UpdateCollection request = reader.read(body, KnowledgeWire.UpdateCollection.class);
		return knowledge.update(caller, id, request.name(), request.description(), request.metadata()).flatMap(this::view);
	}

	@DeleteMapping("/api/collections/{id}")
	public Mono<Map<String, Object>> delete(@PathVariable String id, @AuthenticationPrincipal CurrentUser caller) {
		return knowledge.delete(caller, id).map(c -> Map.of("id", c.id(), "deleted", true));
	}

	/** Adds one of the caller's files, by id. */
	@PostMapping(path = "/api/collections/{id}/files", consumes = MediaType.APPLICATION_JSON_VALUE)
	public Mono<ResponseEntity<Object>> addFile(@PathVariable String id, @RequestBody(required = false) byte[] body,
			@RequestParam(defaultValue = "true") boolean wait, @AuthenticationPrincipal CurrentUser caller) {
		KnowledgeWire.AddFile request = reader.read(body, KnowledgeWire.AddFile.class);
		if (request.fileId() == null || request.fileId().isBlank()) {
			throw OpenAiException.invalidRequest("'file_id' is required (or upload the file as multipart field 'file')",
					"file_id");
		}
		if (request.chunkSize() != null && (request.chunkSize() < 16 || request.chunkSize() > 4096)) {
			throw OpenAiException.invalidRequest("'chunk_size' must be between 16 and 4096 tokens", "chunk_size");
		}
		return knowledge.addFile(caller, id, request.fileId(), request.attributes(), request.chunkSize())
			.flatMap(ingestion -> answer(ingestion, wait));
	}

	/** Uploads a file (multipart field {@code file}, optional {@code attributes} as JSON) and adds it. */
	@PostMapping(path = "/api/collections/{id}/files", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
	public Mono<ResponseEntity<Object>> upload(@PathVariable String id, @RequestBody Mono<MultiValueMap<String, Part>> form,
			@RequestParam(defaultValue = "true") boolean wait, @AuthenticationPrincipal CurrentUser caller) {
		return form.flatMap(parts -> {
			if (!(parts.getFirst("file") instanceof FilePart file)) {
				return Mono.error(OpenAiException.invalidRequest("the multipart field 'file' (a file) is required", "file"));
			}
			Map<String, Object> attributes = attributes(parts.getFirst("attributes"));
			String mediaType = file.headers().getContentType() == null ? "application/octet-stream"
					: file.headers().getContentType().toString();
			// refused before the upload is received: an unknown collection (404) or another's shared one (403)
			return knowledge.modifiable(caller, id)
				.then(uploads.receive(file, properties.maxFileSize().toBytes()))
				.flatMap(path -> knowledge.upload(caller, id, file.filename(), mediaType, path, attributes)
					.doFinally(signal -> uploads.delete(path)));
		}).flatMap(ingestion -> answer(ingestion, wait));
	}

	private Map<String, Object> attributes(Part part) {
		if (part == null) {
			return null;
		}
		if (!(part instanceof FormFieldPart field)) {
			throw OpenAiException.invalidRequest("'attributes' must be a form field holding a JSON object", "attributes");
		}
		try {
			return json.readValue(field.value(), new TypeReference<Map<String, Object>>() {
			});
		}
		catch (RuntimeException e) {
			throw OpenAiException.invalidRequest("'attributes' must be a JSON object", "attributes");
		}
	}

	/** 201 with the indexed file, 202 when not waiting; a failed file is an error naming why. */
	private Mono<ResponseEntity<Object>> answer(KnowledgeService.Ingestion ingestion, boolean wait) {
		if (!wait) {
			return Mono.just(ResponseEntity.status(HttpStatus.ACCEPTED).body(KnowledgeWire.FileView.of(ingestion.started())));
		}
		return ingestion.outcome()
			.switchIfEmpty(Mono.error(() -> new OpenAiException(HttpStatus.CONFLICT, "invalid_request_error",
					"The file was removed from the collection while it was being added.", "file_id", "removed", null)))
			.map(file -> {
				if (CollectionFile.COMPLETED.equals(file.status())) {
					return ResponseEntity.status(HttpStatus.CREATED).body(KnowledgeWire.FileView.of(file));
				}
				if ("server_error".equals(file.errorCode())) {
					throw new OpenAiException(HttpStatus.SERVICE_UNAVAILABLE, "server_error",
							"The file could not be indexed: " + file.errorMessage(), null, "server_error", null);
				}
				throw OpenAiException.invalidRequest("The file could not be indexed: " + file.errorMessage(), "file",
						file.errorCode());
			});
	}

	@GetMapping("/api/collections/{id}/files")
	public Mono<List<KnowledgeWire.FileView>> files(@PathVariable String id, @AuthenticationPrincipal CurrentUser caller) {
		return knowledge.files(caller, id).map(files -> files.stream().map(KnowledgeWire.FileView::of).toList());
	}

	@GetMapping("/api/collections/{id}/files/{fileId}")
	public Mono<KnowledgeWire.FileView> file(@PathVariable String id, @PathVariable String fileId,
			@AuthenticationPrincipal CurrentUser caller) {
		return knowledge.file(caller, id, fileId).map(KnowledgeWire.FileView::of);
	}

	@DeleteMapping("/api/collections/{id}/files/{fileId}")
	public Mono<Map<String, Object>> removeFile(@PathVariable String id, @PathVariable String fileId,
			@AuthenticationPrincipal CurrentUser caller) {
		return knowledge.removeFile(caller, id, fileId).map(f -> Map.of("file_id", f.fileId(), "deleted", true));
	}

	@PostMapping("/api/collections/{id}/search")
	public Mono<KnowledgeWire.SearchResults> search(@PathVariable String id, @RequestBody(required = false) byte[] body,
			@AuthenticationPrincipal CurrentUser caller) {
		KnowledgeWire.Search request = reader.read(body, KnowledgeWire.Search.class);
		if (request.query() == null || request.query().isBlank()) {
			throw OpenAiException.invalidRequest("'query' is required", "query");
		}
		int topK = request.topK() == null ? properties.defaultTopK() : request.topK();
		if (topK < 1 || topK > properties.maxTopK()) {
			throw OpenAiException.invalidRequest("'top_k' must be between 1 and " + properties.maxTopK(), "top_k");
		}
		double threshold = request.scoreThreshold() == null ? 0.0 : request.scoreThreshold();
		if (threshold < 0 || threshold > 1) {
			throw OpenAiException.invalidRequest("'score_threshold' must be between 0 and 1", "score_threshold");
		}
		return knowledge.search(caller, id, List.of(request.query()), topK, threshold, null)
			.map(hits -> new KnowledgeWire.SearchResults(id, request.query(),
					hits.stream().map(KnowledgeWire.Result::of).toList()));
	}

	private Mono<KnowledgeWire.CollectionView> view(KnowledgeCollection collection) {
		return knowledge.stats(collection).map(stats -> KnowledgeWire.CollectionView.of(collection, stats));
	}
}
