package io.toolgate.gateway.files.extract;

import java.nio.file.Path;
import java.util.Iterator;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * Images: format and size in pixels, read from the header by the JDK's image readers without decoding the
 * pixels. The picture itself is not described: a vision model needs it as an {@code image_url} part.
 */
final class ImageExtractor implements FormatExtractor {

	@Override
	public boolean accepts(String mediaType, String filename) {
		return mediaType.startsWith("image/");
	}

	@Override
	public void extract(Path file, String filename, Excerpt out, ExtractionBudget budget) throws Exception {
		String format = null;
		String size = null;
		try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
			Iterator<ImageReader> readers = in == null ? java.util.Collections.emptyIterator() : ImageIO.getImageReaders(in);
			if (readers.hasNext()) {
				ImageReader reader = readers.next();
				try {
					reader.setInput(in, true, true);
					format = reader.getFormatName().toUpperCase(java.util.Locale.ROOT);
					size = reader.getWidth(0) + " x " + reader.getHeight(0) + " pixels";
				}
				finally {
					reader.dispose();
				}
			}
		}
		out.line("Image" + (format == null ? "" : ", " + format) + (size == null ? " (its size could not be read)" : ", " + size)
				+ ".");
		out.line("The picture itself is not included; a model that can see images needs it as an image_url part.");
	}
}
