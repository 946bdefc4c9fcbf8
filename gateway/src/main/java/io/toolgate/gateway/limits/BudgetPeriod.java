package io.toolgate.gateway.limits;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

/** How often a token budget starts afresh: at midnight UTC, or on the first of the month at midnight UTC. */
public enum BudgetPeriod {

	DAY, MONTH;

	/** The start of the period that contains {@code now}. */
	public Instant start(Instant now) {
		LocalDate day = LocalDate.ofInstant(now, ZoneOffset.UTC);
		return (this == DAY ? day : day.withDayOfMonth(1)).atStartOfDay(ZoneOffset.UTC).toInstant();
	}

	/** When the period that contains {@code now} ends and the budget resets. */
	public Instant end(Instant now) {
		LocalDate start = LocalDate.ofInstant(start(now), ZoneOffset.UTC);
		return (this == DAY ? start.plusDays(1) : start.plusMonths(1)).atStartOfDay(ZoneOffset.UTC).toInstant();
	}

	public String wire() {
		return name().toLowerCase(java.util.Locale.ROOT);
	}

	/** The period named {@code day} or {@code month}, or null for anything else. */
	public static BudgetPeriod fromWire(String value) {
		return switch (value) {
			case "day" -> DAY;
			case "month" -> MONTH;
			default -> null;
		};
	}
}
