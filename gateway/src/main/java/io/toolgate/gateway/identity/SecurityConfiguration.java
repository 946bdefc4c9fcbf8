package io.toolgate.gateway.identity;

import java.time.Clock;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.context.NoOpServerSecurityContextRepository;

/**
 * Every endpoint needs a credential (an API key or a bearer JWT) except health, sign-in and sign-up (which
 * checks for itself whether sign-up is open). Stateless: no sessions, no cookies, no CSRF.
 */
@Configuration
public class SecurityConfiguration {

	@Bean
	SecurityWebFilterChain securityWebFilterChain(ServerHttpSecurity http, BearerAuthenticationManager bearer,
			OpenAiSecurityErrors errors) {
		return http.csrf(ServerHttpSecurity.CsrfSpec::disable)
			.httpBasic(ServerHttpSecurity.HttpBasicSpec::disable)
			.formLogin(ServerHttpSecurity.FormLoginSpec::disable)
			.logout(ServerHttpSecurity.LogoutSpec::disable)
			.securityContextRepository(NoOpServerSecurityContextRepository.getInstance())
			.authorizeExchange(exchanges -> exchanges
				.pathMatchers("/healthz", "/actuator/health", "/actuator/health/**").permitAll()
				.pathMatchers(HttpMethod.POST, "/api/auth/login", "/api/auth/signup").permitAll()
				.pathMatchers("/api/users", "/api/users/{id}").hasRole(Role.ADMIN.name())
				.anyExchange().authenticated())
			.oauth2ResourceServer(oauth -> oauth.authenticationManagerResolver(exchange -> reactor.core.publisher.Mono.just(bearer))
				.authenticationEntryPoint(errors)
				.accessDeniedHandler(errors))
			.exceptionHandling(handling -> handling.authenticationEntryPoint(errors).accessDeniedHandler(errors))
			.build();
	}

	/** Password hashing: BCrypt at its default cost (10). */
	@Bean
	PasswordEncoder passwordEncoder() {
		return new BCryptPasswordEncoder();
	}

	@Bean
	Clock clock() {
		return Clock.systemUTC();
	}
}
