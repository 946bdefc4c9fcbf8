package io.toolgate.gateway;

import java.util.Map;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Liveness for load balancers and orchestrators: answers while the process serves HTTP, without a
 * credential and without touching the database or upstreams (readiness lives at /actuator/health).
 */
@RestController
public class HealthzController {

	private static final Map<String, String> OK = Map.of("status", "ok");

	@GetMapping("/healthz")
	public Map<String, String> healthz() {
		return OK;
	}
}
