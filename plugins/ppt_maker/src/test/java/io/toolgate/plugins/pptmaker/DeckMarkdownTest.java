package io.toolgate.plugins.pptmaker;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Where slides begin and end, as Marp splits them. */
class DeckMarkdownTest {

	@Test
	void countsSlidesAfterTheFrontMatterAndOutsideCodeFences() {
		DeckMarkdown deck = DeckMarkdown.of("---\nmarp: true\n---\n\n# One\n\n---\n\n## Two\n\n```yaml\na: 1\n\n---\n"
				+ "b: 2\n```\n\n***\n\nThree without heading\nSetext\n---\n");
		assertThat(deck.slideTitles()).containsExactly("One", "Two", "Three without heading");
		assertThat(deck.fileName()).isEqualTo("one");
	}

	@Test
	void stripsTheCodeFenceAModelWrapsAroundItsAnswer() {
		assertThat(DeckMarkdown.fromModel("```markdown\n# A\n\n---\n\n# B\n```").slideCount()).isEqualTo(2);
		assertThat(DeckMarkdown.fromModel("~~~\n# A\n~~~").text()).isEqualTo("# A\n");
	}

	@Test
	void refusesWhatCannotBeADeck() {
		assertThatThrownBy(() -> DeckMarkdown.of(" ")).hasMessageContaining("empty");
		assertThatThrownBy(() -> DeckMarkdown.of("---\n---\n")).hasMessageContaining("no slide content");
		assertThatThrownBy(() -> DeckMarkdown.fromModel("```\n```")).hasMessageContaining("empty");
		assertThatThrownBy(() -> DeckMarkdown.of("<!-- only a note -->\n\n")).hasMessageContaining("no slide content");
	}

	@Test
	void fileNamesAreSafe() {
		assertThat(DeckMarkdown.of("# ../../etc/Passwd: Ünïcode!").fileName()).isEqualTo("etc-passwd-n-code");
		assertThat(DeckMarkdown.of("plain text").fileName()).isEqualTo("plain-text");
	}
}
