package io.toolgate.gateway.tools;

/**
 * A file a tool call produced, stored as one of its caller's files.
 *
 * @param fileId the stored file's id
 * @param filename its name
 * @param bytes its size
 * @param mediaType its media type
 * @param url where its owner downloads it ({@code /v1/files/<id>/content})
 * @param sandboxPath where the owner's sandbox sees it ({@code /data/<id>/<name>})
 */
public record ToolArtifact(String fileId, String filename, long bytes, String mediaType, String url,
		String sandboxPath) {
}
