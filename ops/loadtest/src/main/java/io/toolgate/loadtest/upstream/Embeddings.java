package io.toolgate.loadtest.upstream;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Base64;
import java.util.SplittableRandom;

/** Deterministic unit-length embedding vectors derived from the input text. */
final class Embeddings {

    private Embeddings() {
    }

    static float[] vector(String text, int dimensions) {
        long seed = 1125899906842597L;
        for (int i = 0; i < text.length(); i++) {
            seed = 31 * seed + text.charAt(i);
        }
        SplittableRandom random = new SplittableRandom(seed);
        float[] v = new float[dimensions];
        double norm = 0;
        for (int i = 0; i < dimensions; i++) {
            double x = random.nextDouble(-1.0, 1.0);
            v[i] = (float) x;
            norm += x * x;
        }
        norm = Math.sqrt(norm);
        if (norm > 0) {
            for (int i = 0; i < dimensions; i++) {
                v[i] = (float) (v[i] / norm);
            }
        }
        return v;
    }

    /** Little-endian float32 bytes, base64 encoded (OpenAI {@code encoding_format: "base64"}). */
    static String base64(float[] v) {
        ByteBuffer buf = ByteBuffer.allocate(v.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float f : v) {
            buf.putFloat(f);
        }
        return Base64.getEncoder().encodeToString(buf.array());
    }
}
