package io.toolgate.gateway.sandbox;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The sandbox's settings: defaults of the resource limits, and users that could not work refused at start-up. */
class SandboxPropertiesTest {

	private static SandboxProperties withUser(String user) {
		return new SandboxProperties(true, "", null, true, user, null, 0, 0, null, true, null, null, 0, null, null,
				false, null, null, null, null, null, 0);
	}

	@Test
	void limitsDefaultToTheDocumentedValues() {
		SandboxProperties properties = withUser("");
		assertThat(properties.workspaceQuota()).isEqualTo(DataSize.ofGigabytes(1));
		assertThat(properties.minFreeDisk()).isEqualTo(DataSize.ofMegabytes(512));
		assertThat(properties.limitCheckInterval()).isEqualTo(Duration.ofMillis(500));
		assertThat(properties.cpuSaturationPeriod()).isEqualTo(Duration.ofMinutes(1));
		assertThat(properties.cpuCheckInterval()).isEqualTo(Duration.ofSeconds(10));
		assertThat(properties.execGidBase()).isEqualTo(1_900_001);
		assertThat(properties.cpus()).isEqualTo(1.0);
	}

	@Test
	void aUserNameOrAGroupAmongTheCommandGroupsIsRefused() {
		assertThat(withUser("2000000:2100000").user()).isEqualTo("2000000:2100000");
		assertThatThrownBy(() -> withUser("sandbox")).isInstanceOf(IllegalArgumentException.class)
			.hasMessageContaining("numeric uid");
		assertThatThrownBy(() -> withUser("1900000:1900005")).isInstanceOf(IllegalArgumentException.class)
			.hasMessageContaining("exec-gid-base");
	}
}
