package io.toolgate.gateway.upstream.llamacpp;

import java.lang.reflect.Field;
import java.nio.file.Path;

import de.kherud.llama.InferenceParameters;
import de.kherud.llama.LlamaIterator;
import de.kherud.llama.LlamaModel;
import de.kherud.llama.LlamaOutput;
import de.kherud.llama.ModelParameters;
import de.kherud.llama.args.MiroStat;

/** {@link NativeModel} on java-llama.cpp ({@code de.kherud:llama}). */
final class KherudNativeModel implements NativeModel {

	private final LlamaModel model;

	private final boolean addsBos;

	private KherudNativeModel(LlamaModel model, boolean addsBos) {
		this.model = model;
		this.addsBos = addsBos;
	}

	/**
	 * Loads a model. {@code chatTemplate} must be null or one of {@link ChatTemplates#BUILT_IN}: llama.cpp
	 * aborts the whole process on a template it does not know.
	 */
	static NativeModel load(Path file, GgufMetadata metadata, LlamaCppProperties settings) {
		ModelParameters parameters = new ModelParameters().setModel(file.toString())
			.setCtxSize(settings.contextSize() * settings.maxConcurrent())
			.setParallel(settings.maxConcurrent())
			.setThreads(settings.threads())
			.setThreadsBatch(settings.threads())
			.setGpuLayers(settings.gpuLayers())
			// The gateway keeps prompt + answer inside the context itself; shifting would silently drop text.
			.disableContextShift()
			.disablePerf()
			// The server part of llama.cpp logs per request to stdout; model-loading errors still reach SLF4J.
			.disableLog();
		if (settings.chatTemplate() != null) {
			parameters.setChatTemplate(settings.chatTemplate());
		}
		LlamaModel model = new LlamaModel(parameters);
		// When llama.cpp rejects its arguments it returns without a model instead of throwing; any later
		// call would then dereference a null pointer and kill the JVM.
		if (handle(model) == 0) {
			throw new IllegalStateException("llama.cpp did not accept the model parameters " + parameters);
		}
		return new KherudNativeModel(model, metadata.addsBos());
	}

	private static long handle(LlamaModel model) {
		try {
			Field ctx = LlamaModel.class.getDeclaredField("ctx");
			ctx.setAccessible(true);
			return ctx.getLong(model);
		}
		catch (ReflectiveOperationException | RuntimeException e) {
			// Cannot tell: a newer library may have renamed the field. Assume it loaded (it threw otherwise).
			return -1;
		}
	}

	@Override
	public String applyTemplate(String messagesJson) {
		return model.applyTemplate("{\"messages\":" + messagesJson + "}");
	}

	@Override
	public int countPromptTokens(String prompt) {
		// encode() tokenizes without special tokens; the completion adds BOS itself when the model wants one.
		return model.encode(prompt).length + (addsBos ? 1 : 0);
	}

	@Override
	public Generation generate(GenerationRequest request) {
		InferenceParameters parameters = new InferenceParameters(request.prompt()).setNPredict(request.maxTokens())
			.setTemperature((float) request.temperature())
			.setTopP((float) request.topP())
			.setTopK(request.topK())
			.setMinP((float) request.minP())
			.setRepeatPenalty((float) request.repeatPenalty())
			.setRepeatLastN(request.repeatLastN())
			.setPresencePenalty((float) request.presencePenalty())
			.setFrequencyPenalty((float) request.frequencyPenalty())
			.setMiroStat(switch (request.mirostat()) {
				case 1 -> MiroStat.V1;
				case 2 -> MiroStat.V2;
				default -> MiroStat.DISABLED;
			})
			.setMiroStatTau((float) request.mirostatTau())
			.setMiroStatEta((float) request.mirostatEta())
			.setCachePrompt(true);
		if (request.seed() != null) {
			parameters.setSeed(request.seed());
		}
		LlamaIterator iterator = model.generate(parameters).iterator();
		return new Generation() {

			@Override
			public boolean hasNext() {
				return iterator.hasNext();
			}

			@Override
			public Piece next() {
				LlamaOutput output = iterator.next();
				return new Piece(output.text, !iterator.hasNext());
			}

			@Override
			public void cancel() {
				iterator.cancel();
			}
		};
	}

	@Override
	public void close() {
		model.close();
	}
}
