package io.toolgate.gateway.identity;

import java.util.List;

import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/** A verified request: the principal is the {@link CurrentUser}. */
public class ToolgateAuthentication extends AbstractAuthenticationToken {

	private final CurrentUser user;

	public ToolgateAuthentication(CurrentUser user) {
		super(List.of(new SimpleGrantedAuthority("ROLE_" + user.role().name())));
		this.user = user;
		setAuthenticated(true);
	}

	@Override
	public Object getCredentials() {
		return "";
	}

	@Override
	public CurrentUser getPrincipal() {
		return user;
	}
}
