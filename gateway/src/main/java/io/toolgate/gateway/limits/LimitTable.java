package io.toolgate.gateway.limits;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.stereotype.Component;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;

import io.toolgate.gateway.identity.CurrentUser;

/**
 * Which limits apply to a request, answered from memory: the hot path reads no database for it. Limits set
 * through the admin API are written to the database and to this table at once; other instances on the same
 * database pick them up within {@code toolgate.limits.refresh-interval}.
 */
@Component
public class LimitTable implements SmartInitializingSingleton, DisposableBean {

	private static final Logger log = LoggerFactory.getLogger(LimitTable.class);

	private final LimitRepository repository;

	private final LimitsProperties properties;

	private volatile Map<String, StoredLimit> stored = new ConcurrentHashMap<>();

	private Disposable refresher;

	public LimitTable(LimitRepository repository, LimitsProperties properties) {
		this.repository = repository;
		this.properties = properties;
	}

	@Override
	public void afterSingletonsInstantiated() {
		// Start-up, not a request thread: one blocking read before the server takes traffic.
		replace(repository.allNow());
		refresher = Flux.interval(properties.refreshInterval())
			.onBackpressureDrop()
			.concatMap(tick -> repository.all().doOnNext(this::replace).onErrorResume(error -> {
				log.warn("Could not re-read the rate limits (keeping the last ones): {}", error.toString());
				return reactor.core.publisher.Mono.empty();
			}))
			.subscribe();
	}

	private void replace(List<StoredLimit> limits) {
		Map<String, StoredLimit> fresh = new ConcurrentHashMap<>();
		limits.forEach(limit -> fresh.put(id(limit.scope(), limit.subject()), limit));
		stored = fresh;
	}

	/** The limits of this caller's request for {@code model}: key, then user, then model. */
	public List<AppliedLimit> applicable(CurrentUser user, String model) {
		List<AppliedLimit> applied = new ArrayList<>(3);
		if (user.apiKeyId() != null) {
			add(applied, stored.get(id(LimitScope.KEY, user.apiKeyId())));
		}
		add(applied, stored.get(id(LimitScope.USER, user.id())));
		LimitSpec modelLimit = model == null ? null : properties.model(model);
		if (modelLimit != null) {
			applied.add(new AppliedLimit(LimitScope.MODEL, model, modelLimit));
		}
		return applied;
	}

	private static void add(List<AppliedLimit> applied, StoredLimit limit) {
		if (limit != null && !limit.spec().empty()) {
			applied.add(new AppliedLimit(limit.scope(), limit.subject(), limit.spec()));
		}
	}

	StoredLimit get(LimitScope scope, String subject) {
		return stored.get(id(scope, subject));
	}

	List<StoredLimit> all() {
		return List.copyOf(stored.values());
	}

	void put(StoredLimit limit) {
		stored.put(id(limit.scope(), limit.subject()), limit);
	}

	void remove(LimitScope scope, String subject) {
		stored.remove(id(scope, subject));
	}

	private static String id(LimitScope scope, String subject) {
		return scope.wire() + ":" + subject;
	}

	@Override
	public void destroy() {
		if (refresher != null) {
			refresher.dispose();
		}
	}
}
