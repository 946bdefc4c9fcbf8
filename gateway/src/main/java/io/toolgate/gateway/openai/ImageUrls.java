package io.toolgate.gateway.openai;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Base64;
import java.util.Locale;

import org.springframework.util.InvalidMimeTypeException;
import org.springframework.util.MimeType;

/**
 * What an {@code image_url.url} may be, checked before any upstream sees it: an absolute http(s) URL, or a data
 * URL {@code data:image/<type>;base64,<data>} whose data is valid base64. Anything else is the client's mistake
 * (a 400 naming the part), not a server failure later when the image is decoded.
 */
final class ImageUrls {

	private ImageUrls() {
	}

	static void check(String url, String param) {
		if (url.regionMatches(true, 0, "data:", 0, 5)) {
			data(url, param);
			return;
		}
		try {
			URI uri = new URI(url);
			String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
			if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
				throw invalid(param, "must be an http(s) URL or a base64 data URL (data:image/png;base64,...)");
			}
		}
		catch (URISyntaxException e) {
			throw invalid(param, "is not a valid URL (" + e.getReason() + ")");
		}
	}

	private static void data(String url, String param) {
		int comma = url.indexOf(',');
		if (comma < 0) {
			throw invalid(param, "is a data URL without data: expected data:image/<type>;base64,<data>");
		}
		String header = url.substring(5, comma);
		if (!header.toLowerCase(Locale.ROOT).endsWith(";base64")) {
			throw invalid(param, "must be a base64 data URL: data:image/<type>;base64,<data>");
		}
		String mime = header.substring(0, header.length() - ";base64".length());
		if (!mime.isEmpty()) {
			try {
				if (!"image".equalsIgnoreCase(MimeType.valueOf(mime).getType())) {
					throw invalid(param, "has media type '" + mime + "'; an image_url must hold an image");
				}
			}
			catch (InvalidMimeTypeException e) {
				throw invalid(param, "has an invalid media type '" + mime + "'");
			}
		}
		try {
			if (Base64.getDecoder().decode(url.substring(comma + 1)).length == 0) {
				throw invalid(param, "holds no image data");
			}
		}
		catch (IllegalArgumentException e) {
			throw invalid(param, "holds data that is not valid base64 (" + e.getMessage() + ")");
		}
	}

	private static OpenAiException invalid(String param, String why) {
		return OpenAiException.invalidRequest("'" + param + "' " + why + ".", param, "invalid_image_url");
	}
}
