package io.toolgate.gateway;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Liveness for load balancers and orchestrators: answers while the process serves HTTP, without a
 * credential and without touching the database or upstreams (readiness lives at /actuator/health). Parts that
 * can fail without stopping the gateway (the sandbox) add a note.
 */
@RestController
public class HealthzController {

	private final List<HealthzNote> notes;

	public HealthzController(List<HealthzNote> notes) {
		this.notes = List.copyOf(notes);
	}

	@GetMapping("/healthz")
	public Map<String, String> healthz() {
		Map<String, String> body = new LinkedHashMap<>();
		body.put("status", "ok");
		for (HealthzNote note : notes) {
			body.put(note.name(), note.note());
		}
		return body;
	}
}
