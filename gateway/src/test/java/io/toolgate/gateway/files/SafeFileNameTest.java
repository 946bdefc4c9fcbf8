package io.toolgate.gateway.files;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Safe file names: one readable path segment, whatever a client or tool sends. */
class SafeFileNameTest {

	static String safe(String name) {
		return SafeFileName.of(name).value();
	}

	@Test
	void keepsOrdinaryNamesAsTheyAre() {
		assertThat(safe("Quarterly report (final).pdf")).isEqualTo("Quarterly report (final).pdf");
		assertThat(safe("Übersicht – März.xlsx")).isEqualTo("Übersicht – März.xlsx");
		assertThat(safe("archive.tar.gz")).isEqualTo("archive.tar.gz");
	}

	@Test
	void stripsDirectoriesDotsAndControlCharacters() {
		assertThat(safe("../../etc/passwd")).isEqualTo("passwd");
		assertThat(safe("C:\\Users\\eve\\secret.txt")).isEqualTo("secret.txt");
		assertThat(safe("..")).isEqualTo("file");
		assertThat(safe(".")).isEqualTo("file");
		assertThat(safe(".bashrc")).isEqualTo("bashrc");
		assertThat(safe("a..b...c")).isEqualTo("a.b.c");
		assertThat(safe("bell\u0007\u0000name\n.txt")).isEqualTo("bellname.txt");
		assertThat(safe("right\u202Eto-left.txt")).isEqualTo("rightto-left.txt");
		assertThat(safe("what?<x>|y*:\"z\".md")).isEqualTo("what__x__y___z_.md");
		assertThat(safe("  spaced   out  .txt  ")).isEqualTo("spaced out .txt");
		assertThat(safe("trailing dots...")).isEqualTo("trailing dots");
	}

	@Test
	void fallsBackToFileWhenNothingReadableIsLeft() {
		assertThat(safe(null)).isEqualTo("file");
		assertThat(safe("")).isEqualTo("file");
		assertThat(safe("/")).isEqualTo("file");
		assertThat(safe("???")).isEqualTo("file");
		assertThat(safe("\u0001\u0002")).isEqualTo("file");
	}

	@Test
	void shortensLongNamesKeepingTheExtension() {
		String name = safe("ä".repeat(300) + ".docx");
		assertThat(name).endsWith(".docx").startsWith("ää");
		assertThat(name.getBytes(java.nio.charset.StandardCharsets.UTF_8).length).isLessThanOrEqualTo(SafeFileName.MAX_BYTES);
	}
}
