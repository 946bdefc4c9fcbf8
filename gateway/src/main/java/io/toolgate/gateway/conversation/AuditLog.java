package io.toolgate.gateway.conversation;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.rolling.FixedWindowRollingPolicy;
import ch.qos.logback.core.rolling.RollingFileAppender;
import ch.qos.logback.core.rolling.SizeBasedTriggeringPolicy;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

import io.toolgate.gateway.openai.wire.ChatMessage;
import io.toolgate.gateway.openai.wire.Usage;

/**
 * Writes each finished turn (who, model, session, the new messages, the answer, usage) as one JSON line to a
 * size-capped, rotated file of its own, when {@code toolgate.audit.enabled}. Logback does the rotation; the
 * appender is set up here so the audit log stays separate from the application log whatever its configuration.
 */
@Component
public class AuditLog implements DisposableBean {

	private final AuditProperties properties;

	private final JsonMapper json;

	private final Logger logger;

	private final RollingFileAppender<ILoggingEvent> appender;

	public AuditLog(AuditProperties properties, JsonMapper json) {
		this.properties = properties;
		this.json = json;
		if (!properties.enabled()) {
			this.logger = null;
			this.appender = null;
			return;
		}
		LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
		PatternLayoutEncoder encoder = new PatternLayoutEncoder();
		encoder.setContext(context);
		encoder.setPattern("%msg%n");
		encoder.start();
		appender = new RollingFileAppender<>();
		appender.setContext(context);
		appender.setName("toolgate-audit");
		appender.setFile(properties.file());
		FixedWindowRollingPolicy rolling = new FixedWindowRollingPolicy();
		rolling.setContext(context);
		rolling.setParent(appender);
		rolling.setFileNamePattern(properties.file().replaceFirst("(\\.log)?$", ".%i.log"));
		rolling.setMinIndex(1);
		rolling.setMaxIndex(Math.max(1, properties.maxFiles()));
		rolling.start();
		SizeBasedTriggeringPolicy<ILoggingEvent> trigger = new SizeBasedTriggeringPolicy<>();
		trigger.setContext(context);
		trigger.setMaxFileSize(ch.qos.logback.core.util.FileSize.valueOf(properties.maxFileSize().toBytes() + ""));
		// Logback checks the size once a minute by default; a cap should hold per entry (the check is a stat).
		trigger.setCheckIncrement(ch.qos.logback.core.util.Duration.buildByMilliseconds(0));
		trigger.start();
		appender.setRollingPolicy(rolling);
		appender.setTriggeringPolicy(trigger);
		appender.setEncoder(encoder);
		appender.start();
		logger = context.getLogger("toolgate.audit");
		logger.setAdditive(false);
		logger.addAppender(appender);
	}

	public boolean enabled() {
		return logger != null;
	}

	/** Records one finished turn. */
	public void write(String userId, String username, String apiKeyId, String model, String sessionId,
			List<ChatMessage> messages, Usage usage, long at) {
		if (logger == null) {
			return;
		}
		Map<String, Object> entry = new LinkedHashMap<>();
		entry.put("at", at);
		entry.put("user_id", userId);
		entry.put("user", username);
		entry.put("api_key_id", apiKeyId);
		entry.put("model", model);
		entry.put("session_id", sessionId);
		entry.put("messages", messages);
		entry.put("usage", usage);
		String line = json.writeValueAsString(entry);
		if (line.length() > properties.maxEntryChars()) {
			// Keep the start of the entry, escaped inside the cut one; shrink it until the whole line fits.
			String full = line;
			Map<String, Object> cut = new LinkedHashMap<>(entry);
			cut.remove("messages");
			cut.put("truncated", true);
			int keep = properties.maxEntryChars();
			do {
				keep = keep * 3 / 4;
				cut.put("entry_prefix", full.substring(0, Math.min(full.length(), keep)));
				line = json.writeValueAsString(cut);
			}
			while (line.length() > properties.maxEntryChars() && keep > 0);
		}
		logger.info(line);
	}

	@Override
	public void destroy() {
		if (appender != null) {
			appender.stop();
		}
	}
}
