package io.toolgate.gateway.conversation;

import org.springframework.util.unit.DataSize;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The prompt/response audit log ({@code toolgate.audit}), off by default: it holds what users wrote.
 *
 * @param enabled whether each finished turn is written to the audit log
 * @param file the log file; rotated files get an index ({@code audit.1.log}, ...)
 * @param maxFileSize size at which the file is rotated
 * @param maxFiles how many rotated files are kept
 * @param maxEntryChars longest entry; longer ones are cut, with a note saying so
 */
@ConfigurationProperties("toolgate.audit")
public record AuditProperties(boolean enabled, String file, DataSize maxFileSize, int maxFiles, int maxEntryChars) {
}
