package io.toolgate.gateway.upstream.llamacpp;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Reads and checks the header of a GGUF file in Java, so that a missing, truncated or foreign file is
 * reported clearly before the native library sees it (a bad file must never take the JVM down). Checks the
 * magic, the version, the metadata and the tensor table, and that the tensor data the table points at lies
 * inside the file.
 */
public final class GgufReader {

	private static final int MAGIC = 0x46554747; // "GGUF" little-endian

	private static final long MAX_STRING = 64L * 1024 * 1024;

	private static final long MAX_COUNT = 100_000_000L;

	/**
	 * A file that is not a usable GGUF model. The message names the file (for the log); {@link #reason()} says
	 * why without it, for clients, who must never see server paths.
	 */
	public static final class InvalidModelFileException extends Exception {

		private final String reason;

		public InvalidModelFileException(Path file, String reason) {
			super("file " + file + " " + reason);
			this.reason = reason;
		}

		/** Why the file is unusable, e.g. {@code "does not exist"}: no path in it. */
		public String reason() {
			return reason;
		}
	}

	public GgufMetadata read(Path file) throws InvalidModelFileException {
		if (!Files.exists(file)) {
			throw new InvalidModelFileException(file, "does not exist");
		}
		if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
			throw new InvalidModelFileException(file, "is not a readable regular file");
		}
		try (InputStream raw = Files.newInputStream(file)) {
			Le in = new Le(new DataInputStream(new BufferedInputStream(raw, 1 << 16)));
			if (in.u32() != MAGIC) {
				throw new InvalidModelFileException(file, "is not a GGUF model (wrong magic number)");
			}
			int version = in.u32();
			if (version < 2 || version > 3) {
				throw new InvalidModelFileException(file, "has GGUF version " + version + "; only versions 2 and 3 are supported");
			}
			long tensors = count(in.u64(), "tensor count", file);
			long kvs = count(in.u64(), "metadata count", file);
			Map<String, Object> values = new HashMap<>();
			for (long i = 0; i < kvs; i++) {
				String key = in.string();
				Object value = in.value(in.u32());
				if (value != null) {
					values.put(key, value);
				}
			}
			long alignment = values.get("general.alignment") instanceof Number n ? n.longValue() : 32;
			long dataEnd = 0;
			for (long i = 0; i < tensors; i++) {
				in.string();
				int dims = in.u32();
				if (dims < 0 || dims > 8) {
					throw new InvalidModelFileException(file, "is corrupt (tensor with " + dims + " dimensions)");
				}
				long elements = 1;
				for (int d = 0; d < dims; d++) {
					elements = Math.multiplyExact(elements, in.u64());
				}
				int type = in.u32();
				long offset = in.u64();
				dataEnd = Math.max(dataEnd, offset + Math.max(1, bytes(type, elements)));
			}
			long dataStart = (in.position + alignment - 1) / alignment * alignment;
			if (tensors > 0 && dataStart + dataEnd > Files.size(file)) {
				throw new InvalidModelFileException(file, "is truncated (its tensor data ends early)");
			}
			return new GgufMetadata(version, tensors, values);
		}
		catch (EOFException e) {
			throw new InvalidModelFileException(file, "is truncated or corrupt (unexpected end of file)");
		}
		catch (IllegalStateException | ArithmeticException e) {
			throw new InvalidModelFileException(file, "is corrupt (" + e.getMessage() + ")");
		}
		catch (IOException e) {
			throw new InvalidModelFileException(file, "cannot be read (" + e.getClass().getSimpleName() + ")");
		}
	}

	/** Bytes of a tensor of a common type, or 0 when the type is not known here (then only its start is checked). */
	private static long bytes(int type, long elements) {
		return switch (type) {
			case 0, 26 -> elements * 4; // F32, I32
			case 1, 25, 30 -> elements * 2; // F16, I16, BF16
			case 24 -> elements; // I8
			case 27, 28 -> elements * 8; // I64, F64
			case 2 -> elements / 32 * 18; // Q4_0
			case 3 -> elements / 32 * 20; // Q4_1
			case 6 -> elements / 32 * 22; // Q5_0
			case 7 -> elements / 32 * 24; // Q5_1
			case 8 -> elements / 32 * 34; // Q8_0
			case 10 -> elements / 256 * 84; // Q2_K
			case 11 -> elements / 256 * 110; // Q3_K
			case 12 -> elements / 256 * 144; // Q4_K
			case 13 -> elements / 256 * 176; // Q5_K
			case 14 -> elements / 256 * 210; // Q6_K
			default -> 0;
		};
	}

	private static long count(long value, String what, Path file) throws InvalidModelFileException {
		if (value < 0 || value > MAX_COUNT) {
			throw new InvalidModelFileException(file, "is corrupt (" + what + " " + value + ")");
		}
		return value;
	}

	/** Little-endian reads over a stream, tracking the position. */
	private static final class Le {

		private final DataInputStream in;

		long position;

		Le(DataInputStream in) {
			this.in = in;
		}

		int u32() throws IOException {
			position += 4;
			return Integer.reverseBytes(in.readInt());
		}

		long u64() throws IOException {
			position += 8;
			return Long.reverseBytes(in.readLong());
		}

		String string() throws IOException {
			long length = u64();
			if (length < 0 || length > MAX_STRING) {
				throw new IllegalStateException("string of length " + length);
			}
			byte[] bytes = in.readNBytes((int) length);
			if (bytes.length != length) {
				throw new EOFException();
			}
			position += length;
			return new String(bytes, StandardCharsets.UTF_8);
		}

		void skip(long bytes) throws IOException {
			in.skipNBytes(bytes);
			position += bytes;
		}

		/** A scalar value, or null for arrays (skipped: the vocabulary alone has tens of thousands of entries). */
		Object value(int type) throws IOException {
			switch (type) {
				case 0, 1 -> {
					position += 1;
					return (long) in.readByte();
				}
				case 2, 3 -> {
					position += 2;
					return (long) Short.reverseBytes(in.readShort());
				}
				case 4 -> {
					return Integer.toUnsignedLong(u32());
				}
				case 5 -> {
					return (long) u32();
				}
				case 6 -> {
					return (double) Float.intBitsToFloat(u32());
				}
				case 7 -> {
					position += 1;
					return in.readByte() != 0;
				}
				case 8 -> {
					return string();
				}
				case 9 -> {
					int itemType = u32();
					long items = u64();
					if (items < 0 || items > MAX_COUNT) {
						throw new IllegalStateException("array of " + items + " items");
					}
					int width = width(itemType);
					if (width > 0) {
						skip(items * width);
					}
					else {
						for (long i = 0; i < items; i++) {
							value(itemType);
						}
					}
					return null;
				}
				case 10, 11 -> {
					return u64();
				}
				case 12 -> {
					return Double.longBitsToDouble(u64());
				}
				default -> throw new IllegalStateException("unknown metadata type " + type);
			}
		}

		private static int width(int type) {
			return switch (type) {
				case 0, 1, 7 -> 1;
				case 2, 3 -> 2;
				case 4, 5, 6 -> 4;
				case 10, 11, 12 -> 8;
				default -> 0;
			};
		}
	}
}
