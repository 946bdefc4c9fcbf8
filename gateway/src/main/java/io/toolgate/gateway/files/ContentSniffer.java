package io.toolgate.gateway.files;

import java.io.IOException;
import java.nio.file.Path;

import org.apache.tika.Tika;
import org.apache.tika.detect.Detector;
import org.apache.tika.io.TikaInputStream;
import org.apache.tika.metadata.Metadata;
import org.apache.tika.metadata.TikaCoreProperties;
import org.apache.tika.mime.MediaType;

import org.springframework.stereotype.Component;

/**
 * Tells a file's media type from its bytes (Tika's magic numbers), with its name as a hint for formats that
 * look alike inside (a DOCX is a ZIP, a CSV is text). What a client declares is never asked: a PNG sent as
 * {@code text/plain} is an {@code image/png}.
 */
@Component
public class ContentSniffer {

	public static final String OCTET_STREAM = MediaType.OCTET_STREAM.toString();

	private final Detector detector = new Tika().getDetector();

	/** The base media type (no parameters), {@code application/octet-stream} when nothing matches. Blocks. */
	public String detect(Path file, String filename) throws IOException {
		Metadata metadata = new Metadata();
		if (filename != null && !filename.isBlank()) {
			metadata.set(TikaCoreProperties.RESOURCE_NAME_KEY, filename);
		}
		try (TikaInputStream in = TikaInputStream.get(file)) {
			return detector.detect(in, metadata).getBaseType().toString();
		}
	}
}
