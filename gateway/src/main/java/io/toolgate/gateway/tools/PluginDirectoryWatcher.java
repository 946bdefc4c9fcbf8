package io.toolgate.gateway.tools;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Loads the plugin directory at start-up and then watches it, so that jars dropped in, replaced or removed take
 * effect without a restart.
 *
 * <p>Events are debounced: the host synchronises only after the directory has been quiet for
 * {@code toolgate.plugins.debounce}, so a jar being copied is read once it is complete. Only {@code *.jar} names
 * count; write to a hidden or differently named file and rename it for an atomic drop. Watching runs on its own
 * daemon thread and stops, and all plugins are unloaded, when the gateway shuts down.
 *
 * <p>Starts before the web server and stops after it (a lower phase), so the first request sees the plugins
 * present at start-up and requests still running at shutdown keep their tools.
 */
@Component
public class PluginDirectoryWatcher implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(PluginDirectoryWatcher.class);

	/** Retry interval when the plugin directory itself was deleted and must be watched anew. */
	private static final long REWATCH_MILLIS = 1000;

	private final PluginHost host;

	private final PluginProperties properties;

	private volatile boolean running;

	private WatchService watchService;

	private Thread thread;

	public PluginDirectoryWatcher(PluginHost host, PluginProperties properties) {
		this.host = host;
		this.properties = properties;
	}

	@Override
	public synchronized void start() {
		if (running) {
			return;
		}
		running = true;
		host.synchronize();
		log.info("Plugins from {}: {} started{}", host.pluginsDir(),
				host.plugins().stream().filter(p -> p.state() == PluginStatus.STARTED).count(),
				properties.watch() ? ", watching for changes" : "");
		if (!properties.watch()) {
			return;
		}
		thread = new Thread(this::watch, "toolgate-plugin-watcher");
		thread.setDaemon(true);
		thread.start();
	}

	@Override
	public void stop() {
		Thread watcher;
		synchronized (this) {
			running = false;
			watcher = thread;
			thread = null;
			closeWatchService();
		}
		// Joined outside the lock: the watcher takes it briefly when it registers anew.
		if (watcher != null) {
			watcher.interrupt();
			try {
				watcher.join(5000);
			}
			catch (InterruptedException e) {
				Thread.currentThread().interrupt();
			}
		}
		host.close();
	}

	@Override
	public boolean isRunning() {
		return running;
	}

	@Override
	public int getPhase() {
		// Boot's web server starts at DEFAULT_PHASE - 2048 and shuts down gracefully at DEFAULT_PHASE - 1024.
		return DEFAULT_PHASE - 4096;
	}

	private void watch() {
		while (running) {
			try {
				watchUntilTheDirectoryGoes();
			}
			catch (InterruptedException | ClosedWatchServiceException e) {
				return;
			}
			catch (IOException | RuntimeException e) {
				log.warn("Watching the plugin directory {} failed: {}; retrying", host.pluginsDir(), PluginHost.describe(e));
			}
			closeWatchService();
			try {
				Thread.sleep(REWATCH_MILLIS);
			}
			catch (InterruptedException e) {
				return;
			}
			host.synchronize(); // recreates the directory; jars removed with it are unloaded
		}
	}

	/** Returns when the watch key becomes invalid, that is when the directory was deleted or moved away. */
	private void watchUntilTheDirectoryGoes() throws IOException, InterruptedException {
		Path dir = host.pluginsDir();
		Files.createDirectories(dir);
		WatchService service = dir.getFileSystem().newWatchService();
		synchronized (this) {
			if (!running) {
				service.close();
				return;
			}
			watchService = service;
		}
		dir.register(service, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY,
				StandardWatchEventKinds.ENTRY_DELETE);
		// Anything that changed between the last synchronisation and registering is caught here.
		host.synchronize();
		long debounceNanos = properties.debounce().toNanos();
		long dueAt = 0;
		boolean pending = false;
		while (running) {
			WatchKey key = pending ? service.poll(Math.max(0, dueAt - System.nanoTime()), TimeUnit.NANOSECONDS)
					: service.take();
			if (key == null) {
				pending = false;
				host.synchronize();
				continue;
			}
			if (mattersToPlugins(key)) {
				pending = true;
				dueAt = System.nanoTime() + debounceNanos;
			}
			if (!key.reset()) {
				log.warn("The plugin directory {} is gone; its plugins are unloaded until it is back", dir);
				host.synchronize();
				return;
			}
		}
	}

	private static boolean mattersToPlugins(WatchKey key) {
		boolean matters = false;
		for (WatchEvent<?> event : key.pollEvents()) {
			if (event.kind() == StandardWatchEventKinds.OVERFLOW) {
				matters = true; // events were lost: a synchronisation looks at everything anyway
			}
			else if (event.context() instanceof Path name && PluginHost.isPluginJarName(name.toString())) {
				matters = true;
			}
		}
		return matters;
	}

	private synchronized void closeWatchService() {
		if (watchService != null) {
			try {
				watchService.close();
			}
			catch (IOException e) {
				log.debug("Closing the plugin watch service failed", e);
			}
			watchService = null;
		}
	}
}
