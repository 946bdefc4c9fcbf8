package io.toolgate.plugins.clock;

import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.TextStyle;
import java.util.Locale;

import org.pf4j.Extension;

import io.toolgate.plugin.api.ApprovalMode;
import io.toolgate.plugin.api.Tool;
import io.toolgate.plugin.api.ToolCall;
import io.toolgate.plugin.api.ToolContext;
import io.toolgate.plugin.api.ToolResult;
import io.toolgate.plugin.api.ToolSpec;

/** The current date and time in an IANA time zone ({@code zone}, e.g. {@code Europe/Berlin}; default UTC). */
@Extension
public class ClockTool implements Tool {

	static final String SCHEMA = """
			{"type":"object","properties":{"zone":{"type":"string",\
			"description":"IANA time zone, e.g. Europe/Berlin or America/New_York. Default: UTC"}}}""";

	private final Clock clock;

	/** The tool as the gateway creates it: the system clock. */
	public ClockTool() {
		this(Clock.systemUTC());
	}

	/** A tool reading this clock (tests pin the time). */
	public ClockTool(Clock clock) {
		this.clock = clock;
	}

	@Override
	public ToolSpec spec() {
		return new ToolSpec("clock", "Tells the current date and time in a time zone.", SCHEMA, ApprovalMode.NEVER,
				Duration.ofSeconds(5));
	}

	@Override
	public ToolResult call(ToolCall call, ToolContext context) {
		String zoneName = call.string("zone", "UTC").strip();
		ZoneId zone;
		try {
			zone = ZoneId.of(zoneName.isEmpty() ? "UTC" : zoneName);
		}
		catch (DateTimeException e) {
			return ToolResult.error("unknown time zone '" + zoneName + "': use an IANA name such as Europe/Berlin");
		}
		ZonedDateTime now = ZonedDateTime.now(clock.withZone(zone));
		return ToolResult.text(now.format(DateTimeFormatter.ISO_OFFSET_DATE_TIME) + " " + zone.getId() + " ("
				+ now.getDayOfWeek().getDisplayName(TextStyle.FULL, Locale.ENGLISH) + ")");
	}
}
