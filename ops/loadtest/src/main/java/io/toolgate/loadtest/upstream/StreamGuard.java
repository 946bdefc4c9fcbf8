package io.toolgate.loadtest.upstream;

import java.util.concurrent.atomic.AtomicBoolean;

/** Tracks one streamed response so that a client going away before the end is counted exactly once. */
final class StreamGuard {

    private final AtomicBoolean finished = new AtomicBoolean();
    private final Runnable onCancel;

    StreamGuard(Runnable onCancel) {
        this.onCancel = onCancel;
    }

    /** The stream ended normally (or was cut on purpose): later cancellations are not counted. */
    void complete() {
        finished.set(true);
    }

    void cancel() {
        if (finished.compareAndSet(false, true)) {
            onCancel.run();
        }
    }
}
