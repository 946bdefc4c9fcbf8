package io.toolgate.gateway.upstream;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import io.toolgate.gateway.upstream.Upstream.DiscoveredModel;

/**
 * The public model ids and who serves them: static models from configuration, models discovered from
 * each upstream (refreshed periodically; an upstream that cannot be reached keeps its last known list, so a
 * short outage does not make its models vanish), and aliases.
 */
@Component
public class ModelCatalog {

	private static final Logger log = LoggerFactory.getLogger(ModelCatalog.class);

	/** Refresh on a cache miss at most this often, so unknown ids cannot hammer upstreams. */
	private static final Duration MISS_REFRESH_INTERVAL = Duration.ofSeconds(2);

	private final UpstreamRegistry registry;

	private final UpstreamsProperties properties;

	private final Map<String, List<DiscoveredModel>> discovered = new ConcurrentHashMap<>();

	/** Whether each upstream's last model listing succeeded (upstreams that do not discover count as reached). */
	private final Map<String, Boolean> lastDiscovery = new ConcurrentHashMap<>();

	private final AtomicLong lastRefresh = new AtomicLong();

	/** Whether one refresh has finished since start-up (before that, discovered lists are merely empty). */
	private volatile boolean refreshedOnce;

	private volatile Map<String, Entry> entries = Map.of();

	private volatile Mono<Void> refreshing;

	private Disposable schedule;

	/** A public model: its route, its creation time and the upstream that owns it first. */
	public record Entry(ModelRoute route, long created, String ownedBy) {
	}

	public ModelCatalog(UpstreamRegistry registry, UpstreamsProperties properties) {
		this.registry = registry;
		this.properties = properties;
		rebuild();
	}

	@EventListener(ApplicationReadyEvent.class)
	public void startRefreshing() {
		Duration interval = properties.routing().modelRefreshInterval();
		// A refresh slower than the interval skips ticks; without the drop, interval fails on the first tick
		// that finds no demand, and the lists (and readiness, which reads them) were never refreshed again.
		schedule = Flux.interval(Duration.ZERO, interval).onBackpressureDrop().concatMap(tick -> refresh()).subscribe();
	}

	@jakarta.annotation.PreDestroy
	public void stopRefreshing() {
		if (schedule != null) {
			schedule.dispose();
		}
	}

	/** Asks every discovering upstream for its models; concurrent callers share one refresh. */
	public synchronized Mono<Void> refresh() {
		if (refreshing != null) {
			return refreshing;
		}
		Duration timeout = properties.routing().discoveryTimeout();
		Mono<Void> run = Flux.fromIterable(registry.all())
			.filter(routed -> Boolean.TRUE.equals(configOf(routed).discover()))
			.flatMap(routed -> routed.upstream()
				.discoverModels()
				.timeout(timeout)
				.doOnNext(models -> {
					discovered.put(routed.name(), models);
					lastDiscovery.put(routed.name(), true);
				})
				.onErrorResume(error -> {
					lastDiscovery.put(routed.name(), false);
					log.warn("could not list the models of upstream '{}' at {}: {}", routed.name(),
							routed.upstream().baseUrl(), error.toString());
					return Mono.empty();
				}))
			.then(Mono.fromRunnable(this::rebuild))
			.doFinally(signal -> {
				lastRefresh.set(System.nanoTime());
				refreshedOnce = true;
				synchronized (this) {
					refreshing = null;
				}
			})
			.then()
			.cache();
		refreshing = run;
		return run;
	}

	private static UpstreamProperties configOf(RoutedUpstream routed) {
		return routed.properties();
	}

	private void rebuild() {
		Map<String, List<ModelRoute.Target>> targets = new LinkedHashMap<>();
		Map<String, Long> created = new LinkedHashMap<>();
		Map<String, String> owner = new LinkedHashMap<>();
		for (RoutedUpstream routed : registry.all()) {
			Map<String, String> ids = new LinkedHashMap<>();
			// For llamacpp the configured value is a GGUF path, not a name the upstream knows: route by key.
			boolean byKey = routed.upstream().type() == UpstreamType.LLAMACPP;
			configOf(routed).models().forEach((publicId, upstreamId) -> ids.put(publicId, byKey ? publicId : upstreamId));
			for (DiscoveredModel model : discovered.getOrDefault(routed.name(), List.of())) {
				ids.putIfAbsent(model.id(), model.id());
				created.merge(model.id(), model.created(), Math::max);
				// Ollama clients say "llama3.2" for "llama3.2:latest".
				if (routed.upstream().type() == UpstreamType.OLLAMA && model.id().endsWith(":latest")) {
					ids.putIfAbsent(model.id().substring(0, model.id().length() - ":latest".length()), model.id());
				}
			}
			ids.forEach((publicId, upstreamId) -> {
				targets.computeIfAbsent(publicId, k -> new ArrayList<>()).add(new ModelRoute.Target(routed, upstreamId));
				owner.putIfAbsent(publicId, routed.name());
			});
		}
		properties.aliases().forEach((alias, target) -> {
			List<ModelRoute.Target> aliased = targets.get(target);
			if (aliased != null && !targets.containsKey(alias)) {
				targets.put(alias, aliased);
				owner.put(alias, owner.get(target));
				created.put(alias, created.getOrDefault(target, 0L));
			}
		});
		Map<String, Entry> next = new LinkedHashMap<>();
		targets.forEach((id, list) -> next.put(id,
				new Entry(new ModelRoute(id, List.copyOf(list)), created.getOrDefault(id, 0L), owner.get(id))));
		entries = Map.copyOf(next);
	}

	/** The route of a public model id; refreshes once (rate-limited) when the id is unknown. */
	public Mono<ModelRoute> resolve(String id) {
		return Mono.defer(() -> {
			Entry entry = entries.get(id);
			if (entry != null) {
				return Mono.just(entry.route());
			}
			if (System.nanoTime() - lastRefresh.get() < MISS_REFRESH_INTERVAL.toNanos()) {
				return Mono.empty();
			}
			return refresh().then(Mono.fromSupplier(() -> Optional.ofNullable(entries.get(id)))
				.flatMap(found -> Mono.justOrEmpty(found.map(Entry::route))));
		});
	}

	/** Completes once the model lists have been asked for at least once (joining the first refresh if need be). */
	public Mono<Void> firstRefresh() {
		return refreshedOnce ? Mono.empty() : refresh();
	}

	/**
	 * How many models the upstream can serve: what its last listing found plus its static models; for
	 * {@code llamacpp} only the models its own check found servable (a configured GGUF file that is missing or
	 * unusable is not).
	 */
	public int servableModels(RoutedUpstream routed) {
		List<DiscoveredModel> found = discovered.getOrDefault(routed.name(), List.of());
		if (routed.upstream().type() == UpstreamType.LLAMACPP && Boolean.TRUE.equals(configOf(routed).discover())) {
			return found.size();
		}
		java.util.Set<String> ids = new java.util.HashSet<>(configOf(routed).models().keySet());
		found.forEach(model -> ids.add(model.id()));
		return ids.size();
	}

	/** Whether the upstream answered its last model listing; true for upstreams that are not listed. */
	public boolean lastDiscoverySucceeded(String upstream) {
		return lastDiscovery.getOrDefault(upstream, true);
	}

	public List<Entry> list() {
		return entries.values().stream().sorted(Comparator.comparing(e -> e.route().id())).toList();
	}

	public Optional<Entry> find(String id) {
		return Optional.ofNullable(entries.get(id));
	}
}
