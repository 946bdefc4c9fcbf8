package io.toolgate.gateway.tools;

import org.springframework.stereotype.Repository;
import reactor.core.publisher.Mono;

import io.toolgate.gateway.JdbcExecutor;

/** Every tool invocation: who, which tool, a hash of the arguments, outcome, result size and duration. */
@Repository
public class ToolInvocationRepository {

	private final JdbcExecutor db;

	public ToolInvocationRepository(JdbcExecutor db) {
		this.db = db;
	}

	/** One recorded invocation; {@code outcome} is completed, failed, timeout, denied or not_offered. */
	public record Invocation(String turnId, String userId, String sessionId, String tool, String toolCallId,
			String argumentsSha256, String outcome, int resultChars, long durationMs, long at) {
	}

	public Mono<Void> record(Invocation invocation) {
		return db.write(() -> db.jdbc()
			.sql("INSERT INTO tool_invocations (turn_id, user_id, session_id, tool, tool_call_id, arguments_sha256, outcome,"
					+ " result_chars, duration_ms, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
			.params(invocation.turnId(), invocation.userId(), invocation.sessionId(), invocation.tool(),
					invocation.toolCallId(), invocation.argumentsSha256(), invocation.outcome(), invocation.resultChars(),
					invocation.durationMs(), invocation.at())
			.update()).then();
	}
}
