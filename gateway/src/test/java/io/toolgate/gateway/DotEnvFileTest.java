package io.toolgate.gateway;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

class DotEnvFileTest {

	@Test
	void parsesVariableLinesAndMapsThemLikeEnvironmentVariables() {
		Map<String, Object> values = DotEnvFile.parse(List.of("# comment", "", "export TOOLGATE_ROUTING_MAX_ATTEMPTS=5",
				"TOOLGATE_UPSTREAMS_0_BASE_URL=\"http://gpu-box:11434\"", "SERVER_PORT=9090 # trailing comment",
				"not a line"));

		assertThat(values).containsOnlyKeys("TOOLGATE_ROUTING_MAX_ATTEMPTS", "TOOLGATE_UPSTREAMS_0_BASE_URL", "SERVER_PORT");

		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources().addFirst(new SystemEnvironmentPropertySource(DotEnvFile.SOURCE_NAME, values));
		ConfigurationPropertySources.attach(environment);
		Binder binder = Binder.get(environment);
		assertThat(binder.bind("toolgate.routing.max-attempts", Integer.class).get()).isEqualTo(5);
		assertThat(binder.bind("toolgate.upstreams[0].base-url", String.class).get()).isEqualTo("http://gpu-box:11434");
		assertThat(binder.bind("server.port", Integer.class).get()).isEqualTo(9090);
	}
}
