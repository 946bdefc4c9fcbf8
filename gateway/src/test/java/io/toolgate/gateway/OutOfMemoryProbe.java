package io.toolgate.gateway;

import java.util.ArrayList;
import java.util.List;

/**
 * A program whose worker thread runs out of memory while its main thread would go on for a minute: what a gateway
 * with one exhausted pool looks like. Started by {@link ShippedJvmFlagsTest} with the shipped JVM flags.
 */
public final class OutOfMemoryProbe {

	private OutOfMemoryProbe() {
	}

	public static void main(String[] args) throws Exception {
		Thread hog = new Thread(() -> {
			List<long[]> held = new ArrayList<>();
			while (true) {
				held.add(new long[1024 * 1024]);
			}
		}, "hog");
		hog.start();
		hog.join();
		Thread.sleep(60_000); // without -XX:+ExitOnOutOfMemoryError the process lives on, half-working
	}
}
