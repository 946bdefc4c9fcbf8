package io.toolgate.gateway.upstream.llamacpp;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class StopSequencesTest {

	@Test
	void passesTextThroughWithoutStops() {
		StopSequences stops = new StopSequences(List.of());
		assertThat(stops.accept("hello")).isEqualTo("hello");
		assertThat(stops.matched()).isFalse();
		assertThat(stops.flush()).isEmpty();
	}

	@Test
	void cutsAtAStopSplitOverPieces() {
		StopSequences stops = new StopSequences(List.of("END"));
		assertThat(stops.accept("one E")).isEqualTo("one ");
		assertThat(stops.accept("N")).isEmpty();
		assertThat(stops.matched()).isFalse();
		assertThat(stops.accept("Dtwo")).isEmpty();
		assertThat(stops.matched()).isTrue();
		assertThat(stops.flush()).isEmpty();
	}

	@Test
	void releasesHeldTextThatTurnsOutNotToBeAStop() {
		StopSequences stops = new StopSequences(List.of("END"));
		assertThat(stops.accept("EN")).isEmpty();
		assertThat(stops.accept("x")).isEqualTo("ENx");
		assertThat(stops.accept("E")).isEmpty();
		assertThat(stops.flush()).isEqualTo("E");
	}

	@Test
	void earliestOfSeveralStopsWins() {
		StopSequences stops = new StopSequences(List.of("b", "a"));
		assertThat(stops.accept("xxab")).isEqualTo("xx");
		assertThat(stops.matched()).isTrue();
		assertThat(stops.accept("more")).isEmpty();
	}
}
