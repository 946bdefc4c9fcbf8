package io.toolgate.gateway.upstream;

import java.util.List;

/** Where a public model id can be served: each target is an upstream and the model's name there. */
public record ModelRoute(String id, List<Target> targets) {

	public record Target(RoutedUpstream upstream, String upstreamModel) {
	}
}
