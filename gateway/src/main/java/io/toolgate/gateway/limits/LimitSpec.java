package io.toolgate.gateway.limits;

/**
 * The limits of one key, user or model. Each part is optional: null means no limit of that kind.
 *
 * @param requestsPerMinute requests per minute (a bucket that refills continuously)
 * @param tokensPerMinute prompt plus completion tokens per minute (estimated when admitted, settled from usage)
 * @param tokenBudget prompt plus completion tokens per {@code budgetPeriod}
 * @param budgetPeriod the period of the budget; null with a budget means a month
 */
public record LimitSpec(Long requestsPerMinute, Long tokensPerMinute, Long tokenBudget, BudgetPeriod budgetPeriod) {

	public boolean empty() {
		return requestsPerMinute == null && tokensPerMinute == null && tokenBudget == null;
	}

	public BudgetPeriod period() {
		return budgetPeriod == null ? BudgetPeriod.MONTH : budgetPeriod;
	}
}
