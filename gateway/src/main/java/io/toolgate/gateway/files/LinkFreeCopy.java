package io.toolgate.gateway.files;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.util.Set;

/**
 * Copies a file that lies under a directory other parties can change at any time (a workspace the user's sandbox
 * container also writes) without following a link at any step: each directory is opened relative to the one
 * before it, and the file relative to the last, never by path (openat with O_NOFOLLOW, through the JDK's
 * {@link SecureDirectoryStream}). Checking a path first and copying it later would leave a moment in which a
 * directory could be swapped for a link to a host file.
 */
final class LinkFreeCopy {

	private LinkFreeCopy() {
	}

	/**
	 * @param root the trusted directory (its own path is not under another party's control)
	 * @param relative the file, relative to {@code root}
	 * @param target where to copy it (replaced)
	 * @throws IOException when a step is a link, the file is not a regular file, or it cannot be read
	 */
	static void copy(Path root, Path relative, Path target) throws IOException {
		if (relative.isAbsolute() || relative.getNameCount() == 0 || relative.normalize().startsWith("..")) {
			throw new IllegalArgumentException("not a path inside the directory: " + relative);
		}
		DirectoryStream<Path> opened = Files.newDirectoryStream(root);
		if (!(opened instanceof SecureDirectoryStream<Path> secure)) {
			opened.close();
			throw new IOException("this platform cannot open files without following links");
		}
		SecureDirectoryStream<Path> current = secure;
		try {
			for (int i = 0; i < relative.getNameCount() - 1; i++) {
				SecureDirectoryStream<Path> next = current.newDirectoryStream(relative.getName(i), LinkOption.NOFOLLOW_LINKS);
				current.close();
				current = next;
			}
			Path name = relative.getFileName();
			boolean regular = current.getFileAttributeView(name, BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
				.readAttributes()
				.isRegularFile();
			if (!regular) {
				throw new IOException("'" + name + "' is not a regular file");
			}
			try (SeekableByteChannel channel = current.newByteChannel(name,
					Set.of(StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS));
					InputStream in = Channels.newInputStream(channel)) {
				Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
			}
		}
		finally {
			current.close();
		}
	}
}
