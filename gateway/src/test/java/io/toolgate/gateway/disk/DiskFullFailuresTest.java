package io.toolgate.gateway.disk;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.sqlite.SQLiteDataSource;

import org.springframework.jdbc.core.simple.JdbcClient;

import io.toolgate.gateway.openai.OpenAiErrors;
import io.toolgate.gateway.openai.OpenAiException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * What a really full disk throws (real SQLite, real file writes, on a real tmpfs filled to the brim) is answered as
 * 507 insufficient_storage naming the cause, never as a 500.
 */
class DiskFullFailuresTest {

	private SmallDisk disk;

	@BeforeEach
	void mount() throws Exception {
		disk = SmallDisk.mount(4);
	}

	@AfterEach
	void unmount() throws Exception {
		disk.close();
	}

	@Test
	void sqliteFullThroughSpringJdbcIsAnswered507() throws Exception {
		SQLiteDataSource source = new SQLiteDataSource();
		source.setUrl("jdbc:sqlite:" + disk.root().resolve("toolgate.db") + "?journal_mode=WAL");
		// One connection opened while there was room, as the gateway's pool holds them.
		try (var connection = source.getConnection()) {
			JdbcClient jdbc = JdbcClient.create(new org.springframework.jdbc.datasource.SingleConnectionDataSource(
					connection, true));
			jdbc.sql("CREATE TABLE t (v BLOB)").update();
			disk.fill("filler", 0);
			assertSqliteWritesAreAnswered507(jdbc);
		}
	}

	@Test
	void sqliteOpenedOnAFullDiskIsAnswered507() throws Exception {
		SQLiteDataSource source = new SQLiteDataSource();
		source.setUrl("jdbc:sqlite:" + disk.root().resolve("toolgate.db") + "?journal_mode=WAL");
		JdbcClient.create(source).sql("CREATE TABLE t (v BLOB)").update();
		disk.fill("filler", 0);
		// A new connection on a full disk fails to map its WAL index (SQLITE_IOERR_SHMSIZE), not with SQLITE_FULL.
		assertSqliteWritesAreAnswered507(JdbcClient.create(source));
	}

	private static void assertSqliteWritesAreAnswered507(JdbcClient jdbc) {
		Throwable failure = catchThrowable(() -> {
			for (int i = 0; i < 1000; i++) {
				jdbc.sql("INSERT INTO t VALUES (?)").params((Object) new byte[64 * 1024]).update();
			}
		});
		assertThat(failure).isNotNull();
		assertThat(rootCause(failure)).isInstanceOf(SQLException.class);

		assertAnswered507(failure);
	}

	@Test
	void noSpaceLeftOnDeviceFromAFileWriteIsAnswered507() throws Exception {
		disk.fill("filler", 0);
		Throwable failure = catchThrowable(() -> Files.write(disk.root().resolve("upload.part"), new byte[1024 * 1024]));
		assertThat(failure).hasMessageContaining("No space left on device");

		assertAnswered507(failure);
	}

	@Test
	void otherFailuresStayUnexpected() {
		OpenAiException answer = new OpenAiErrors().toOpenAi(new IllegalStateException("boom"));
		assertThat(answer.status().value()).isEqualTo(500);
	}

	private static void assertAnswered507(Throwable failure) {
		OpenAiException answer = new OpenAiErrors().toOpenAi(failure);
		assertThat(answer.status().value()).isEqualTo(507);
		assertThat(answer.type()).isEqualTo("server_error");
		assertThat(answer.code()).isEqualTo("insufficient_storage");
		assertThat(answer.getMessage()).contains("data disk is full").doesNotContain("/tmp");
	}

	private static Throwable rootCause(Throwable failure) {
		Throwable cause = failure;
		while (cause.getCause() != null) {
			cause = cause.getCause();
		}
		return cause;
	}
}
