package io.toolgate.gateway.approval;

/**
 * The outcome of an approval: approved, denied, or expired (which counts as denied).
 *
 * @param approved whether the call may run
 * @param decidedBy the deciding user's name (null when it expired)
 * @param reason the reason given, or why it was denied
 */
public record Decision(boolean approved, String decidedBy, String reason) {

	public static Decision expired() {
		return new Decision(false, null, "no decision within the approval timeout");
	}

	/** What the model reads as the tool's result when the call was not run. */
	public String denialMessage() {
		if (decidedBy == null) {
			return "The call was not run: " + reason + ".";
		}
		return "denied by " + decidedBy + (reason == null || reason.isBlank() ? "" : ": " + reason);
	}
}
