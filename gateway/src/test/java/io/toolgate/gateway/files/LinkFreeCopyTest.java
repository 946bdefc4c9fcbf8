package io.toolgate.gateway.files;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LinkFreeCopyTest {

	@TempDir
	Path dir;

	@Test
	void copiesAFileUnderNestedDirectories() throws IOException {
		Path root = Files.createDirectories(dir.resolve("workspace"));
		Files.createDirectories(root.resolve("runs/1"));
		Files.writeString(root.resolve("runs/1/chart.txt"), "data");
		Path target = dir.resolve("copy");
		LinkFreeCopy.copy(root, Path.of("runs/1/chart.txt"), target);
		assertThat(target).hasContent("data");
	}

	@Test
	void followsNoLinkAtAnyStep() throws IOException {
		Path root = Files.createDirectories(dir.resolve("workspace"));
		Path outside = Files.createDirectories(dir.resolve("host"));
		Files.writeString(outside.resolve("secret.txt"), "host secret");
		// A directory swapped for a link after a check, and a file that is itself a link.
		Files.createSymbolicLink(root.resolve("runs"), outside);
		Files.createSymbolicLink(root.resolve("secret.txt"), outside.resolve("secret.txt"));
		Path target = dir.resolve("copy");
		assertThatThrownBy(() -> LinkFreeCopy.copy(root, Path.of("runs/secret.txt"), target)).isInstanceOf(IOException.class);
		assertThatThrownBy(() -> LinkFreeCopy.copy(root, Path.of("secret.txt"), target)).isInstanceOf(IOException.class);
		assertThatThrownBy(() -> LinkFreeCopy.copy(root, Path.of("../host/secret.txt"), target))
			.isInstanceOf(IllegalArgumentException.class);
		assertThat(target).doesNotExist();
	}
}
