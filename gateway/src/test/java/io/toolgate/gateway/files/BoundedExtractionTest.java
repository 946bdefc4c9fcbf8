package io.toolgate.gateway.files;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.toolgate.gateway.openai.OpenAiException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Extractions past their timeout are interrupted and reported to the model; failures too; refusals pass. */
class BoundedExtractionTest {

	final BoundedExtraction extraction = new BoundedExtraction(
			new FilesProperties(null, null, new FilesProperties.Attachments(0, Duration.ofMillis(300), 1, 0), null, null));

	@AfterEach
	void tearDown() {
		extraction.destroy();
	}

	@Test
	void aSlowExtractionIsStoppedAndReportedAsSuch() throws Exception {
		CountDownLatch interrupted = new CountDownLatch(1);
		String text = extraction.run("slow.pdf", () -> {
			try {
				Thread.sleep(60_000);
				return "never";
			}
			catch (InterruptedException e) {
				interrupted.countDown();
				throw e;
			}
		}).block(Duration.ofSeconds(30));
		assertThat(text).isEqualTo("(The content could not be extracted within 0.3 s.)");
		assertThat(interrupted.await(30, TimeUnit.SECONDS)).as("the worker was interrupted").isTrue();
	}

	@Test
	void aFailureBecomesANoteAndTheNextExtractionStillRuns() {
		assertThat(extraction.run("broken.docx", () -> {
			throw new java.io.IOException("not a zip file");
		}).block(Duration.ofSeconds(30))).isEqualTo("(The content could not be read: not a zip file)");
		assertThat(extraction.run("fine.txt", () -> "text").block(Duration.ofSeconds(30))).isEqualTo("text");
	}

	@Test
	void aRefusalForTheClientIsNotTurnedIntoANote() {
		assertThatThrownBy(() -> extraction.run("x", () -> {
			throw OpenAiException.invalidRequest("bad", "file");
		}).block(Duration.ofSeconds(30))).isInstanceOf(OpenAiException.class);
	}
}
