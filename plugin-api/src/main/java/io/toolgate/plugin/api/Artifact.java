package io.toolgate.plugin.api;

import java.nio.file.Path;

/**
 * A file a tool produced, e.g. a chart or a slide deck.
 *
 * @param name the file name the user sees
 * @param mediaType its media type, e.g. {@code image/png}
 * @param file where the tool wrote it (inside its workspace); the gateway stores it for the user
 */
public record Artifact(String name, String mediaType, Path file) {
}
