package io.toolgate.gateway.knowledge;

import io.micrometer.observation.ObservationRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.ai.vectorstore.pgvector.PgVectorStore;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.JdbcTemplate;

/** Builds the vector store that {@code toolgate.knowledge.store} names. */
@Configuration(proxyBeanMethods = false)
class KnowledgeStoreConfiguration {

	private static final Logger log = LoggerFactory.getLogger(KnowledgeStoreConfiguration.class);

	@Bean
	CollectionVectors collectionVectors(KnowledgeProperties properties, KnowledgeEmbeddings embeddings,
			ObjectProvider<JdbcTemplate> jdbc, Environment environment, ObjectProvider<ObservationRegistry> observations) {
		// Spring AI observes every add, delete and search (metric db.vector.client.operation) given Boot's registry
		ObservationRegistry registry = observations.getIfAvailable(() -> ObservationRegistry.NOOP);
		PreparedEmbeddings prepared = new PreparedEmbeddings(embeddings.model(), embeddings.batching());
		if (properties.store() == KnowledgeProperties.StoreType.SIMPLE) {
			log.info("knowledge: vectors in {} (one file per collection), embeddings by {}",
					properties.vectorsDir().toAbsolutePath(), embeddings.modelId());
			return new SimpleCollectionVectors(properties.vectorsDir(), prepared, registry);
		}
		String url = environment.getProperty("spring.datasource.url", "");
		if (!url.startsWith("jdbc:postgresql:")) {
			throw new IllegalStateException("toolgate.knowledge.store=pgvector keeps vectors in the gateway's PostgreSQL "
					+ "database, but spring.datasource.url is '" + url + "'; configure PostgreSQL or use store: simple");
		}
		KnowledgeProperties.PgVector pg = properties.pgvector();
		if (pg.dimensions() <= 0 && !properties.embedding().builtin()) {
			// asking the upstream at start-up would tie the gateway's start to the upstream's health
			throw new IllegalStateException("toolgate.knowledge.store=pgvector with the upstream embedding model '"
					+ properties.embedding().model() + "' needs toolgate.knowledge.pgvector.dimensions (its vector size)");
		}
		PgVectorStore store = PgVectorStore.builder(jdbc.getObject(), prepared)
			.vectorTableName(pg.table())
			.dimensions(pg.dimensions() > 0 ? pg.dimensions() : MiniLmEmbeddingModel.DIMENSIONS)
			.distanceType(PgVectorStore.PgDistanceType.COSINE_DISTANCE)
			.indexType(PgVectorStore.PgIndexType.HNSW)
			.initializeSchema(pg.initializeSchema())
			.batchingStrategy(embeddings.batching())
			.observationRegistry(registry)
			.build();
		try {
			store.afterPropertiesSet();
		}
		catch (RuntimeException e) {
			throw new IllegalStateException("toolgate.knowledge.store=pgvector: cannot set up the table '" + pg.table()
					+ "' (the PostgreSQL server needs the pgvector extension installed, and the gateway's database user "
					+ "the right to CREATE EXTENSION vector, or create it beforehand): " + rootMessage(e), e);
		}
		log.info("knowledge: vectors in PostgreSQL table {} (pgvector), embeddings by {}", pg.table(),
				embeddings.modelId());
		return new PgCollectionVectors(store, prepared);
	}

	private static String rootMessage(Throwable error) {
		Throwable root = error;
		while (root.getCause() != null && root.getCause() != root) {
			root = root.getCause();
		}
		return root.getMessage();
	}
}
